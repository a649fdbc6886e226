package io.hookline.benchmarks;

import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Do concurrent callers scale? {@code EventHandle.call} on one shared 10-handler chain from one
 * thread and from two, each thread with its own tally. JMH sums the threads' throughput. Target:
 * two threads at least 1.8 times one (on an otherwise idle 2-core machine).
 *
 * <p>The control: the same handlers in a hand loop, from one thread and from two. It shares
 * nothing but the handler array, so where it does not scale either, the machine (other load, GC,
 * memory bandwidth) is the limit, not the engine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ScalingBenchmark {

    static final String EVENT = "bench.scaling";
    static final int HANDLERS = 10;

    @Param({"MONO", "MEGA"})
    public Shape shape;

    Engines.Running running;
    EventHandle<Tally> handle;
    EventHandler<Tally>[] handlers;

    @Setup(Level.Trial)
    public void setUp() {
        running = new Engines.Running();
        handlers = Plugins.chain(shape, HANDLERS);
        running.attach(EVENT, handlers);
        handle = running.engine.event(EVENT, Tally.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        running.close();
    }

    /** Each calling thread's own state, so the threads share the chain and nothing they write. */
    @State(Scope.Thread)
    public static class Caller {
        final Tally tally = new Tally();

        @Setup(Level.Trial)
        public void setUp(ScalingBenchmark b) {
            tally.expectHits("EventHandle.call", HANDLERS, () -> b.handle.call(tally));
        }
    }

    @Benchmark
    @Threads(1)
    public Result<Tally> oneThread(Caller caller) {
        return handle.call(caller.tally);
    }

    @Benchmark
    @Threads(2)
    public Result<Tally> twoThreads(Caller caller) {
        return handle.call(caller.tally);
    }

    @Benchmark
    @Threads(1)
    public Tally handLoopOneThread(Caller caller) throws Exception {
        return handLoop(caller.tally);
    }

    @Benchmark
    @Threads(2)
    public Tally handLoopTwoThreads(Caller caller) throws Exception {
        return handLoop(caller.tally);
    }

    private Tally handLoop(Tally input) throws Exception {
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
