package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.support.CommandException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Operator verbs are audited (issue 8 item 20: every operator verb on plugins, with the
 * authenticated subject), refusals included, and {@code hook:audit} reads them back.
 */
public class OperatorAuditTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;

    /** An append-only log in memory with the store's query semantics (oldest first, newest {@code limit}). */
    private static final class ListLog implements AuditLog {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public AuditEntry append(AuditEntry entry) {
            AuditEntry stored = entry.toBuilder().id("a" + entries.size())
                    .when(entry.when() == 0 ? System.currentTimeMillis() : entry.when()).build();
            entries.add(stored);
            return stored;
        }

        @Override
        public List<AuditEntry> entries(AuditQuery query) {
            List<AuditEntry> all = entries.stream().filter(query::matches).toList();
            return all.subList(Math.max(0, all.size() - query.limit()), all.size());
        }
    }

    @Before
    public void capture() {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @After
    public void restore() {
        System.setOut(savedOut);
    }

    private static PluginAdmin admin() {
        return (PluginAdmin) Proxy.newProxyInstance(OperatorAuditTest.class.getClassLoader(),
                new Class<?>[] {PluginAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("stop")) {
                        if (!"welcome".equals(args[0])) {
                            throw new IllegalArgumentException("unknown plugin '" + args[0] + "'");
                        }
                        PluginDTO p = new PluginDTO();
                        p.name = "welcome";
                        p.event = "user_registered";
                        p.status = PluginStatus.STOPPED;
                        p.statusReason = "stopped by operator";
                        return p;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Subject user(String name) {
        return new Subject(true, Set.of(new UserPrincipal(name)), Set.of(), Set.of());
    }

    @SuppressWarnings("removal")
    private static void as(Subject s, PrivilegedExceptionAction<Object> action) throws Exception {
        Subject.doAs(s, action);
    }

    @Test
    public void aStopIsAuditedWithTheAuthenticatedUserAndARefusalToo() throws Exception {
        ListLog log = new ListLog();
        StopPlugin stop = new StopPlugin();
        stop.admin = admin();
        stop.audit = log;
        stop.plugin = "welcome";
        as(user("alice"), stop::execute);

        StopPlugin bad = new StopPlugin();
        bad.admin = admin();
        bad.audit = log;
        bad.plugin = "nope";
        try {
            as(user("mallory"), bad::execute);
            fail("an unknown plugin is refused");
        } catch (java.security.PrivilegedActionException e) {
            assertTrue(e.getCause() instanceof CommandException);
        }

        assertEquals(2, log.entries.size());
        AuditEntry ok = log.entries.get(0);
        assertEquals("shell:alice", ok.who());
        assertEquals("plugin.stop", ok.action());
        assertEquals("welcome", ok.plugin());
        assertEquals(AuditEntry.OK, ok.result());
        AuditEntry refused = log.entries.get(1);
        assertEquals("shell:mallory", refused.who());
        assertEquals(AuditEntry.REFUSED, refused.result());
        assertTrue(refused.reason(), refused.reason().contains("unknown plugin 'nope'"));
    }

    @Test
    public void withoutASubjectTheUserIsUnknownNotTheSessionVariable() throws Exception {
        ListLog log = new ListLog();
        StopPlugin stop = new StopPlugin();
        stop.admin = admin();
        stop.audit = log;
        stop.plugin = "welcome";
        stop.execute();
        assertEquals("shell:unknown", log.entries.get(0).who());
    }

    @Test
    public void hookAuditListsPluginVerbsOnlyAndFiltersByPlugin() throws Exception {
        ListLog log = new ListLog();
        log.append(AuditEntry.builder().who("shell:admin").action("install").app("vip").result("ok").build());
        log.append(AuditEntry.builder().who("shell:alice").action("plugin.stop").plugin("welcome").result("ok").build());
        log.append(AuditEntry.builder().who("shell:bob").action("plugin.enable").plugin("other\u001b[31m").result("ok").build());
        ShowAudit show = new ShowAudit();
        show.audit = log;
        show.plugin = "welcome";
        show.execute();
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("shell:alice") && text.contains("plugin.stop") && text.contains("welcome"));
        assertTrue(text, !text.contains("install") && !text.contains("bob"));

        out.reset();
        ShowAudit all = new ShowAudit();
        all.audit = log;
        all.execute();
        text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("shell:bob") && !text.contains("\u001b"));
        assertTrue(text, !text.contains("vip"));
    }

    @Test
    public void sinceAcceptsInstantsDatesAndAgesAndNamesTheFormsOtherwise() {
        long now = 1_000_000_000_000L;
        assertEquals(now - 30 * 60_000L, ShowAudit.since("30m", now));
        assertEquals(java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), ShowAudit.since("2026-12-01T10:00:00Z", now));
        assertEquals(java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), ShowAudit.since("2026-12-01", now));
        try {
            ShowAudit.since("yesterday", now);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("yesterday") && e.getMessage().contains("30m"));
        }
    }
}
