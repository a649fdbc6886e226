package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.PluginStatus;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Operator verbs and write-behind records on a store that refuses writes (issue 7 item 3). */
public class DurableVerbTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final EngineSettings SETTINGS = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300));

    @Test
    public void aStopOnAFullDiskThrowsAndChangesNothing() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            FullDiskStore store = new FullDiskStore(mv);
            HooklineEngine engine = new HooklineEngine(store, SETTINGS);
            engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            engine.flushRecords();
            store.full.set(true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.stop("p"));
            assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
            assertTrue(e.getMessage(), e.getMessage().contains("'p'"));
            assertEquals(PluginStatus.REGISTERED, engine.plugin("p").orElseThrow().status);
            assertEquals("still runs", "xp", engine.call("e", "x").value());
            store.full.set(false);
            engine.close();
        }
        // after a restart the plugin is not stopped: nothing said it was
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            HooklineEngine engine = new HooklineEngine(mv, SETTINGS);
            engine.register(2, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            assertEquals(PluginStatus.REGISTERED, engine.plugin("p").orElseThrow().status);
            assertEquals("xp", engine.call("e", "x").value());
            engine.close();
        }
    }

    @Test
    public void aStopThatReturnedSurvivesARestart() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            HooklineEngine engine = new HooklineEngine(mv, SETTINGS);
            engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            assertEquals(PluginStatus.STOPPED, engine.stop("p").status);
            engine.close();
        }
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            HooklineEngine engine = new HooklineEngine(mv, SETTINGS);
            engine.register(2, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            assertEquals(PluginStatus.STOPPED, engine.plugin("p").orElseThrow().status);
            engine.close();
        }
    }

    @Test
    public void aRefusedWriteBehindBatchIsKeptAndRetried() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            FullDiskStore store = new FullDiskStore(mv);
            HooklineEngine engine = new HooklineEngine(store, SETTINGS);
            store.full.set(true);
            engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            assertThrows(IllegalStateException.class, engine::flushRecords);
            store.full.set(false);
            Await.awaitUntil("the refused record reached the store", Duration.ofSeconds(10),
                    () -> mv.get(HooklineEngine.COLLECTION, "p").isPresent());
            assertEquals(engine.plugin("p").orElseThrow().id, mv.get(HooklineEngine.COLLECTION, "p").orElseThrow().id());
            engine.close();
        }
    }

    @Test
    public void anUnregisterOnAFullDiskThrowsAndKeepsThePlugin() throws Exception {
        Path file = tmp.newFolder().toPath().resolve("hookline.mv.db");
        try (MvRecordStore mv = MvRecordStore.open(file, false)) {
            FullDiskStore store = new FullDiskStore(mv);
            HooklineEngine engine = new HooklineEngine(store, SETTINGS);
            engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            engine.flushRecords();
            store.full.set(true);
            assertThrows(IllegalStateException.class, () -> engine.unregister("p"));
            assertEquals("xp", engine.call("e", "x").value());
            store.full.set(false);
            engine.flushRecords();
            assertTrue(mv.get(HooklineEngine.COLLECTION, "p").isPresent());
            assertEquals(List.of("p"), engine.plugins().stream().map(d -> d.name).toList());
            engine.close();
        }
    }
}
