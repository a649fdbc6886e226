package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.CallOptions;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Counts after N calls: exact failures, skips and breaker opens; sampled calls, halts and latency. */
public class MetricsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @After
    public void close() {
        if (t != null) {
            t.close();
        }
    }

    private void open(boolean enabled, int every, int threshold) throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(threshold, Duration.ofHours(1),
                Duration.ofMillis(300)).withMetrics(enabled, every, 16));
    }

    private static MetricsDTO plugin(EventMetricsDTO e, String name) {
        return e.plugins.stream().filter(p -> p.plugin.equals(name)).findFirst().orElseThrow();
    }

    /** Throws on every odd state length, so exactly every other call fails. */
    private static EventHandler<String> flaky() {
        return (String s, CallContext c) -> {
            if (s.length() % 2 == 1) {
                throw new IllegalStateException("odd");
            }
            return Reply.next(s);
        };
    }

    @Test
    public void everyCallMeasuredCountsAreExact() throws Exception {
        open(true, 1, 1000);
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("flaky", "e", 20, List.of(), flaky());
        t.plugin("nuller", "e", 30, List.of(), (String s, CallContext c) -> s.startsWith("n") ? null : Reply.next(s));
        t.plugin("halter", "e", 40, List.of(), (String s, CallContext c) -> s.startsWith("h") ? Reply.halt(s) : Reply.next(s));
        t.plugin("last", "e", 50, List.of(), append("z"));
        EventHandle<String> h = t.engine.event("e", String.class);
        // 10 calls "xa" (even: flaky passes), 10 "x" -> "xa" odd? no: state after a is input+"a"
        for (int i = 0; i < 10; i++) {
            h.call("x");      // "xa": even length, clean
            h.call("xx");     // "xxa": odd, flaky throws
            h.call("n");      // "na": even, nuller returns null
            h.call("h");      // "ha": halter halts: last does not run
        }
        EventMetricsDTO e = t.engine.metrics("e");
        assertEquals(40, e.calls);
        assertEquals(10, e.halts);
        assertEquals(20, e.failures);
        assertEquals(0, e.skips);
        assertTrue(e.enabled);
        assertEquals(1, e.sampleEvery);
        assertEquals(List.of("a", "flaky", "nuller", "halter", "last"), e.plugins.stream().map(p -> p.plugin).toList());

        MetricsDTO a = plugin(e, "a");
        assertEquals(40, a.calls);
        assertEquals(0, a.failuresTotal);
        assertEquals(16, a.window);
        assertEquals(16, a.latencySamples);
        assertTrue(a.p50Nanos >= 0 && a.p50Nanos <= a.p99Nanos);
        assertTrue(a.estimated);
        MetricsDTO flaky = plugin(e, "flaky");
        assertEquals(40, flaky.calls);
        assertEquals(Map.of("THREW", 10L), flaky.failures);
        assertEquals(10, flaky.failuresTotal);
        MetricsDTO nuller = plugin(e, "nuller");
        assertEquals(Map.of("NULL_REPLY", 10L), nuller.failures);
        MetricsDTO halter = plugin(e, "halter");
        assertEquals(10, halter.halts);
        assertTrue(halter.lastHaltAt > 0);
        assertEquals(30, plugin(e, "last").calls);
        assertEquals(0, plugin(e, "last").halts);
        assertEquals(0, plugin(e, "last").lastHaltAt);

        // the plugin DTO carries the same numbers
        MetricsDTO viaPlugin = t.engine.plugin("flaky").orElseThrow().metrics;
        assertEquals(10, viaPlugin.failuresTotal);
        assertEquals(40, viaPlugin.calls);
    }

    @Test
    public void sampledCountsScaleAndFailuresStayExact() throws Exception {
        open(true, 8, 1000);
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("flaky", "e", 20, List.of(), flaky());
        EventHandle<String> h = t.engine.event("e", String.class);
        for (int i = 0; i < 100; i++) {
            h.call(i % 2 == 0 ? "x" : "xx"); // half the calls fail
        }
        EventMetricsDTO e = t.engine.metrics("e");
        // one thread: the countdown loses nothing, so calls are exact
        assertEquals(100, e.calls);
        assertEquals(50, e.failures);
        MetricsDTO a = plugin(e, "a");
        // 100 calls, one in 8 sampled: 12 samples, each standing for 8 calls
        assertEquals(96, a.calls);
        assertEquals(12, a.latencySamples);
        assertEquals(8, a.sampleEvery);
        assertEquals(50, plugin(e, "flaky").failuresTotal);
        // untyped calls count through the same countdown
        for (int i = 0; i < 4; i++) {
            t.engine.call("e", "x");
        }
        assertEquals(104, t.engine.metrics("e").calls);
        assertEquals(104, plugin(t.engine.metrics("e"), "a").calls);
    }

    @Test
    public void skipsAndBreakerOpensAreExact() throws Exception {
        open(true, 1, 3);
        t.plugin("boom", "e", 10, List.of(), (String s, CallContext c) -> {
            throw new IllegalStateException("always");
        });
        t.plugin("dependent", "e", 20, List.of("boom"), append("d"));
        EventHandle<String> h = t.engine.event("e", String.class);
        for (int i = 0; i < 10; i++) {
            h.call("x");
        }
        EventMetricsDTO e = t.engine.metrics("e");
        MetricsDTO boom = plugin(e, "boom");
        // three failures open the breaker; the 7 later calls skip it (cool-down is an hour)
        assertEquals(Map.of("THREW", 3L), boom.failures);
        assertEquals(7, boom.skips);
        assertEquals(1, boom.breakerOpens);
        // its dependent is skipped in every call
        assertEquals(10, plugin(e, "dependent").skips);
        assertEquals(3, e.failures);
        assertEquals(17, e.skips);
        // restart closes the breaker; three more failures open it a second time
        t.engine.restart("boom");
        for (int i = 0; i < 3; i++) {
            h.call("x");
        }
        assertEquals(2, plugin(t.engine.metrics("e"), "boom").breakerOpens);
    }

    @Test
    public void metricsOffSamplesNothingButFailuresStillCount() throws Exception {
        open(false, 1, 1000);
        t.plugin("flaky", "e", 20, List.of(), flaky());
        EventHandle<String> h = t.engine.event("e", String.class);
        for (int i = 0; i < 10; i++) {
            Result<String> r = h.call("x");
            assertEquals(1, r.failures().size());
        }
        EventMetricsDTO e = t.engine.metrics("e");
        assertFalse(e.enabled);
        assertEquals(0, e.calls);
        MetricsDTO m = plugin(e, "flaky");
        assertEquals(0, m.calls);
        assertEquals(-1, m.p50Nanos);
        assertEquals(10, m.failuresTotal);

        // switched on live: the next calls are sampled
        t.engine.updateSettings(new EngineSettings(1000, Duration.ofHours(1), Duration.ofMillis(300))
                .withMetrics(true, 1, 16));
        for (int i = 0; i < 5; i++) {
            h.call("x");
        }
        e = t.engine.metrics("e");
        assertTrue(e.enabled);
        assertEquals(5, e.calls);
        assertEquals(5, plugin(e, "flaky").calls);
        assertEquals(15, plugin(e, "flaky").failuresTotal);
    }

    @Test
    public void measuredCallsKeepGuardSemantics() throws Exception {
        open(true, 1, 1000);
        Map<String, Object> guard = TestEngine.props("guard", "e");
        guard.put(EventHandler.PRIORITY, 50);
        guard.put(EventHandler.CRITICAL, true);
        t.plugin("early-halt", "e", 10, List.of(), (String s, CallContext c) -> Reply.halt(s + "!"));
        t.register(guard, (String s, CallContext c) -> s.contains("bad") ? Reply.halt("refused") : Reply.next(s));
        EventHandle<String> h = t.engine.event("e", String.class);
        // the guard still runs after an earlier halt, and its halt wins
        Result<String> r = h.call("bad");
        assertEquals("refused", r.value());
        assertEquals("guard", r.haltedBy().orElseThrow());
        r = h.call("ok");
        assertEquals("ok!", r.value());
        assertEquals("early-halt", r.haltedBy().orElseThrow());
        EventMetricsDTO e = t.engine.metrics("e");
        assertEquals(2, e.halts);
        assertEquals(1, plugin(e, "guard").halts);
        assertEquals(1, plugin(e, "early-halt").halts);
        assertEquals(2, plugin(e, "guard").calls);
    }

    @Test
    public void unknownEventIsRefusedByName() throws Exception {
        open(true, 1, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.engine.metrics("nope"));
        assertEquals("unknown event 'nope': no plugin is attached to it", e.getMessage());
        assertTrue(t.engine.metrics().isEmpty());
        assertNull(t.engine.plugin("nope").orElse(null));
        t.plugin("a", "e", 10, List.of(), append("a"));
        assertNotNull(t.engine.plugin("a").orElseThrow().metrics);
        assertEquals(List.of("e"), t.engine.metrics().stream().map(m -> m.event).toList());
    }

    @Test
    public void aNewChainDropsTheTimedTwinOfTheOldOne() throws Exception {
        open(true, 1, 5);
        long id = t.plugin("a", "e", 10, List.of(), append("a"));
        EventHandle<String> h = t.engine.event("e", String.class);
        assertEquals(">a", h.call(">").value());
        EventSlot slot = t.engine.slots.get("e");
        assertNotNull("a sampled call built the twin", slot.measured);
        assertTrue(slot.measured.source == slot.chain);
        // the plugin leaves: the twin must not keep its handler reachable
        t.engine.unregister(id);
        assertNull(slot.measured);
        assertEquals(">", h.call(">").value());
        t.plugin("b", "e", 10, List.of(), append("b"));
        assertNull(slot.measured);
        assertEquals(">b", h.call(">").value());
        assertTrue(slot.measured.source == slot.chain);
    }

    @Test
    public void callsWithOptionsAreCountedAndSampledAsPlainCalls() throws Exception {
        open(true, 1, 1000);
        Object secret = new Object();
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("halter", "e", 20, List.of(), (String s, CallContext c) -> s.startsWith("h") ? Reply.halt(s) : Reply.next(s));
        t.plugin("flaky", "e", 30, List.of(), flaky());
        t.plugin("tenant", "e", 40, List.of(), (String s, CallContext c) -> Reply.next(s + c.meta().getOrDefault("t", "")));
        EventHandle<String> h = t.engine.event("e", String.class);
        for (int i = 0; i < 3; i++) {
            // every call is sampled here: the options keep their meaning in a measured call
            Result<String> r = h.call("x", CallOptions.defaults().privateData(secret).meta(Map.of("t", "T")));
            assertEquals("xaT", r.value());
            assertTrue(r.privateData() == secret);
            assertEquals("x", t.engine.call("e", "x", CallOptions.defaults().returnOriginal()).value());
            r = h.call("h", CallOptions.defaults().returnOriginal());
            assertEquals("h", r.value());
            assertEquals("halter", r.haltedBy().orElseThrow());
            r = t.engine.call("e", "xx", CallOptions.defaults().failFast());
            assertTrue(r.failedFast());
            assertEquals("xx", r.value());
        }
        EventMetricsDTO e = t.engine.metrics("e");
        assertEquals(12, e.calls);
        assertEquals(3, e.halts);
        assertEquals(3, e.failures);
        MetricsDTO a = plugin(e, "a");
        assertEquals(12, a.calls);
        assertEquals(12, a.latencySamples);
        assertEquals(3, plugin(e, "halter").halts);
        assertEquals(9, plugin(e, "flaky").calls);
        assertEquals(3, plugin(e, "flaky").failuresTotal);
        // fail-fast stops at flaky: tenant runs in the other six calls (the halt stops it too)
        assertEquals(6, plugin(e, "tenant").calls);
        assertEquals(6, plugin(e, "tenant").latencySamples);
    }

    @Test
    public void callsWithOptionsShareTheSamplingCountdownOfPlainCalls() throws Exception {
        open(true, 8, 1000);
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("b", "e", 20, List.of(), append("b"));
        EventHandle<String> h = t.engine.event("e", String.class);
        for (int i = 0; i < 50; i++) {
            assertEquals("xab", h.call("x", CallOptions.defaults().meta(Map.of("k", i))).value());
            assertEquals("xab", h.call("x").value());
        }
        for (int i = 0; i < 4; i++) {
            assertEquals("x", t.engine.call("e", "x", CallOptions.defaults().returnOriginal()).value());
        }
        EventMetricsDTO e = t.engine.metrics("e");
        // one thread: 104 calls, one in 8 sampled: 13 samples standing for 8 calls each
        assertEquals(104, e.calls);
        assertEquals(104, plugin(e, "a").calls);
        assertEquals(13, plugin(e, "a").latencySamples);
        assertEquals(13, plugin(e, "b").latencySamples);
    }
}
