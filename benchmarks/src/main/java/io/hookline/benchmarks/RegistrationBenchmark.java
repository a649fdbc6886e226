package io.hookline.benchmarks;

import io.hookline.core.internal.EngineSettings;
import io.hookline.core.internal.HooklineEngine;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.RecordStore;
import io.hookline.store.internal.MvRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Startup cost: registering 10,000 plugins on a fresh engine, each on its own event or 100 per
 * event across 100 events, with an in-memory store and with a file store (no fsync), and, as the
 * control, with a plain-map store that shows the engine's own share. Each iteration is one fresh
 * engine; the property maps are built beforehand. Target: under 1 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class RegistrationBenchmark {

    static final int PLUGINS = 10_000;

    /** Where the engine keeps its plugin records. */
    public enum Store {
        /** {@code MvRecordStore.inMemory()} */
        MEMORY,
        /** {@code MvRecordStore.open(tmp, false)}: a real file, no fsync per write */
        FILE,
        /** the control: {@link HeapRecordStore}, a plain map, so only the engine's own work is timed */
        HEAP
    }

    /** How the plugins are spread over events. */
    public enum Layout {
        /** 10,000 events of one plugin: 10,000 chains built */
        OWN_EVENT(PLUGINS),
        /** 100 events of 100 plugins: each chain is rebuilt 100 times as it grows */
        HUNDRED_EVENTS(100);

        final int events;

        Layout(int events) {
            this.events = events;
        }
    }

    @Param({"MEMORY", "FILE", "HEAP"})
    public Store store;

    @Param({"OWN_EVENT", "HUNDRED_EVENTS"})
    public Layout layout;

    private List<Map<String, Object>> props;
    private final Supplier<EventHandler<?>> handler = () -> Plugins.chain(Shape.MONO, 1)[0];

    private Path dir;
    private RecordStore recordStore;
    private HooklineEngine engine;

    @Setup(Level.Trial)
    public void properties() {
        props = java.util.stream.IntStream.range(0, PLUGINS)
                .mapToObj(i -> Engines.props("bench.event." + (i % layout.events), "plugin-" + i, i / layout.events))
                .toList();
    }

    @Setup(Level.Invocation)
    public void freshEngine() throws IOException {
        if (store == Store.FILE) {
            dir = Files.createTempDirectory("hookline-bench-store");
            recordStore = MvRecordStore.open(dir.resolve("plugins.mv.db"), false);
        } else if (store == Store.MEMORY) {
            recordStore = MvRecordStore.inMemory();
        } else {
            recordStore = new HeapRecordStore();
        }
        engine = new HooklineEngine(recordStore, EngineSettings.DEFAULTS);
    }

    @Benchmark
    public HooklineEngine register10k() {
        for (int i = 0; i < PLUGINS; i++) {
            engine.register(i + 1, props.get(i), Engines.BUNDLE, Engines.BUNDLE_ID, handler);
        }
        // timed until the records are in the store, not only queued for the writer
        engine.flushRecords();
        return engine;
    }

    @TearDown(Level.Invocation)
    public void check() {
        try {
            int events = engine.events().size();
            long active = engine.plugins().stream().filter(p -> p.status == PluginStatus.REGISTERED).count();
            if (events != layout.events || active != PLUGINS) {
                throw new IllegalStateException("expected " + PLUGINS + " active plugins on " + layout.events
                        + " events, got " + active + " on " + events);
            }
            Tally t = new Tally();
            t.expectHits("a call after registration", PLUGINS / layout.events, () -> engine.call("bench.event.0", t));
        } finally {
            engine.close();
            if (recordStore instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the store failed", e);
                }
            }
            if (dir != null) {
                EmbeddedEventAdmin.deleteTree(dir);
                dir = null;
            }
        }
    }
}
