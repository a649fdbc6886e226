package io.hookline.core.internal;

import io.hookline.event.CallContext;
import io.hookline.event.CallOptions;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.Result;

/**
 * The sampled call: one call in {@code metrics.sample.every} per event walks a timed twin of the
 * chain, so the other calls carry no counter and no clock read.
 *
 * <p>What: when a slot's countdown runs out, the lean walk (or, for a call with options, the
 * careful walk's entry) hands the call here. The countdown is
 * reloaded, the period's calls are added to the event's count, and the call walks the chain's
 * {@link Twin}: the same snapshot with each handler behind a {@link TimedHandler} that counts the
 * run (weighted by the sampling rate) and, for up to {@value #MAX_TIMED} positions per call
 * (rotating, so long chains cost a bounded number of clock reads), records its latency into the
 * plugin's {@link LatencyWindow}. The twin is walked by {@link ChainRunner}'s careful walk, so a
 * sampled call keeps the exact semantics of any other call (isolation, dependents skipped, guards,
 * breakers, budgets). Why a twin instead of a timing branch in the walks: the lean walks stay
 * untouched, and the twin is built once per published chain, so a sampled call allocates nothing
 * in the steady state. Threading: any caller; the twin cache is a plain field (a racing rebuild is
 * harmless, and the twin's fields are final); the rotation is a plain field too, where a lost
 * update only times another position.
 */
final class MeasuredWalk {

    /** At most this many handlers are timed per sampled call. */
    static final int MAX_TIMED = 8;

    private MeasuredWalk() {
    }

    static <T> Result<T> call(EventSlot slot, ChainSnapshot chain, T input, Class<?> type) {
        return call(slot, chain, input, type, CallOptions.defaults());
    }

    /** A sampled call with the caller's options: the twin is walked with them. */
    static <T> Result<T> call(EventSlot slot, ChainSnapshot chain, T input, Class<?> type, CallOptions options) {
        EventMetrics metrics = slot.metrics;
        MetricsConfig config = metrics.config;
        slot.sampleCountdown = config.reload();
        if (!config.enabled()) {
            return ChainRunner.run(chain, input, type, options);
        }
        int weight = config.sampleEvery();
        metrics.period(weight);
        Twin twin = slot.measured;
        if (twin == null || twin.source != chain) {
            twin = new Twin(chain);
            slot.measured = twin;
        }
        twin.nextRound(weight);
        Result<T> result = ChainRunner.run(twin.timed, input, type, options);
        if (result.halted()) {
            metrics.halted(weight);
            PluginRuntime by = twin.runtime(result.haltedBy().orElse(null));
            if (by != null) {
                by.metrics.halted(weight, System.currentTimeMillis());
            }
        }
        return result;
    }

    /** A chain snapshot with every handler timed; built once per published chain. */
    static final class Twin {
        final ChainSnapshot source;
        final ChainSnapshot timed;
        /** Positions timed per call are those with {@code index % stride == phase}. */
        private final int stride;
        private int phase;
        /** How many calls the current sampled call stands for. */
        private long weight;

        Twin(ChainSnapshot source) {
            this.source = source;
            int n = source.size();
            this.stride = Math.max(1, (n + MAX_TIMED - 1) / MAX_TIMED);
            EventHandler<?>[] wrapped = new EventHandler<?>[n];
            for (int i = 0; i < n; i++) {
                wrapped[i] = new TimedHandler(source.handlers[i], source.runtimes[i].metrics, i, this);
            }
            this.timed = new ChainSnapshot(wrapped, source.runtimes, source.dependsOn, source.critical,
                    source.blocked, source.closedCause, source.budgetNanos).withDeclaredType(source.declaredType);
        }

        void nextRound(long weight) {
            this.weight = weight;
            int p = phase + 1;
            phase = p >= stride ? 0 : p;
        }

        boolean timed(int index) {
            return stride == 1 || index % stride == phase;
        }

        long weight() {
            return weight;
        }

        PluginRuntime runtime(String name) {
            if (name == null) {
                return null;
            }
            for (PluginRuntime rt : source.runtimes) {
                if (rt.name.equals(name)) {
                    return rt;
                }
            }
            return null;
        }
    }

    /** One handler of a twin: counts the run and, when its position is timed this call, the latency. */
    private static final class TimedHandler implements EventHandler<Object> {
        private final EventHandler<Object> target;
        private final PluginMetrics metrics;
        private final int index;
        private final Twin twin;

        TimedHandler(EventHandler<Object> target, PluginMetrics metrics, int index, Twin twin) {
            this.target = target;
            this.metrics = metrics;
            this.index = index;
            this.twin = twin;
        }

        @Override
        public Reply<Object> handle(Object state, CallContext context) throws Exception {
            metrics.ran(twin.weight());
            if (!twin.timed(index)) {
                return target.handle(state, context);
            }
            long began = System.nanoTime();
            try {
                return target.handle(state, context);
            } finally {
                metrics.latency.record(System.nanoTime() - began);
            }
        }
    }
}
