package io.hookline.jmx.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.cluster.ClusterRuntime;
import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.jmx.ClusterMXBean;
import io.hookline.jmx.HooklineMBeans;
import io.hookline.store.audit.AuditEntry;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import org.junit.Before;
import org.junit.Test;

/**
 * Attacks on the Cluster bean in a real MBean server, past ClusterBeanTest: a viewer reading
 * everything, arguments of the wrong open type or signature, a member name of a megabyte or with
 * line breaks, forgetting nobody.
 */
public class ClusterBeanAttackTest {

    private final List<String> forgotten = new ArrayList<>();
    private int syncs;
    private int reads;
    private final ClusterRuntime runtime = new ClusterRuntime() {
        @Override
        public ClusterStatusDTO status() {
            reads++;
            ClusterStatusDTO s = new ClusterStatusDTO();
            s.node = "A";
            s.members = List.of("A", "B");
            s.knownMembers = List.of("A", "B", "C");
            return s;
        }

        @Override
        public List<String> sync() {
            syncs++;
            return List.of("B");
        }

        @Override
        public boolean forget(String member) {
            forgotten.add(member);
            return member.equals("C");
        }
    };
    private final Fakes.Audit audit = new Fakes.Audit();
    private MBeanServer server;
    private ObjectName name;

    @Before
    public void register() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        name = new ObjectName(HooklineMBeans.CLUSTER);
        server.registerMBean(MBeanServices.mxbean(new ClusterBean(runtime, () -> audit), ClusterMXBean.class), name);
    }

    private static Subject subject(String user, String role) {
        Subject s = new Subject();
        s.getPrincipals().add(new Fakes.UserPrincipal(user));
        s.getPrincipals().add(new Fakes.RolePrincipal(role));
        return s;
    }

    @SuppressWarnings("removal")
    private static <T> T as(Subject subject, PrivilegedAction<T> action) {
        return Subject.doAs(subject, action);
    }

    private Object invoke(String op, Object[] args, String[] sig) {
        try {
            return server.invoke(name, op, args, sig);
        } catch (javax.management.MBeanException e) {
            throw (RuntimeException) e.getCause();
        } catch (javax.management.RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (javax.management.ReflectionException e) {
            throw new IllegalArgumentException("reflection: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private RuntimeException refusal(Subject who, String op, Object[] args, String[] sig) {
        return as(who, () -> {
            try {
                invoke(op, args, sig);
            } catch (RuntimeException e) {
                return e;
            }
            fail(op + " was not refused");
            return null;
        });
    }

    private static final String[] STRING = {String.class.getName()};

    /**
     * A viewer reads every attribute, one by one and all at once: each read is a status snapshot
     * and nothing else; no operation ran and nothing was audited.
     */
    @Test
    public void aViewerReadingEveryAttributeRunsNothingAndWritesNothing() throws Exception {
        Subject viewer = subject("viewer", "viewer");
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            names.add(a.getName());
        }
        as(viewer, () -> {
            try {
                for (String n : names) {
                    server.getAttribute(name, n);
                }
                server.getAttributes(name, names.toArray(String[]::new));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertEquals(2 * names.size(), reads);
        assertEquals(0, syncs);
        assertTrue(forgotten.isEmpty());
        assertTrue(audit.entries.isEmpty());
    }

    /** Arguments of another type or signature never reach the cluster, whoever sends them. */
    @Test
    public void argumentsOfAnotherTypeOrSignatureNeverReachTheCluster() {
        Subject admin = subject("karaf", "admin");
        refusal(admin, "forget", new Object[] {42}, STRING);
        refusal(admin, "forget", new Object[] {new String[] {"C"}}, new String[] {String[].class.getName()});
        refusal(admin, "forget", new Object[] {"C", "D"}, new String[] {String.class.getName(), String.class.getName()});
        refusal(admin, "sync", new Object[] {"B"}, STRING);
        refusal(subject("viewer", "viewer"), "forget", new Object[] {42}, STRING);
        assertEquals(0, syncs);
        assertTrue(forgotten.isEmpty());
    }

    /**
     * No member is called a megabyte or has a line break in its name: such an argument is refused
     * as what it is, before the cluster is asked, and its audit entry (replicated to every node:
     * {@code audit} is a replicated collection) carries a shortened, printable copy, not the
     * megabyte. Failed before: the call returned false and wrote the whole megabyte as the audit
     * entry's target, as it would for a viewer's refused call.
     */
    @Test
    public void aMemberNameOfAMegabyteOrWithLineBreaksIsRefusedAndAuditedShort() {
        String huge = "x".repeat(1 << 20);
        for (Subject who : List.of(subject("karaf", "admin"), subject("viewer", "viewer"))) {
            for (String bad : List.of(huge, "C\n2026-01-01 karaf plugin.stop OK", "C\u0000")) {
                RuntimeException e = refusal(who, "forget", new Object[] {bad}, STRING);
                assertTrue(e.getClass().getName(), e instanceof IllegalArgumentException || e instanceof SecurityException);
                assertTrue("message of " + e.getMessage().length() + " chars", e.getMessage().length() < 400);
            }
        }
        assertTrue("the cluster was asked to forget " + forgotten.size() + " such names", forgotten.isEmpty());
        assertEquals(6, audit.entries.size());
        for (AuditEntry entry : audit.entries) {
            assertEquals(AuditEntry.REFUSED, entry.result());
            assertTrue("an audit target of " + entry.plugin().length() + " chars", entry.plugin().length() <= 200);
            assertFalse("a line break in an audit target", entry.plugin().contains("\n") || entry.plugin().contains("\u0000"));
        }
    }

    /**
     * Forgetting a member nobody knows returns false, and the audit entry says that nothing was
     * forgotten rather than a bare OK. Failed before: OK with no reason, the same entry as a
     * member actually forgotten.
     */
    @Test
    public void forgettingNobodySaysSoInTheAuditEntry() {
        assertEquals(Boolean.FALSE, as(subject("karaf", "admin"), () -> invoke("forget", new Object[] {"Z"}, STRING)));
        assertEquals(Boolean.TRUE, as(subject("karaf", "admin"), () -> invoke("forget", new Object[] {"C"}, STRING)));
        assertEquals(List.of("Z", "C"), forgotten);
        assertEquals(AuditEntry.OK, audit.entries.get(0).result());
        assertEquals("Z was not a known member", audit.entries.get(0).reason());
        assertEquals("", audit.entries.get(1).reason());
    }
}
