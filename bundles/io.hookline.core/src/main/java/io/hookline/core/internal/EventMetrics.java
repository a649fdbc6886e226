package io.hookline.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One event's counters: calls (whole sampling periods, plus the current period's progress read
 * from the slot's countdown), sampled halts, and exact failures and skips of its plugins.
 *
 * <p>Why kept per slot: a slot outlives plugin churn, so event counts survive a plugin leaving.
 * Threading: atomics, any thread; nothing here is touched by an unsampled call.
 */
final class EventMetrics {

    final MetricsConfig config;
    private final AtomicLong periods = new AtomicLong();
    private final AtomicLong halts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skips = new AtomicLong();

    EventMetrics(MetricsConfig config) {
        this.config = config;
    }

    /** A sampling period of {@code calls} calls ended with a sampled call. */
    void period(long calls) {
        periods.addAndGet(calls);
    }

    void halted(long weight) {
        halts.addAndGet(weight);
    }

    void failed(io.hookline.event.Failure.Kind kind) {
        if (kind == io.hookline.event.Failure.Kind.SKIPPED) {
            skips.incrementAndGet();
        } else {
            failures.incrementAndGet();
        }
    }

    /**
     * @param countdown the slot's current countdown
     * @return the calls so far: whole periods plus the current one's calls, when metrics are on
     */
    long calls(int countdown) {
        long done = periods.get();
        if (!config.enabled()) {
            return done;
        }
        long inPeriod = (long) config.sampleEvery() - 1 - countdown;
        return done + (inPeriod >= 0 && inPeriod < config.sampleEvery() ? inPeriod : 0);
    }

    /** Before a settings change: the current period's calls become a period of their own. */
    void fold(int countdown) {
        long now = calls(countdown);
        periods.set(now);
    }

    long halts() {
        return halts.get();
    }

    long failures() {
        return failures.get();
    }

    long skips() {
        return skips.get();
    }
}
