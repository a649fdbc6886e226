package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a single call does when something in its chain fails: dependents are gated in the call,
 * critical plugins fail closed, late and interrupted failures, untyped type checks, and handles of
 * a deactivated engine (issue 7 items 1, 2, 5, 6, 7, 13).
 */
public class CallGatingTest {

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

    private static EventHandler<String> throwing() {
        return (String s, CallContext c) -> {
            throw new IllegalStateException("down");
        };
    }

    private static String kinds(Result<?> r) {
        return r.failures().stream().map(f -> f.plugin() + ":" + f.kind().name()).collect(Collectors.joining(","));
    }

    private long critical(String name, String event, int priority, List<String> depends, EventHandler<?> h) {
        Map<String, Object> props = new HashMap<>();
        props.put("hookline.plugin", name);
        props.put("hookline.event", event);
        props.put("hookline.priority", priority);
        props.put("hookline.depends", depends.toArray(new String[0]));
        props.put("hookline.critical", Boolean.TRUE);
        return t.register(props, h);
    }

    // item 1

    @Test
    public void aDependentOfAPluginThatFailedInTheCallIsSkippedAndReported() {
        t.plugin("normalize", "signup", 10, List.of(), throwing());
        t.plugin("check", "signup", 20, List.of("normalize"), append("-checked"));
        t.plugin("other", "signup", 30, List.of(), append("-other"));
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("the dependent did not see the untransformed state", "raw-other", r.value());
        assertEquals("normalize:THREW,check:SKIPPED", kinds(r));
        assertTrue(r.failures().get(1).message(), r.failures().get(1).message().contains("'normalize'"));
    }

    @Test
    public void aDependentOfABreakerSkippedPluginIsSkippedAndBothAreReported() {
        t.plugin("normalize", "signup", 10, List.of(), throwing());
        t.plugin("check", "signup", 20, List.of("normalize"), append("-checked"));
        for (int i = 0; i < 5; i++) {
            t.engine.call("signup", "raw");
        }
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("raw", r.value());
        assertEquals("normalize:SKIPPED,check:SKIPPED", kinds(r));
        assertTrue(r.failures().get(0).message(), r.failures().get(0).message().contains("breaker open"));
    }

    @Test
    public void aSkipIsNotCountedAgainstTheSkippedPluginsBreaker() {
        t.plugin("normalize", "signup", 10, List.of(), throwing());
        t.plugin("check", "signup", 20, List.of("normalize"), append("-checked"));
        for (int i = 0; i < 7; i++) {
            t.engine.call("signup", "raw");
        }
        assertEquals(0, t.engine.plugin("check").orElseThrow().consecutiveFailures);
    }

    @Test
    public void anOpenBreakerShowsInTheChainWithItsEndAndCount() {
        t.plugin("flaky", "e", 10, List.of(), throwing());
        for (int i = 0; i < 5; i++) {
            t.engine.call("e", "");
        }
        String reason = t.engine.chain("e").entries.get(0).reason;
        assertTrue(reason, reason.matches("priority 10; skipped until \\d\\d:\\d\\d:\\d\\d after 5 failures"));
        assertTrue(t.engine.plugin("flaky").orElseThrow().lastFailure.contains("IllegalStateException: down"));
    }

    // item 2

    @Test
    public void aCriticalPluginThatThrowsHaltsTheCallWithTheInput() {
        t.plugin("normalize", "signup", 10, List.of(), append("-n"));
        critical("block", "signup", 20, List.of(), throwing());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("raw", r.value());
        assertTrue(r.failedFast());
        assertEquals("block", r.haltedBy().orElseThrow());
        assertEquals("block:THREW", kinds(r));
    }

    @Test
    public void aCriticalPluginSkippedByItsBreakerStillHaltsTheCall() {
        critical("block", "signup", 20, List.of(), throwing());
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        for (int i = 0; i < 5; i++) {
            t.engine.call("signup", "raw");
        }
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("raw", r.value());
        assertEquals("block:SKIPPED", kinds(r));
        assertTrue(r.failedFast());
    }

    @Test
    public void aCriticalPluginSkippedForItsFailedDependencyHaltsTheCall() {
        t.plugin("normalize", "signup", 10, List.of(), throwing());
        critical("block", "signup", 20, List.of("normalize"), append("-ok"));
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("raw", r.value());
        assertEquals("normalize:THREW,block:SKIPPED", kinds(r));
    }

    @Test
    public void aStoppedOrHeldCriticalPluginRefusesEveryCallOfItsEvent() {
        critical("block", "signup", 20, List.of(), append("-ok"));
        t.plugin("welcome", "signup", 30, List.of(), append("-welcome"));
        t.engine.stop("block");
        Result<String> r = t.engine.call("signup", "raw");
        assertEquals("raw", r.value());
        assertEquals("block:INACTIVE", kinds(r));
        assertTrue(r.failedFast());
        EventHandle<String> handle = t.engine.event("signup", String.class);
        assertEquals("block:INACTIVE", kinds(handle.call("raw")));
        t.engine.enable("block");
        assertEquals("raw-ok-welcome", t.engine.call("signup", "raw").value());

        critical("guard", "login", 10, List.of("missing"), append("-g"));
        t.plugin("greet", "login", 20, List.of(), append("-hi"));
        assertEquals("guard:INACTIVE", kinds(t.engine.call("login", "x")));
    }

    @Test
    public void aNonCriticalFailureStillContinuesTheChain() {
        t.plugin("flaky", "e", 10, List.of(), throwing());
        t.plugin("last", "e", 20, List.of(), append("3"));
        Result<String> r = t.engine.call("e", ">");
        assertEquals(">3", r.value());
        assertFalse(r.failedFast());
    }

    // item 5

    @Test
    public void aLateFailureOfAPluginThatLeftDoesNotKeepItsEventOnTheCarefulPath() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long id = t.plugin("slow", "e", 10, List.of(), (String s, CallContext c) -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("late");
        });
        t.plugin("ok", "e", 20, List.of(), append("k"));
        CompletableFuture<Result<String>> call = CompletableFuture.supplyAsync(() -> t.engine.call("e", ""));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        t.engine.unregister(id);
        release.countDown();
        call.get(10, TimeUnit.SECONDS);
        assertEquals("no plugin of e is failing: the late result was ignored", 0, t.engine.failingPlugins("e"));
    }

    // item 6

    @Test
    public void theCallersInterruptFlagSurvivesAHandlerThrowingInterruptedException() {
        t.plugin("waits", "e", 10, List.of(), (String s, CallContext c) -> {
            throw new InterruptedException("stop");
        });
        try {
            Result<String> r = t.engine.call("e", "x");
            assertEquals("waits:THREW", kinds(r));
            assertTrue("interrupt flag restored", Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    // item 7

    @Test
    public void anUntypedCallChecksRepliesAgainstTheInputsType() {
        t.plugin("number", "e", 10, List.of(), (Object s, CallContext c) -> Reply.next(42));
        t.plugin("last", "e", 20, List.of(), append("!"));
        Result<String> r = t.engine.call("e", "text");
        String value = r.value();
        assertEquals("text!", value);
        assertEquals("number:WRONG_TYPE", kinds(r));
    }

    @Test
    public void anUntypedCallAcceptsAnotherMapForAMap() {
        t.plugin("copy", "e", 10, List.of(), (Map<String, Object> s, CallContext c) -> Reply.next(Map.of("k", "v")));
        Result<Map<String, Object>> r = t.engine.call("e", new HashMap<String, Object>());
        assertEquals(Map.of("k", "v"), r.value());
        assertFalse(r.failed());
    }

    // item 13

    @Test
    public void aHandleOfAClosedEngineThrowsNamingTheCause() {
        t.plugin("a", "e", 10, List.of(), append("a"));
        EventHandle<String> handle = t.engine.event("e", String.class);
        assertEquals("xa", handle.call("x").value());
        t.engine.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handle.call("x"));
        assertTrue(e.getMessage(), e.getMessage().contains("deactivated"));
        assertThrows(IllegalStateException.class, () -> t.engine.call("e", "x"));
        assertThrows(IllegalStateException.class, () -> t.engine.call("unknown", "x"));
    }
}
