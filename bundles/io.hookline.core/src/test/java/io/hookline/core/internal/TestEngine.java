package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** An engine on a real MVStore file in a temp folder, with helpers to register plugins. */
final class TestEngine implements AutoCloseable {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(1000);

    final Path file;
    final MvRecordStore store;
    final HooklineEngine engine;

    TestEngine(Path dir) {
        this(dir, new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
    }

    TestEngine(Path dir, EngineSettings settings) {
        this.file = dir.resolve("hookline.mv.db");
        this.store = MvRecordStore.open(file, false);
        this.engine = new HooklineEngine(store, settings);
    }

    /** Registers a plugin; returns its service id. */
    long plugin(String name, String event, int priority, List<String> depends, EventHandler<?> handler) {
        Map<String, Object> props = new HashMap<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, event);
        props.put(EventHandler.PRIORITY, priority);
        props.put(EventHandler.DEPENDS, depends.toArray(new String[0]));
        return register(props, handler);
    }

    /** Minimal service properties of a plugin. */
    static Map<String, Object> props(String name, String event) {
        Map<String, Object> props = new HashMap<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, event);
        return props;
    }

    long register(Map<String, Object> props, EventHandler<?> handler) {
        long id = SERVICE_IDS.incrementAndGet();
        engine.register(id, props, "test.bundle", 7, () -> handler);
        return id;
    }

    /** A handler that appends its tag to a String state. */
    static EventHandler<String> append(String tag) {
        return (state, ctx) -> Reply.next(state + tag);
    }

    static EventHandler<String> map(UnaryOperator<String> f) {
        return (state, ctx) -> Reply.next(f.apply(state));
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
