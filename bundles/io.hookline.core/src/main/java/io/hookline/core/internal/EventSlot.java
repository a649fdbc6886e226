package io.hookline.core.internal;

/**
 * The engine's entry for one event: the currently published chain.
 *
 * <p>Why: an {@code EventHandle} keeps a reference to its slot, so its call is one volatile read
 * and no map lookup; the chain carries the event's declared type too, so a call reads one volatile
 * field for both. Threading: {@link #chain} is written under the engine's registry lock and read
 * by calls without any lock.
 */
final class EventSlot {

    final String event;
    volatile ChainSnapshot chain = ChainSnapshot.EMPTY;
    /**
     * How many of this event's plugins have a failure streak. Zero (the healthy case) lets a call
     * take the lean walk with no per-handler breaker reads; see {@link PluginRuntime}.
     */
    volatile int failing;

    /** Updates {@link #failing} in place: one field read on the call path, no holder object. */
    static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<EventSlot> FAILING =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(EventSlot.class, "failing");
    /** True once a handle refers to this slot: the slot then outlives its last plugin. */
    volatile boolean pinned;

    /**
     * Calls left before the next sampled (measured) call: decremented by every lean call without
     * any atomic, reloaded by {@link MeasuredWalk} when it runs out. A lost decrement under
     * concurrent calls only moves the next sample. Parked at {@link Integer#MAX_VALUE} while metrics
     * are off.
     */
    int sampleCountdown;
    /** The event's counters and the engine's metrics settings. */
    final EventMetrics metrics;
    /** The timed twin of the current chain, built on the first sampled call after a publication. */
    MeasuredWalk.Twin measured;
    /** Makes this slot's settled chains into code of their own; null: the arrays are always walked. */
    final ChainCompiler compiler;

    /** Swaps a chain for its compiled copy only if no newer chain was published meanwhile. */
    static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<EventSlot, ChainSnapshot> CHAIN =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(EventSlot.class, ChainSnapshot.class,
                    "chain");

    EventSlot(String event) {
        this(event, new MetricsConfig(), null);
    }

    EventSlot(String event, MetricsConfig metrics, ChainCompiler compiler) {
        this.event = event;
        this.metrics = new EventMetrics(metrics);
        this.sampleCountdown = metrics.reload();
        this.compiler = compiler;
    }
}
