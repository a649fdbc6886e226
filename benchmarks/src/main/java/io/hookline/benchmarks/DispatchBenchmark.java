package io.hookline.benchmarks;

import com.google.common.eventbus.EventBus;
import io.hookline.core.internal.EngineSettings;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * One event with N handlers, dispatched six ways side by side: a hand-written loop (the floor),
 * Hookline's {@code Dispatcher.call} and {@code EventHandle.call}, Guava EventBus, and Felix
 * EventAdmin's synchronous {@code sendEvent} with its default 5 s handler timeout and with the
 * timeout off. Every handler increments the same {@link Tally}; each variant's setup proves one call
 * runs exactly N handlers.
 *
 * <p>{@code shape=MONO} uses one handler class (the JIT can inline it and scalar-replace the
 * {@code Reply}); {@code MEGA} cycles eight classes, as plugins from different bundles are.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DispatchBenchmark {

    static final String EVENT = "bench.dispatch";

    @Param({"1", "10", "100"})
    public int n;

    @Param({"MONO", "MEGA"})
    public Shape shape;

    /**
     * Engine metrics ({@code metrics.enabled}) on or off, side by side: on samples one call in
     * {@link #sampleEvery} through the measured walk; off parks the countdown.
     */
    @Param({"on", "off"})
    public String metrics;

    /** {@code metrics.sample.every} when metrics are on. */
    @Param({"1024"})
    public int sampleEvery;

    /** The engine settings of this trial: defaults plus the metrics parameters. */
    io.hookline.core.internal.EngineSettings settings() {
        return io.hookline.core.internal.EngineSettings.DEFAULTS.withMetrics("on".equals(metrics), sampleEvery,
                io.hookline.core.internal.EngineSettings.DEFAULT_WINDOW);
    }

    /** The chain's handlers, in run order; shared by the hand loop and the engine. */
    EventHandler<Tally>[] handlers;
    final Tally tally = new Tally();

    @Setup(Level.Trial)
    public void chain() {
        handlers = Plugins.chain(shape, n);
    }

    // ------------------------------------------------------------------ hand loop

    /** The floor: a final array of the same handler objects, walked as the engine walks its chain. */
    @State(Scope.Benchmark)
    public static class HandLoop {
        EventHandler<Tally>[] handlers;

        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            handlers = b.handlers;
            b.tally.expectHits("hand loop", b.n, () -> {
                try {
                    run(b.tally);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        final Tally run(Tally input) throws Exception {
            final EventHandler<Tally>[] hs = handlers;
            Tally state = input;
            for (int i = 0; i < hs.length; i++) {
                Reply<Tally> reply = hs[i].handle(state, Plugins.CONTEXT);
                if (reply.isHalt()) {
                    return reply.value();
                }
                state = reply.value();
            }
            return state;
        }
    }

    @Benchmark
    public Tally handLoop(HandLoop loop) throws Exception {
        return loop.run(tally);
    }

    /**
     * The floor of any engine whose chains change at runtime: the hand loop, but its array read
     * through a volatile field (as a republished chain must be, so a stopped plugin is not called
     * after the stop returns) and its outcome returned as a {@link Result}, as
     * {@code EventHandle.call} must. No metrics, no breakers, no type checks: what is left of the
     * engine's fixed cost over this is the engine's own.
     */
    @State(Scope.Benchmark)
    public static class PublishedLoop {
        volatile EventHandler<Tally>[] handlers;

        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            handlers = b.handlers;
            b.tally.expectHits("published hand loop", b.n, () -> {
                try {
                    run(b.tally);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        final Result<Tally> run(Tally input) throws Exception {
            final EventHandler<Tally>[] hs = handlers;
            Tally state = input;
            for (int i = 0; i < hs.length; i++) {
                Reply<Tally> reply = hs[i].handle(state, Plugins.CONTEXT);
                if (reply.isHalt()) {
                    return Result.of(reply.value(), "halt");
                }
                state = reply.value();
            }
            return Result.of(state, null);
        }
    }

    @Benchmark
    public Result<Tally> handLoopPublished(PublishedLoop loop) throws Exception {
        return loop.run(tally);
    }

    // ------------------------------------------------------------------ Hookline

    /**
     * The engine on an in-memory store, the handlers registered as N plugins on one event. Chains
     * are compiled (2 to 1,024 plugins, one hidden class per 16) at the first call, not after the
     * default settling second, and the setup waits until the chain is compiled, so the measured
     * calls all take its code.
     */
    @State(Scope.Benchmark)
    public static class Hookline {
        Engines.Running running;
        EventHandle<Tally> handle;

        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            running = new Engines.Running(settings(b));
            running.attach(EVENT, b.handlers);
            handle = running.engine.event(EVENT, Tally.class);
            b.tally.expectHits("Dispatcher.call", b.n, () -> check(running.engine.call(EVENT, b.tally)));
            b.tally.expectHits("EventHandle.call", b.n, () -> check(handle.call(b.tally)));
            if (compiles(b.n)) {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (running.engine.compiledChains() == 0) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("the chain of " + b.n + " plugins was not compiled within 10 s");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
                b.tally.expectHits("EventHandle.call, compiled", b.n, () -> check(handle.call(b.tally)));
            }
        }

        /** The trial's metrics settings, chains compiled at the first call. */
        EngineSettings settings(DispatchBenchmark b) {
            return b.settings().withCompiledChains(true, java.time.Duration.ZERO);
        }

        boolean compiles(int n) {
            return n >= 2 && n <= 1024;
        }

        private static void check(Result<?> r) {
            if (r.failed() || r.halted()) {
                throw new IllegalStateException("a benchmark call must run clean: " + r);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            running.close();
        }
    }

    /** The same engine with compiled chains off: every call walks the chain's arrays. */
    @State(Scope.Benchmark)
    public static class HooklineArray extends Hookline {
        @Override
        EngineSettings settings(DispatchBenchmark b) {
            return b.settings().withCompiledChains(false, java.time.Duration.ZERO);
        }

        @Override
        boolean compiles(int n) {
            return false;
        }
    }

    @Benchmark
    public Result<Tally> dispatcherCall(Hookline h) {
        return h.running.engine.call(EVENT, tally);
    }

    @Benchmark
    public Result<Tally> eventHandleCall(Hookline h) {
        return h.handle.call(tally);
    }

    /** {@link #eventHandleCall} with compiled chains off: the array walk, side by side. */
    @Benchmark
    public Result<Tally> eventHandleCallArray(HooklineArray h) {
        return h.handle.call(tally);
    }

    /**
     * The usual caller: reads the value and lets the result go. Same work as the hand loop, which
     * also returns only the value; the JIT may then drop the {@code Result} allocation.
     */
    @Benchmark
    public Tally eventHandleCallValue(Hookline h) {
        return h.handle.call(tally).value();
    }

    /**
     * The same chain with its middle handler (index n / 2) replaced by one that throws on every
     * call; the breaker threshold is out of reach, so every call takes the failure path (the
     * isolation, the failure record, the careful walk of the rest). The exception is preallocated
     * without a stack trace, so this times the engine, not {@code fillInStackTrace}.
     */
    @State(Scope.Benchmark)
    public static class OneThrows {
        static final RuntimeException BOOM = new RuntimeException("benchmark failure", null, false, false) {
            private static final long serialVersionUID = 1L;
        };
        Engines.Running running;
        EventHandle<Tally> handle;

        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            running = new Engines.Running(new io.hookline.core.internal.EngineSettings(Integer.MAX_VALUE,
                    java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(1)).withMetrics(
                            "on".equals(b.metrics), b.sampleEvery, io.hookline.core.internal.EngineSettings.DEFAULT_WINDOW));
            EventHandler<?>[] chain = b.handlers.clone();
            chain[b.n / 2] = (EventHandler<Tally>) (state, ctx) -> {
                throw BOOM;
            };
            running.attach(EVENT, chain);
            handle = running.engine.event(EVENT, Tally.class);
            b.tally.expectHits("EventHandle.call, one throws", b.n - 1, () -> {
                Result<Tally> r = handle.call(b.tally);
                if (r.failures().size() != 1) {
                    throw new IllegalStateException("exactly one failure expected: " + r);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            running.close();
        }
    }

    @Benchmark
    public Result<Tally> eventHandleCallOneThrows(OneThrows h) {
        return h.handle.call(tally);
    }

    // ------------------------------------------------------------------ Guava EventBus

    /** A synchronous EventBus with N subscribers of the tally. */
    @State(Scope.Benchmark)
    public static class Bus {
        EventBus bus;

        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            bus = new EventBus("bench");
            for (int i = 0; i < b.n; i++) {
                bus.register(BusSubscribers.create(b.shape, i));
            }
            b.tally.expectHits("EventBus.post", b.n, () -> bus.post(b.tally));
        }
    }

    @Benchmark
    public void eventBusPost(Bus bus) {
        bus.bus.post(tally);
    }

    // ------------------------------------------------------------------ Felix EventAdmin

    /** EventAdmin in a real Felix; the event is built once (it is immutable), so only delivery is timed. */
    public abstract static class Admin {
        private EmbeddedEventAdmin felix;
        EventAdmin eventAdmin;
        Event event;
        private Tally tally;
        private int n;

        void start(DispatchBenchmark b, Integer timeoutMillis) {
            felix = new EmbeddedEventAdmin(timeoutMillis);
            for (int i = 0; i < b.n; i++) {
                felix.register(AdminHandlers.create(b.shape, i));
            }
            eventAdmin = felix.eventAdmin();
            event = new Event(EmbeddedEventAdmin.TOPIC, Map.of(AdminHandlers.TALLY, b.tally));
            tally = b.tally;
            n = b.n;
            tally.expectHits("EventAdmin.sendEvent", n, () -> eventAdmin.sendEvent(event));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                // still delivering to every handler after the run (nothing was denied for a timeout)
                tally.expectHits("EventAdmin.sendEvent after the run", n, () -> eventAdmin.sendEvent(event));
            } finally {
                felix.close();
            }
        }
    }

    /** Felix EventAdmin defaults: 5 s handler timeout, so every handler runs on a pool thread. */
    @State(Scope.Benchmark)
    public static class AdminDefault extends Admin {
        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            start(b, null);
        }
    }

    /** {@code org.apache.felix.eventadmin.Timeout=0}: handlers run on the caller's thread. */
    @State(Scope.Benchmark)
    public static class AdminNoTimeout extends Admin {
        @Setup(Level.Trial)
        public void setUp(DispatchBenchmark b) {
            start(b, 0);
        }
    }

    @Benchmark
    public void eventAdminDefault(AdminDefault admin) {
        admin.eventAdmin.sendEvent(admin.event);
    }

    @Benchmark
    public void eventAdminNoTimeout(AdminNoTimeout admin) {
        admin.eventAdmin.sendEvent(admin.event);
    }
}
