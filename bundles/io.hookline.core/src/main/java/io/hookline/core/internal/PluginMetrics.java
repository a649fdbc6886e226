package io.hookline.core.internal;

import io.hookline.event.Failure;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One plugin's counters: exact failures by kind, skips and breaker opens (counted by
 * {@link PluginRuntime}'s failure methods, off the healthy path), and the sampled runs, halts and
 * latencies recorded by {@link MeasuredWalk}.
 *
 * <p>Why apart from the runtime: the runtime is the breaker; this is bookkeeping it feeds, and
 * nothing here is read on a call. Threading: atomics, any thread.
 */
final class PluginMetrics {

    private static final Failure.Kind[] KINDS = Failure.Kind.values();

    private final AtomicLongArray failures = new AtomicLongArray(KINDS.length);
    private final AtomicLong skips = new AtomicLong();
    private final AtomicLong breakerOpens = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong halts = new AtomicLong();
    private volatile long lastHaltAtMillis;
    final LatencyWindow latency;

    PluginMetrics(int window) {
        latency = new LatencyWindow(window);
    }

    void failed(Failure.Kind kind) {
        if (kind == Failure.Kind.SKIPPED) {
            skips.incrementAndGet();
        } else {
            failures.incrementAndGet(kind.ordinal());
        }
    }

    void breakerOpened() {
        breakerOpens.incrementAndGet();
    }

    /** A sampled call ran the handler; it stands for {@code weight} calls. */
    void ran(long weight) {
        calls.addAndGet(weight);
    }

    /** A sampled call was halted by this plugin; it stands for {@code weight} calls. */
    void halted(long weight, long nowMillis) {
        halts.addAndGet(weight);
        lastHaltAtMillis = nowMillis;
    }

    long failures(Failure.Kind kind) {
        return failures.get(kind.ordinal());
    }

    long failuresTotal() {
        long sum = 0;
        for (int i = 0; i < KINDS.length; i++) {
            sum += failures.get(i);
        }
        return sum;
    }

    long skips() {
        return skips.get();
    }

    long breakerOpens() {
        return breakerOpens.get();
    }

    long calls() {
        return calls.get();
    }

    long halts() {
        return halts.get();
    }

    long lastHaltAtMillis() {
        return lastHaltAtMillis;
    }
}
