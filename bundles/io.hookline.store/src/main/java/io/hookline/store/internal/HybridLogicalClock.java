package io.hookline.store.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock: each reading packs wall-clock milliseconds in its high 48 bits and a
 * logical counter in its low 16 bits (the layout {@link io.hookline.store.RecordVersion} decodes),
 * so readings follow real time while the wall clock moves forward, yet stay strictly monotonic when
 * it stalls or goes backwards (the counter then carries the order, and on overflow simply carries
 * into the millisecond part) and stay causal across nodes through {@link #observe(long)}. The store
 * uses it to stamp record versions; it restores it after a restart by observing the last persisted
 * reading. Thread-safe and lock-free: the last reading lives in one {@link AtomicLong} updated by
 * compare-and-set, so concurrent callers always get distinct, increasing values.
 */
public final class HybridLogicalClock {

    /** Bits of the logical counter. */
    static final int LOGICAL_BITS = 16;

    private static final long WALL_MASK = (1L << 48) - 1;

    private final LongSupplier wallMillis;
    private final AtomicLong last = new AtomicLong();

    /**
     * @param clock the wall clock, not null
     */
    public HybridLogicalClock(Clock clock) {
        this(Objects.requireNonNull(clock, "clock")::millis);
    }

    /**
     * @param wallMillis supplies wall-clock epoch milliseconds (tests pass a clock that jumps), not null
     */
    public HybridLogicalClock(LongSupplier wallMillis) {
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    }

    /**
     * @return a new reading, strictly greater than every reading returned or observed before
     */
    public long tick() {
        long physical = physicalNow();
        long prev;
        long next;
        do {
            prev = last.get();
            next = Math.max(physical, prev + 1);
        } while (!last.compareAndSet(prev, next));
        return next;
    }

    /**
     * Moves this clock past a reading from another node (or from a previous run of this one).
     *
     * @param remote the other reading
     * @return a new reading, strictly greater than {@code remote} and than every reading before
     */
    public long observe(long remote) {
        long physical = physicalNow();
        long prev;
        long next;
        do {
            prev = last.get();
            next = Math.max(physical, Math.max(prev, remote) + 1);
        } while (!last.compareAndSet(prev, next));
        return next;
    }

    /** @return the last reading returned by {@link #tick()} or {@link #observe(long)}, 0 if none */
    public long current() {
        return last.get();
    }

    /**
     * @param timestamp a reading
     * @return its wall-clock part, epoch milliseconds
     */
    public static long wallMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    /**
     * @param timestamp a reading
     * @return its logical counter
     */
    public static int logical(long timestamp) {
        return (int) (timestamp & ((1L << LOGICAL_BITS) - 1));
    }

    private long physicalNow() {
        return (wallMillis.getAsLong() & WALL_MASK) << LOGICAL_BITS;
    }
}
