package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.PluginStatus;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Operator switches as records of their own (issue 9): merged switches are applied live with the
 * verbs' cascade and never written back; a store refusal fails the verb; switches of single-node
 * stores written before switch records existed are migrated with their old version.
 */
public class RemoteSwitchTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static final EngineSettings SETTINGS = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final List<AutoCloseable> open = new ArrayList<>();

    @After
    public void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        open.add(s);
        return s;
    }

    private HooklineEngine engine(io.hookline.store.RecordStore store) {
        HooklineEngine e = new HooklineEngine(store, SETTINGS);
        open.add(e);
        return e;
    }

    private static final java.util.concurrent.atomic.AtomicLong TICKS = new java.util.concurrent.atomic.AtomicLong();

    /** A switch record as a peer node "peer" would have written it: each later than the one before. */
    private static StoredRecord remoteSwitch(String plugin, String name, boolean on) {
        return new StoredRecord(PluginSwitches.COLLECTION, plugin + "/" + name, "id-" + plugin + "-" + name,
                new RecordVersion(((System.currentTimeMillis() + 1) << 16) + TICKS.incrementAndGet(), "peer"), false,
                Map.of(PluginSwitches.ON, Boolean.toString(on)), 1, 1);
    }

    private static PluginStatus status(HooklineEngine e, String plugin) {
        return e.plugin(plugin).orElseThrow().status;
    }

    @Test
    public void aMergedStopIsAppliedLiveWithTheCascadeAndNotWrittenBack() {
        MvRecordStore store = store();
        HooklineEngine engine = engine(store);
        engine.register(1, TestEngine.props("base", "e"), "b", 1, () -> append("1"));
        java.util.Map<String, Object> dependent = TestEngine.props("dep", "e");
        dependent.put(io.hookline.event.EventHandler.DEPENDS, new String[] {"base"});
        dependent.put(io.hookline.event.EventHandler.PRIORITY, 90);
        engine.register(2, dependent, "b", 1, () -> append("2"));
        assertEquals("x12", engine.call("e", "x").value());
        List<String> localSwitchWrites = new ArrayList<>();
        store.addListener((records, merged) -> records.stream()
                .filter(r -> !merged && r.collection().equals(PluginSwitches.COLLECTION))
                .forEach(r -> localSwitchWrites.add(r.key())));

        assertTrue(store.merge(remoteSwitch("base", PluginSwitches.STOPPED, true)));
        Await.awaitUntil("base STOPPED and skipped", DEADLINE,
                () -> status(engine, "base") == PluginStatus.STOPPED && engine.call("e", "x").value().equals("x"),
                () -> engine.plugins());
        assertEquals("its dependent is held, as after a local stop", PluginStatus.HELD, status(engine, "dep"));

        store.merge(remoteSwitch("base", PluginSwitches.STOPPED, false));
        store.merge(remoteSwitch("base", PluginSwitches.STARTED, true));
        Await.awaitUntil("base STARTED again, dep back", DEADLINE,
                () -> status(engine, "base") == PluginStatus.STARTED && engine.call("e", "x").value().equals("x12"),
                () -> engine.plugins());
        assertEquals("nothing merged was written back (no echo)", List.of(), localSwitchWrites);
        assertEquals("the node's own record follows", PluginStatus.STARTED.name(), awaitRecordStatus(engine, store, "base"));
    }

    private static String awaitRecordStatus(HooklineEngine engine, MvRecordStore store, String plugin) {
        engine.flushRecords();
        return store.get(HooklineEngine.COLLECTION, plugin).orElseThrow().field("status");
    }

    @Test
    public void aPluginRegisteredAfterTheMergeStartsStoppedAndAnEnableFetchesItsService() {
        MvRecordStore store = store();
        HooklineEngine engine = engine(store);
        store.merge(remoteSwitch("late", PluginSwitches.STOPPED, true));
        int[] fetched = {0};
        engine.register(1, TestEngine.props("late", "e"), "b", 1, () -> {
            fetched[0]++;
            return append("L");
        });
        assertEquals(PluginStatus.STOPPED, status(engine, "late"));
        assertEquals("a stopped plugin's service is not fetched", 0, fetched[0]);
        store.merge(remoteSwitch("late", PluginSwitches.STOPPED, false));
        Await.awaitUntil("late runs after the merged enable", DEADLINE,
                () -> "xL".equals(engine.call("e", "x").value()), () -> engine.plugins());
        assertEquals(1, fetched[0]);
    }

    @Test
    public void aMergedUnregisterUnregistersTheRegistrationHereUntilItsServiceComesBack() {
        MvRecordStore store = store();
        HooklineEngine engine = engine(store);
        engine.register(1, TestEngine.props("u", "e"), "b", 1, () -> append("u"));
        store.merge(remoteSwitch("u", PluginSwitches.UNREGISTERED, true));
        Await.awaitUntil("u unregistered", DEADLINE, () -> engine.plugin("u").isEmpty(), () -> engine.plugins());
        assertTrue(engine.isIgnored(1));
        engine.register(2, TestEngine.props("u", "e"), "b", 1, () -> append("u"));
        assertEquals("registered anew: back, not stopped", PluginStatus.REGISTERED, status(engine, "u"));
    }

    @Test
    public void aMergedUnregisterOfAGuardThatLeftHereReleasesItsEventNowAsItWouldAfterARestart() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        MvRecordStore store = MvRecordStore.open(file, false);
        HooklineEngine engine = new HooklineEngine(store, SETTINGS);
        java.util.Map<String, Object> guard = TestEngine.props("block", "signup");
        guard.put(io.hookline.event.EventHandler.CRITICAL, true);
        engine.register(1, guard, "acme.guard", 1, () -> append("-checked"));
        engine.register(2, TestEngine.props("welcome", "signup"), "b", 1, () -> append("-welcome"));
        engine.unregister(1);
        assertTrue("the guard left: refused", engine.call("signup", "x").failedFast());
        // a peer's operator unregistered block (its live guard there): the switch reaches this node
        store.merge(remoteSwitch("block", PluginSwitches.UNREGISTERED, true));
        try {
            Await.awaitUntil("a merged unregister releases a guard that left here, as a local unregister does"
                    + " and as the next restart would", DEADLINE, () -> !engine.call("signup", "x").failedFast(),
                    () -> engine.call("signup", "x").failures());
        } finally {
            engine.close();
            store.close();
        }
        MvRecordStore again = MvRecordStore.open(file, false);
        HooklineEngine restarted = new HooklineEngine(again, SETTINGS);
        try {
            restarted.register(3, TestEngine.props("welcome", "signup"), "b", 1, () -> append("-welcome"));
            assertEquals("released after a restart too", "x-welcome", restarted.call("signup", "x").value());
        } finally {
            restarted.close();
            again.close();
        }
    }

    @Test
    public void aLocalVerbWritesOnlyTheSwitchesItChanged() {
        MvRecordStore store = store();
        HooklineEngine engine = engine(store);
        engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
        engine.start("p");
        StoredRecord started = store.get(PluginSwitches.COLLECTION, "p/started").orElseThrow();
        engine.stop("p");
        assertEquals("true", store.get(PluginSwitches.COLLECTION, "p/stopped").orElseThrow().field(PluginSwitches.ON));
        assertEquals("the stop left the started switch alone: a concurrent start elsewhere is not overwritten",
                started, store.get(PluginSwitches.COLLECTION, "p/started").orElseThrow());
        engine.unregister("p");
        assertEquals("true", store.get(PluginSwitches.COLLECTION, "p/unregistered").orElseThrow().field(PluginSwitches.ON));
        assertEquals("false", store.get(PluginSwitches.COLLECTION, "p/stopped").orElseThrow().field(PluginSwitches.ON));
    }

    @Test
    public void aWriteGuardRefusalFailsTheVerbNamingWhyAndChangesNothing() {
        MvRecordStore store = store();
        HooklineEngine engine = engine(store);
        engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
        store.addWriteGuard((collection, key) -> {
            if (collection.equals(PluginSwitches.COLLECTION)) {
                throw new IllegalStateException("cluster partition: this node sees 1 of 3 members");
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.stop("p"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot stop plugin 'p'")
                && e.getMessage().contains("cluster partition") && e.getMessage().contains("nothing was changed"));
        assertEquals(PluginStatus.REGISTERED, status(engine, "p"));
        assertEquals("xp", engine.call("e", "x").value());
        assertThrows(IllegalStateException.class, () -> engine.unregister("p"));
        assertTrue(engine.plugin("p").isPresent());
        assertEquals("reads are served", 1, engine.plugins().size());
    }

    @Test
    public void switchesOfASingleNodeStoreFromBeforeSwitchRecordsAreMigratedWithTheirVersion() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        StoredRecord legacy;
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            // what the engine wrote before: the switches as fields of the plugin's record
            legacy = mv.put(HooklineEngine.COLLECTION, "old", Map.of("event", "e", "priority", "50", "depends", "",
                    "status", "STOPPED", "reason", "stopped by operator", "bundle", "b", "stopped", "true",
                    "started", "false"));
        }
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            HooklineEngine engine = new HooklineEngine(mv, SETTINGS);
            engine.register(1, TestEngine.props("old", "e"), "b", 1, () -> append("o"));
            assertEquals(PluginStatus.STOPPED, status(engine, "old"));
            assertEquals("the identity is kept", legacy.id(), engine.plugin("old").orElseThrow().id);
            StoredRecord migrated = mv.get(PluginSwitches.COLLECTION, "old/stopped").orElseThrow();
            assertEquals("the old record's version: not newer than what the cluster decided since", legacy.version(),
                    migrated.version());
            assertFalse("a false switch needs no record", mv.get(PluginSwitches.COLLECTION, "old/started").isPresent());
            engine.enable("old");
            engine.close();
        }
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            HooklineEngine engine = new HooklineEngine(mv, SETTINGS);
            engine.register(1, TestEngine.props("old", "e"), "b", 1, () -> append("o"));
            assertEquals("the enable is not undone by migrating again", PluginStatus.STARTED, status(engine, "old"));
            engine.close();
        }
    }
}
