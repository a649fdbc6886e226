package io.hookline.core.internal;

import io.hookline.event.EventHandler;

/**
 * One published version of an event's chain: the active handlers in run order, and their runtimes
 * at the same index.
 *
 * <p>Why parallel arrays: the call path indexes both without a pointer hop to a holder object.
 * Threading: immutable after construction and published through a volatile field of
 * {@link EventSlot}, so a call sees a whole chain, never a half-built one.
 */
final class ChainSnapshot {

    static final ChainSnapshot EMPTY = new ChainSnapshot(new EventHandler<?>[0], new PluginRuntime[0]);

    final EventHandler<Object>[] handlers;
    final PluginRuntime[] runtimes;

    @SuppressWarnings("unchecked")
    ChainSnapshot(EventHandler<?>[] handlers, PluginRuntime[] runtimes) {
        if (handlers.length != runtimes.length) {
            throw new IllegalArgumentException("handlers and runtimes differ in length");
        }
        this.handlers = (EventHandler<Object>[]) handlers;
        this.runtimes = runtimes;
    }

    int size() {
        return handlers.length;
    }
}
