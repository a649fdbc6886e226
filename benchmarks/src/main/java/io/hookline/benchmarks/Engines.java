package io.hookline.benchmarks;

import io.hookline.core.internal.EngineSettings;
import io.hookline.core.internal.HooklineEngine;
import io.hookline.event.EventHandler;
import io.hookline.store.internal.MvRecordStore;
import java.util.Map;

/**
 * Builds engines the way the whiteboard does, minus OSGi: one {@code register} per handler service.
 */
final class Engines {

    static final String BUNDLE = "io.hookline.benchmarks";
    static final long BUNDLE_ID = 42L;

    private Engines() {
    }

    /** An engine on an in-memory store, and the store, closed together. */
    static final class Running implements AutoCloseable {
        final MvRecordStore store = MvRecordStore.inMemory();
        final HooklineEngine engine;
        private long nextServiceId = 1;

        Running() {
            this(EngineSettings.DEFAULTS);
        }

        Running(EngineSettings settings) {
            engine = new HooklineEngine(store, settings);
        }

        /**
         * Registers {@code handlers} on {@code event}, in array order (priority = index, so the
         * engine's run order is the array's order).
         */
        void attach(String event, EventHandler<?>[] handlers) {
            for (int i = 0; i < handlers.length; i++) {
                EventHandler<?> h = handlers[i];
                register(event, event + "-" + i, Math.min(i, 100), h);
            }
        }

        void register(String event, String plugin, int priority, EventHandler<?> handler) {
            engine.register(nextServiceId++, props(event, plugin, priority), BUNDLE, BUNDLE_ID, () -> handler);
        }

        @Override
        public void close() {
            engine.close();
            store.close();
        }
    }

    static Map<String, Object> props(String event, String plugin, int priority) {
        return Map.of(EventHandler.PLUGIN, plugin, EventHandler.EVENT, event, EventHandler.PRIORITY, priority);
    }
}
