package io.hookline.jmx.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
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
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import org.junit.Before;
import org.junit.Test;

/**
 * The Cluster bean in a real MBean server: open types only, nulls as "" and empty arrays, every
 * attribute from a fresh snapshot, operations refused to an authenticated caller without admin and
 * audited either way.
 */
public class ClusterBeanTest {

    private final List<String> forgotten = new ArrayList<>();
    private int syncs;
    private ClusterStatusDTO status = status();
    private final ClusterRuntime runtime = new ClusterRuntime() {
        @Override
        public ClusterStatusDTO status() {
            return status;
        }

        @Override
        public List<String> sync() {
            syncs++;
            return List.of("B", "C");
        }

        @Override
        public boolean forget(String member) {
            if (status.members.contains(member)) {
                throw new IllegalArgumentException("member " + member + " is in the current view");
            }
            forgotten.add(member);
            return status.knownMembers.contains(member);
        }
    };
    private final Fakes.Audit audit = new Fakes.Audit();
    private MBeanServer server;
    private ObjectName name;

    private static ClusterStatusDTO status() {
        ClusterStatusDTO s = new ClusterStatusDTO();
        s.clusterName = "hookline";
        s.node = "A";
        s.members = List.of("A", "B");
        s.coordinator = "A";
        s.viewId = 7;
        s.knownMembers = List.of("A", "B", "C");
        s.missingMembers = List.of("C");
        s.partitioned = true;
        s.partitionPolicy = "deny-minority";
        s.collections = List.of("plugins", "installs");
        s.published = 12;
        s.merged = 30;
        s.health = "PARTITIONED: missing C";
        return s;
    }

    @Before
    public void register() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        name = new ObjectName(HooklineMBeans.CLUSTER);
        server.registerMBean(MBeanServices.mxbean(new ClusterBean(runtime, () -> audit), ClusterMXBean.class), name);
    }

    @Test
    public void attributesAreOpenTypesReadFromAFreshSnapshot() throws Exception {
        assertArrayEquals(new String[] {"A", "B"}, (String[]) server.getAttribute(name, "Members"));
        assertArrayEquals(new String[] {"C"}, (String[]) server.getAttribute(name, "MissingMembers"));
        assertEquals(Boolean.TRUE, server.getAttribute(name, "Partitioned"));
        assertEquals("PARTITIONED: missing C", server.getAttribute(name, "Health"));
        assertEquals(7L, server.getAttribute(name, "ViewId"));
        assertEquals("deny-minority", server.getAttribute(name, "PartitionPolicy"));
        for (var a : server.getMBeanInfo(name).getAttributes()) {
            assertTrue(a.getName() + " is " + a.getType(), Set.of("java.lang.String", "[Ljava.lang.String;", "long",
                    "int", "boolean").contains(a.getType()));
        }
        // the partition heals: the next read says so
        ClusterStatusDTO whole = status();
        whole.members = List.of("A", "B", "C");
        whole.missingMembers = List.of();
        whole.partitioned = false;
        whole.health = "OK";
        whole.lastRefusal = null;
        status = whole;
        ClusterMXBean proxy = JMX.newMXBeanProxy(server, name, ClusterMXBean.class);
        assertEquals("OK", proxy.getHealth());
        assertEquals(0, proxy.getMissingMembers().length);
        assertEquals("null is \"\"", "", proxy.getLastRefusal());
        whole.missingMembers = null;
        assertEquals("null is an empty array", 0, proxy.getMissingMembers().length);
    }

    @Test
    public void theAttributesCannotBeWritten() throws Exception {
        try {
            server.setAttribute(name, new Attribute("Health", "OK"));
            fail("Health was written");
        } catch (javax.management.AttributeNotFoundException expected) {
            // read-only
        }
    }

    @Test
    public void syncAndForgetRunForAnAdminAndAreAudited() throws Exception {
        String[] asked = (String[]) as(subject("karaf", "admin"),
                () -> invoke("sync", new Object[0], new String[0]));
        assertArrayEquals(new String[] {"B", "C"}, asked);
        assertEquals(1, syncs);
        assertEquals(Boolean.TRUE, as(subject("karaf", "admin"),
                () -> invoke("forget", new Object[] {" C "}, new String[] {String.class.getName()})));
        assertEquals(List.of("C"), forgotten);
        assertEquals(2, audit.entries.size());
        assertEquals("cluster.sync", audit.entries.get(0).action());
        assertEquals("jmx:karaf", audit.entries.get(0).who());
        assertEquals(AuditEntry.OK, audit.entries.get(0).result());
        assertEquals("cluster.forget", audit.entries.get(1).action());
        assertEquals("member:C", audit.entries.get(1).plugin());
    }

    @Test
    public void aViewerIsRefusedNamingTheRoleAndNothingRuns() throws Exception {
        for (String op : List.of("sync", "forget")) {
            Object[] args = op.equals("sync") ? new Object[0] : new Object[] {"C"};
            String[] sig = op.equals("sync") ? new String[0] : new String[] {String.class.getName()};
            RuntimeException e = as(subject("viewer", "viewer"), () -> {
                try {
                    invoke(op, args, sig);
                    return null;
                } catch (RuntimeException refused) {
                    return refused;
                }
            });
            assertTrue(op + ": " + e, e instanceof SecurityException);
            assertEquals("cluster." + op + " needs the role 'admin'; user 'viewer' does not have it", e.getMessage());
        }
        assertEquals(0, syncs);
        assertTrue(forgotten.isEmpty());
        assertEquals(2, audit.entries.size());
        assertTrue(audit.entries.stream().allMatch(a -> a.result().equals(AuditEntry.REFUSED) && a.who().equals("jmx:viewer")));
    }

    @Test
    public void forgettingAMemberOfTheViewOrNobodyIsRefusedWithTheReason() throws Exception {
        RuntimeException inView = refusal(() -> invoke("forget", new Object[] {"B"}, new String[] {String.class.getName()}));
        assertEquals(IllegalArgumentException.class, inView.getClass());
        assertEquals("member B is in the current view", inView.getMessage());
        RuntimeException blank = refusal(() -> invoke("forget", new Object[] {" "}, new String[] {String.class.getName()}));
        assertEquals("forget needs a member name; none was given", blank.getMessage());
        assertTrue(forgotten.isEmpty());
        assertEquals(List.of(AuditEntry.REFUSED, AuditEntry.REFUSED), audit.entries.stream().map(a -> a.result()).toList());
    }

    @Test
    public void aFailingClusterBecomesAnIllegalStateExceptionWithoutItsClass() throws Exception {
        ClusterRuntime broken = new ClusterRuntime() {
            @Override
            public ClusterStatusDTO status() {
                return status;
            }

            @Override
            public List<String> sync() {
                throw new UnsupportedOperationException("channel closed");
            }

            @Override
            public boolean forget(String member) {
                return false;
            }
        };
        ClusterMXBean bean = new ClusterBean(broken, () -> null); // and no audit log: nothing to write
        try {
            bean.sync();
            fail("sync of a broken cluster returned");
        } catch (IllegalStateException e) {
            assertEquals("cluster.sync failed: java.lang.UnsupportedOperationException: channel closed", e.getMessage());
            assertEquals(null, e.getCause());
        }
    }

    private Object invoke(String op, Object[] args, String[] sig) {
        try {
            return server.invoke(name, op, args, sig);
        } catch (MBeanException e) {
            throw (RuntimeException) e.getCause();
        } catch (javax.management.RuntimeMBeanException e) {
            throw e.getTargetException();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RuntimeException refusal(java.util.function.Supplier<Object> call) {
        try {
            call.get();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("not refused");
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
}
