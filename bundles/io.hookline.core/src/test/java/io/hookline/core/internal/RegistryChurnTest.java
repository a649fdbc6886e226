package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Registry changes: property updates in place, unnamed services, healing cycles, service objects
 * fetched outside the lock, and ranking of duplicate names (issue 7 items 4, 9, 10, 11, 12).
 */
public class RegistryChurnTest {

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

    private static Map<String, Object> props(String name, String event, int priority, String... depends) {
        Map<String, Object> props = TestEngine.props(name, event);
        props.put(EventHandler.PRIORITY, priority);
        props.put(EventHandler.DEPENDS, depends);
        return props;
    }

    // item 4

    @Test
    public void aCustomPropertyChangeKeepsThePluginInPlaceWithItsBreaker() {
        long id = 9001;
        Map<String, Object> p = props("flaky", "e1", 10);
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        EventHandler<String> h = (String s, CallContext c) -> {
            if (broken.get()) {
                throw new IllegalStateException("down");
            }
            return io.hookline.event.Reply.next(s + "f");
        };
        t.engine.register(id, p, "b", 1, () -> h);
        t.plugin("dependent", "e2", 10, List.of("flaky"), append("d"));
        t.engine.call("e1", "");
        t.engine.call("e1", "");
        ChainSnapshot e1 = t.engine.snapshot("e1");
        ChainSnapshot e2 = t.engine.snapshot("e2");
        Map<String, Object> updated = new HashMap<>(p);
        updated.put("custom.flag", "on");
        t.engine.register(id, updated, "b", 1, () -> h);
        assertSame("e1 not republished", e1, t.engine.snapshot("e1"));
        assertSame("e2 not republished", e2, t.engine.snapshot("e2"));
        assertEquals("breaker kept", 2, t.engine.plugin("flaky").orElseThrow().consecutiveFailures);
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("dependent").orElseThrow().status);
    }

    @Test
    public void aPriorityChangeReordersWithOnePublicationAndNoHeldRecords() throws Exception {
        long id = 9002;
        t.engine.register(id, props("a", "e", 10), "b", 1, () -> append("a"));
        t.plugin("b", "e", 20, List.of(), append("b"));
        t.plugin("dependent", "other", 10, List.of("a"), append("d"));
        t.engine.flushRecords();
        assertEquals("ab", t.engine.call("e", "").value());
        long before = t.engine.slots.publications();
        t.engine.register(id, props("a", "e", 30), "b", 1, () -> append("a"));
        assertEquals("one event republished once", before + 1, t.engine.slots.publications());
        assertEquals("ba", t.engine.call("e", "").value());
        t.engine.flushRecords();
        assertEquals("REGISTERED", t.store.get(HooklineEngine.COLLECTION, "dependent").orElseThrow().fields().get("status"));
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("dependent").orElseThrow().status);
    }

    // item 9

    @Test
    public void anUnnamedServiceIsListedButNeverStored() throws Exception {
        Map<String, Object> unnamed = new HashMap<>();
        unnamed.put(EventHandler.EVENT, "e");
        t.register(unnamed, append("x"));
        t.register(unnamed, append("x"));
        t.engine.flushRecords();
        assertEquals(2, t.engine.plugins().stream().filter(p -> p.status == PluginStatus.FAILED).count());
        assertTrue(t.store.list(HooklineEngine.COLLECTION).stream().map(r -> r.key()).toList().toString(),
                t.store.list(HooklineEngine.COLLECTION).isEmpty());
    }

    // item 10

    @Test
    public void aCycleFailureHealsWhenTheCycleIsGone() {
        long a = t.plugin("a", "e", 10, List.of("b"), append("a"));
        t.plugin("b", "e", 20, List.of("a"), append("b"));
        assertEquals(PluginStatus.FAILED, t.engine.plugin("b").orElseThrow().status);
        // a drops its dependency on b: no cycle any more
        t.engine.register(a, props("a", "e", 10), "test.bundle", 7, () -> append("a"));
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("b").orElseThrow().status);
        assertEquals("ab", t.engine.call("e", "").value());
    }

    @Test
    public void aCycleFailedPluginCanBeEnabledOnceTheOtherSideLeft() {
        long a = t.plugin("a", "e", 10, List.of("b"), append("a"));
        t.plugin("b", "e", 20, List.of("a"), append("b"));
        t.engine.unregister(a);
        assertEquals(PluginStatus.HELD, t.engine.plugin("b").orElseThrow().status);
        t.engine.stop("b");
        assertEquals(PluginStatus.STOPPED, t.engine.plugin("b").orElseThrow().status);
        assertEquals(PluginStatus.HELD, t.engine.enable("b").status);
    }

    // item 11

    @Test
    public void aServiceObjectIsFetchedOutsideTheLock() throws Exception {
        AtomicReference<Throwable> problem = new AtomicReference<>();
        t.engine.register(9100, props("lazy", "e", 10), "b", 1, () -> {
            // a delayed component whose activation calls the engine from another thread
            try {
                CompletableFuture.runAsync(() -> t.engine.plugins()).get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                problem.set(e);
            } catch (Exception e) {
                problem.set(e);
            }
            return append("l");
        });
        assertEquals("activation could use the engine", null, problem.get());
        assertEquals("xl", t.engine.call("e", "x").value());
    }

    // item 12

    @Test
    public void theHighestRankedDuplicateOwnsTheNameWhateverTheOrder() {
        Map<String, Object> low = props("dup", "e", 10);
        Map<String, Object> high = props("dup", "e", 10);
        high.put("service.ranking", 10);
        t.engine.register(500, low, "low.bundle", 1, () -> append("L"));
        t.engine.register(501, high, "high.bundle", 2, () -> append("H"));
        assertEquals("xH", t.engine.call("e", "x").value());
        assertEquals("high.bundle", t.engine.plugin("dup").orElseThrow().bundle);
        String id = t.engine.plugin("dup").orElseThrow().id;
        t.engine.unregister(501);
        assertEquals("xL", t.engine.call("e", "x").value());
        assertEquals("the record stays with the name", id, t.engine.plugin("dup").orElseThrow().id);
    }

    @Test
    public void equalRankingsGoToTheLowestServiceId() {
        t.engine.register(601, props("dup", "e", 10), "second", 1, () -> append("2"));
        t.engine.register(600, props("dup", "e", 10), "first", 2, () -> append("1"));
        assertEquals("x1", t.engine.call("e", "x").value());
        assertFalse(t.engine.plugins().stream().filter(p -> p.serviceId == 601).findFirst().orElseThrow().status
                .isActive());
    }

    @Test
    public void unnamedRegistrationsLeaveNoRecordAcrossRestarts() throws Exception {
        Path dir = tmp.newFolder().toPath();
        Map<String, Object> unnamed = new HashMap<>();
        unnamed.put(EventHandler.EVENT, "e");
        for (int boot = 0; boot < 2; boot++) {
            try (TestEngine e = new TestEngine(dir)) {
                e.register(unnamed, append("x"));
                e.engine.flushRecords();
            }
        }
        try (MvRecordStore store = MvRecordStore.open(dir.resolve("hookline.mv.db"), false)) {
            assertEquals(List.of(), store.list(HooklineEngine.COLLECTION));
        }
        assertNotSame(null, dir);
    }
}
