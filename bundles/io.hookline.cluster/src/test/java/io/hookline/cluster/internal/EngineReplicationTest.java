package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.core.internal.EngineSettings;
import io.hookline.core.internal.HooklineEngine;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.internal.MvRecordStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.Test;

/**
 * Two real engines, each on its own store, whose stores replicate through the in-memory network
 * (no JGroups): an operator verb on one engine is applied live by the other, concurrent verbs on
 * different switches both survive, nothing is echoed, and deny-minority fails a verb naming the
 * partition. Delivery is driven by the test; the engines apply merged switches on their own thread,
 * so the test polls with a deadline.
 */
public class EngineReplicationTest {

    private static final List<String> COLLECTIONS = List.of(HooklineEngine.SWITCHES, "installs", "audit");

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<String, HooklineEngine> engines = new LinkedHashMap<>();
    private final Map<String, MvRecordStore> stores = new LinkedHashMap<>();
    private final Map<String, Replicator> replicators = new LinkedHashMap<>();

    @After
    public void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private MemoryNetwork network(PartitionPolicy policy, String... names) {
        MemoryNetwork net = new MemoryNetwork(42);
        for (String n : names) {
            MvRecordStore store = MvRecordStore.inMemory();
            open.add(store);
            MemoryNetwork.Endpoint endpoint = net.endpoint(n);
            Replicator r = new Replicator(store, new ReplicationFilter(COLLECTIONS, List.of()), false, 60_000,
                    System::currentTimeMillis, Runnable::run, endpoint, policy, 3_600_000);
            endpoint.handler = r;
            r.start();
            open.add(r);
            HooklineEngine engine = new HooklineEngine(store, new EngineSettings(5, Duration.ofSeconds(30),
                    Duration.ofMillis(300)));
            open.add(engine);
            engine.register(1, Map.of(EventHandler.PLUGIN, "signup", EventHandler.EVENT, "login"), "b", 1,
                    () -> (EventHandler<String>) (state, ctx) -> Reply.next(state + "+signup"));
            engines.put(n, engine);
            stores.put(n, store);
            replicators.put(n, r);
        }
        return net;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws TimeoutException {
        Util.waitUntil(5_000, 5, condition, () -> what);
    }

    private PluginStatus status(String node) {
        return engines.get(node).plugin("signup").orElseThrow().status;
    }

    @Test
    public void aStopOnOneEngineIsAppliedLiveOnTheOtherWithoutAnEcho() throws Exception {
        MemoryNetwork net = network(PartitionPolicy.AVAILABLE, "a", "b");
        net.views(List.of(List.of("a", "b")));
        net.deliverShuffled(0);
        assertEquals("x+signup", engines.get("b").call("login", "x").value());
        int before = net.sent;
        engines.get("a").stop("signup");
        net.deliverShuffled(0);
        await("signup STOPPED and skipped on b", () -> status("b") == PluginStatus.STOPPED
                && engines.get("b").call("login", "x").value().equals("x"));
        assertEquals("one publish from a, nothing back from b", 1, net.sent - before);
        assertEquals(stores.get("a").snapshot(HooklineEngine.SWITCHES), stores.get("b").snapshot(HooklineEngine.SWITCHES));

        engines.get("b").enable("signup");
        net.deliverShuffled(0);
        await("signup STARTED on a", () -> status("a") == PluginStatus.STARTED);
        assertEquals("x+signup", engines.get("a").call("login", "x").value());
    }

    @Test
    public void concurrentVerbsOnDifferentSwitchesOfOnePluginBothSurvive() throws Exception {
        MemoryNetwork net = network(PartitionPolicy.AVAILABLE, "a", "b");
        net.views(List.of(List.of("a", "b")));
        net.deliverShuffled(0);
        // in flight at the same time, neither node has seen the other's verb
        engines.get("a").stop("signup");
        engines.get("b").start("signup");
        net.deliverShuffled(0.3);
        await("both nodes STOPPED", () -> status("a") == PluginStatus.STOPPED && status("b") == PluginStatus.STOPPED);
        for (String n : List.of("a", "b")) {
            assertEquals(n, "true", stores.get(n).get(HooklineEngine.SWITCHES, "signup/stopped").orElseThrow().field("on"));
            assertEquals(n + ": b's start was not overwritten by a's stop", "true",
                    stores.get(n).get(HooklineEngine.SWITCHES, "signup/started").orElseThrow().field("on"));
        }
        // the plugin records (status) stay each node's own: not replicated
        assertFalse(COLLECTIONS.contains(HooklineEngine.COLLECTION));
    }

    @Test
    public void inAMinorityUnderDenyMinorityAVerbFailsNamingThePartitionAndReadsAreServed() throws Exception {
        MemoryNetwork net = network(PartitionPolicy.DENY_MINORITY, "a", "b", "c");
        net.views(List.of(List.of("a", "b", "c")));
        net.deliverShuffled(0);
        net.views(List.of(List.of("a", "b"), List.of("c")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engines.get("c").stop("signup"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot stop plugin 'signup'")
                && e.getMessage().contains("minority partition") && e.getMessage().contains("missing: a, b")
                && e.getMessage().contains("nothing was changed"));
        assertEquals(PluginStatus.REGISTERED, status("c"));
        assertEquals("reads and calls are served", "x+signup", engines.get("c").call("login", "x").value());
        engines.get("a").stop("signup"); // the majority writes
        net.deliverShuffled(0);
        assertEquals(PluginStatus.REGISTERED, status("c"));
        net.views(List.of(List.of("a", "b", "c")), true);
        net.deliverShuffled(0);
        await("the majority's stop on c after the merge", () -> status("c") == PluginStatus.STOPPED);
        engines.get("c").enable("signup");
    }
}
