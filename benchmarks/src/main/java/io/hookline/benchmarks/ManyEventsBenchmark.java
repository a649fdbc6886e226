package io.hookline.benchmarks;

import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Result;
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

/**
 * Does a call slow down as the engine fills up? One event with 10 handlers (eight classes, as in
 * {@code DispatchBenchmark shape=MEGA}), called by name and through a handle, beside
 * {@code otherEvents} other events with one plugin each. Target: the cost moves by less than 10 %
 * between 0 and 10,000 other events. Three forks: a 10 % difference is within the spread of JIT
 * decisions between two single forks, so one fork per side could not tell.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class ManyEventsBenchmark {

    static final String EVENT = "bench.hot";
    static final int HANDLERS = 10;

    @Param({"0", "10000"})
    public int otherEvents;

    Engines.Running running;
    EventHandle<Tally> handle;
    final Tally tally = new Tally();

    @Setup(Level.Trial)
    public void setUp() {
        running = new Engines.Running();
        running.attach(EVENT, Plugins.chain(Shape.MEGA, HANDLERS));
        EventHandler<Tally>[] others = Plugins.chain(Shape.MEGA, Shape.MEGA_CLASSES);
        for (int i = 0; i < otherEvents; i++) {
            running.register("bench.other." + i, "other-" + i, 50, others[i % others.length]);
        }
        int events = running.engine.events().size();
        if (events != otherEvents + 1) {
            throw new IllegalStateException("expected " + (otherEvents + 1) + " events, the engine has " + events);
        }
        handle = running.engine.event(EVENT, Tally.class);
        tally.expectHits("Dispatcher.call", HANDLERS, () -> running.engine.call(EVENT, tally));
        tally.expectHits("EventHandle.call", HANDLERS, () -> handle.call(tally));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        running.close();
    }

    @Benchmark
    public Result<Tally> dispatcherCall() {
        return running.engine.call(EVENT, tally);
    }

    @Benchmark
    public Result<Tally> eventHandleCall() {
        return handle.call(tally);
    }
}
