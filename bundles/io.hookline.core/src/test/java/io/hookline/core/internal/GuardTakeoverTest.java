package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import io.hookline.event.admin.PluginStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A guard cannot be displaced by ranking games: a registration of a critical plugin's name with a
 * higher {@code service.ranking} (not critical, on another event, or from a bundle the access
 * policy refuses) never leaves the guarded event running without its guard.
 */
public class GuardTakeoverTest {

    private static final AtomicLong IDS = new AtomicLong(50_000);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
    }

    @After
    public void close() {
        t.close();
    }

    /** Rejects disposable addresses by halting with a marker. */
    private static EventHandler<String> guard() {
        return (String s, CallContext c) -> s.contains("disposable") ? Reply.halt(s + "-rejected") : Reply.next(s);
    }

    private static Map<String, Object> props(String name, String event, boolean critical, int ranking) {
        Map<String, Object> props = new HashMap<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, event);
        props.put(EventHandler.PRIORITY, 20);
        props.put(EventHandler.CRITICAL, critical);
        props.put(PluginSpec.SERVICE_RANKING, ranking);
        return props;
    }

    private long register(Map<String, Object> props, String bundle, EventHandler<?> h) {
        long id = IDS.incrementAndGet();
        t.engine.register(id, props, bundle, 9, () -> h);
        return id;
    }

    private void assertGuarded(String why) {
        Result<String> r = t.engine.call("signup", "x@disposable.example");
        assertTrue(why + ": " + r.value() + " " + r.failures(),
                r.value().endsWith("-rejected") || (r.failedFast() && r.value().equals("x@disposable.example")));
    }

    @Test
    public void aNonCriticalRegistrationOfTheGuardsNameWithAHigherRankingDoesNotUnguardItsEvent() {
        register(props("block", "signup", true, 0), "acme.guard", guard());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        assertGuarded("guard in place");
        register(props("block", "signup", false, 100), "evil.bundle", (String s, CallContext c) -> Reply.next(s));
        assertGuarded("a non-critical duplicate with a higher ranking took the guard's place");
    }

    @Test
    public void aRegistrationOfTheGuardsNameOnAnotherEventDoesNotUnguardItsEvent() {
        register(props("block", "signup", true, 0), "acme.guard", guard());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        register(props("block", "other", false, 100), "evil.bundle", (String s, CallContext c) -> Reply.next(s));
        assertGuarded("the guard's name moved to another event");
    }

    @Test
    public void aCriticalLookAlikeWithAHigherRankingDoesNotReplaceTheGuardSilently() {
        register(props("block", "signup", true, 0), "acme.guard", guard());
        register(props("block", "signup", true, 100), "evil.bundle", (String s, CallContext c) -> Reply.next(s));
        assertGuarded("a critical look-alike replaced the guard");
    }

    @Test
    public void aRaisedRankingThroughAPropertyUpdateDoesNotUnguardTheEvent() {
        register(props("block", "signup", true, 0), "acme.guard", guard());
        long evil = IDS.incrementAndGet();
        EventHandler<String> pass = (String s, CallContext c) -> Reply.next(s);
        t.engine.register(evil, props("block", "signup", false, -5), "evil.bundle", 9, () -> pass);
        assertGuarded("the guard outranks the look-alike");
        t.engine.register(evil, props("block", "signup", false, 100), "evil.bundle", 9, () -> pass);
        assertGuarded("a ranking raised by setProperties took the guard's place");
    }

    @Test
    public void aBundleThePolicyRefusesCannotTakeTheGuardsName() {
        t.engine.accessRules(new String[] {"signup = acme.*"});
        register(props("block", "signup", true, 0), "acme.guard", guard());
        register(props("block", "signup", false, 100), "evil.bundle", (String s, CallContext c) -> Reply.next(s));
        Result<String> r = t.engine.call("signup", "x@disposable.example");
        assertEquals("the refused bundle did not even displace the guard", "x@disposable.example-rejected", r.value());
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("block").orElseThrow().status);
    }

    @Test
    public void aPluginThatHaltsAheadOfTheGuardDoesNotSkipIt() {
        t.plugin("early-ok", "signup", 5, List.of(), (String s, CallContext c) -> Reply.halt(s + "-accepted"));
        register(props("block", "signup", true, 0), "acme.guard", guard());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        Result<String> r = t.engine.call("signup", "x@disposable.example");
        assertEquals("the guard saw the halted value and rejected it", "x@disposable.example-accepted-rejected",
                r.value());
        assertEquals("block", r.haltedBy().orElseThrow());
        Result<String> fine = t.engine.call("signup", "x@example.org");
        assertEquals("a halt the guard lets through stands, ordinary plugins after it stay skipped",
                "x@example.org-accepted", fine.value());
        assertEquals("early-ok", fine.haltedBy().orElseThrow());
        Result<String> withOptions = t.engine.call("signup", "x@disposable.example", io.hookline.event.CallOptions.defaults().failFast());
        assertEquals("x@disposable.example-accepted-rejected", withOptions.value());
    }

    @Test
    public void aGuardWhoseDependencyAHaltSkippedFailsClosed() {
        t.plugin("early-ok", "signup", 5, List.of(), (String s, CallContext c) -> Reply.halt(s + "-accepted"));
        t.plugin("normalize", "signup", 10, List.of(), append("-n"));
        Map<String, Object> p = props("block", "signup", true, 0);
        p.put(EventHandler.DEPENDS, new String[] {"normalize"});
        register(p, "acme.guard", guard());
        Result<String> r = t.engine.call("signup", "x@disposable.example");
        assertEquals("x@disposable.example", r.value());
        assertTrue(r.failedFast());
        assertEquals("block", r.haltedBy().orElseThrow());
    }

    private void assertRefused(String why) {
        Result<String> r = t.engine.call("signup", "x@disposable.example");
        assertTrue(why + ": " + r.value() + " " + r.failures(), r.failedFast() && r.value().equals("x@disposable.example")
                && r.failures().get(0).kind() == io.hookline.event.Failure.Kind.INACTIVE);
    }

    @Test
    public void aGuardWhoseServiceWentAwayKeepsItsEventRefusingUntilItReturnsOrAnOperatorReleasesIt() {
        long guard = register(props("block", "signup", true, 0), "acme.guard", guard());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        t.engine.unregister(guard);
        assertRefused("the guard's service went away (a bundle update, a component deactivated)");
        String shown = t.engine.chain("signup").entries.stream().filter(e -> e.plugin.equals("block"))
                .map(e -> e.reason).findFirst().orElse("block is not in the chain view");
        assertTrue(shown, shown.contains("calls are refused") && shown.contains("hook:unregister block"));
        register(props("block", "signup", true, 0), "acme.guard", guard());
        assertGuarded("the guard is back");
        assertEquals("x@example.org-welcome", t.engine.call("signup", "x@example.org").value());
        long again = t.engine.plugin("block").orElseThrow().serviceId;
        t.engine.unregister(again);
        assertRefused("gone again");
        t.engine.unregister("block");
        assertEquals("an operator released the event", "x@disposable.example-welcome",
                t.engine.call("signup", "x@disposable.example").value());
    }

    @Test
    public void aLowerRankedLookAlikeDoesNotInheritTheGuardsEventWhenTheGuardLeaves() {
        long guard = register(props("block", "signup", true, 0), "acme.guard", guard());
        register(props("block", "signup", false, -10), "evil.bundle", (String s, CallContext c) -> Reply.next(s));
        assertGuarded("the guard outranks the look-alike");
        t.engine.unregister(guard);
        assertRefused("the look-alike inherited the name when the guard left");
    }

    @Test
    public void aGuardThatTurnsItselfNonCriticalOrRenamesItselfLeavesItsEventRefusing() {
        long guard = IDS.incrementAndGet();
        EventHandler<String> h = guard();
        t.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> h);
        t.engine.register(guard, props("block", "signup", false, 0), "acme.guard", 9, () -> h);
        assertRefused("hookline.critical turned off by setProperties");
        t.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> h);
        assertGuarded("critical again");
        t.engine.register(guard, props("block2", "signup", true, 0), "acme.guard", 9, () -> h);
        assertRefused("renamed by setProperties: the old guard's event refuses until released");
    }

    @Test
    public void aGuardThatLeftKeepsItsEventRefusingAcrossARestartUntilItIsBackOrReleased() throws Exception {
        java.nio.file.Path dir = tmp.newFolder().toPath();
        TestEngine first = new TestEngine(dir);
        long guard = IDS.incrementAndGet();
        first.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> guard());
        first.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        first.engine.unregister(guard);
        first.close();

        // the guard's bundle does not come back after the restart; the rest of the app does
        TestEngine second = new TestEngine(dir);
        try {
            second.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
            Result<String> r = second.engine.call("signup", "x@disposable.example");
            assertTrue("a restart without the guard left its event unguarded: " + r.value() + " " + r.failures(),
                    r.failedFast() && r.value().equals("x@disposable.example")
                            && r.failures().get(0).message().contains("block"));
            assertTrue("hook:chain names the guard", second.engine.chain("signup").entries.stream()
                    .anyMatch(e -> e.plugin.equals("block") && e.reason.contains("hook:unregister block")));
            second.engine.unregister("block");
            assertEquals("released by the operator", "x@disposable.example-welcome",
                    second.engine.call("signup", "x@disposable.example").value());
        } finally {
            second.close();
        }
        TestEngine third = new TestEngine(dir);
        try {
            third.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
            assertEquals("the release is durable", "x@disposable.example-welcome",
                    third.engine.call("signup", "x@disposable.example").value());
            long back = IDS.incrementAndGet();
            third.engine.register(back, props("block", "signup", true, 0), "acme.guard", 9, () -> guard());
            third.engine.unregister(back);
        } finally {
            third.close();
        }
        TestEngine fourth = new TestEngine(dir);
        try {
            Result<String> r = fourth.engine.call("signup", "x@disposable.example");
            assertTrue("a guard that came back and left again is remembered again: " + r.value(), r.failedFast());
        } finally {
            fourth.close();
        }
    }

    @Test
    public void aGuardThatTurnedItselfNonCriticalStaysRememberedAcrossARestart() throws Exception {
        java.nio.file.Path dir = tmp.newFolder().toPath();
        TestEngine first = new TestEngine(dir);
        long guard = IDS.incrementAndGet();
        EventHandler<String> h = guard();
        first.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> h);
        first.engine.register(guard, props("block", "signup", false, 0), "acme.guard", 9, () -> h);
        first.close();
        TestEngine second = new TestEngine(dir);
        try {
            second.engine.register(IDS.incrementAndGet(), props("block", "signup", false, 0), "acme.guard", 9, () -> h);
            Result<String> r = second.engine.call("signup", "x@disposable.example");
            assertTrue("turning critical off, then restarting, lifted the block: " + r.value(), r.failedFast());
        } finally {
            second.close();
        }
    }

    @Test
    public void aGuardAnOperatorOnceUnregisteredIsRememberedAgainAfterItCameBackAndLeft() throws Exception {
        java.nio.file.Path dir = tmp.newFolder().toPath();
        TestEngine first = new TestEngine(dir);
        first.engine.register(IDS.incrementAndGet(), props("block", "signup", true, 0), "acme.guard", 9, () -> guard());
        first.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        first.engine.unregister("block");
        // the operator's unregister was long ago: the bundle was updated, its guard registered anew
        long back = IDS.incrementAndGet();
        first.engine.register(back, props("block", "signup", true, 0), "acme.guard", 9, () -> guard());
        first.engine.unregister(back);
        Result<String> before = first.engine.call("signup", "x@disposable.example");
        assertTrue("refused while the engine runs", before.failedFast());
        first.close();
        TestEngine second = new TestEngine(dir);
        try {
            second.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
            Result<String> r = second.engine.call("signup", "x@disposable.example");
            assertTrue("an old unregister switch lifted the remembered guard at restart: " + r.value(), r.failedFast());
        } finally {
            second.close();
        }
    }

    @Test
    public void aGuardThatMovedToAnotherEventKeepsItsOldEventRefusingAcrossARestart() throws Exception {
        java.nio.file.Path dir = tmp.newFolder().toPath();
        TestEngine first = new TestEngine(dir);
        long guard = IDS.incrementAndGet();
        EventHandler<String> h = guard();
        first.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> h);
        first.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        first.engine.register(guard, props("block", "other", true, 0), "acme.guard", 9, () -> h);
        assertTrue("signup refuses once its guard moved away",
                first.engine.call("signup", "x@disposable.example").failedFast());
        first.close();
        TestEngine second = new TestEngine(dir);
        try {
            second.engine.register(IDS.incrementAndGet(), props("block", "other", true, 0), "acme.guard", 9, () -> h);
            second.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
            Result<String> r = second.engine.call("signup", "x@disposable.example");
            assertTrue("moving the guard to another event, then restarting, lifted signup's block: " + r.value(),
                    r.failedFast());
        } finally {
            second.close();
        }
    }

    @Test
    public void aGuardThatMovedToAnotherEventAndThenLeftItKeepsBothEventsRefusing() {
        long guard = IDS.incrementAndGet();
        EventHandler<String> h = guard();
        t.engine.register(guard, props("block", "signup", true, 0), "acme.guard", 9, () -> h);
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        t.plugin("other-welcome", "other", 30, List.of(), append("-welcome"));
        t.engine.register(guard, props("block", "other", true, 0), "acme.guard", 9, () -> h);
        assertRefused("signup refuses once its guard moved away");
        t.engine.unregister(guard);
        assertRefused("the guard left its second event too: signup must still refuse");
        t.plugin("audit", "signup", 40, List.of(), append("-audit"));
        assertRefused("signup republished (a plugin joined it): it must still refuse");
        assertTrue("other refuses", t.engine.call("other", "x@disposable.example").failedFast());
        t.engine.unregister("block");
        assertEquals("the operator's unregister releases every event the name left", "x@disposable.example-welcome-audit",
                t.engine.call("signup", "x@disposable.example").value());
        assertEquals("x@disposable.example-welcome", t.engine.call("other", "x@disposable.example").value());
    }
}
