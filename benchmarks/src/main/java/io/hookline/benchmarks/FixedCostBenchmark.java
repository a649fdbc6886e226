package io.hookline.benchmarks;

import io.hookline.event.CallContext;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the fixed cost of a call goes: the hand loop of {@link DispatchBenchmark}, then the same
 * walk with the engine's per-call steps added one at a time, in the order {@code EventHandle.call}
 * takes them, on a model of the engine's structures (a slot holding a volatile chain, the chain's
 * parallel arrays, a per-plugin context). Nothing here is the engine: the point is the price of
 * each step on this machine, side by side in one run, so a change to the call path can be judged
 * against what each step must cost.
 *
 * <p>Steps (each benchmark has every step of the one before): {@code s0Loop} the hand loop;
 * {@code s1Published} its array read through a volatile field and a {@link Result} returned;
 * {@code s2Handle} reached through a handle object and its slot, the chain's type tested;
 * {@code s3Failing} a volatile failure-streak count tested; {@code s4Countdown} the metrics
 * countdown decremented and tested; {@code s5Flag} the compiled-chain flag tested;
 * {@code s6Runtime} each handler given its own context from a second array; {@code s7Checks} the
 * reply's null and type checks and the catch of a throwing handler. Each step is written out
 * whole on purpose (the duplication is the method): a shared helper would give the JIT one more
 * inlining decision per step, and a step's price must be its own lines, nothing else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FixedCostBenchmark {

    @Param({"1"})
    public int n;

    @Param({"MONO"})
    public Shape shape;

    final Tally tally = new Tally();
    EventHandler<Tally>[] handlers;
    Handle handle;

    /** The engine's chain, modelled: parallel arrays, a type, a racy flag. */
    static final class Chain {
        final EventHandler<Object>[] handlers;
        final CallContext[] runtimes;
        final Class<?> plainFor;
        boolean walkArrays = true;

        @SuppressWarnings("unchecked")
        Chain(EventHandler<?>[] handlers, Class<?> plainFor) {
            this.handlers = (EventHandler<Object>[]) handlers;
            this.runtimes = new CallContext[handlers.length];
            java.util.Arrays.fill(runtimes, Plugins.CONTEXT);
            this.plainFor = plainFor;
        }
    }

    /** The engine's slot, modelled. */
    static final class Slot {
        volatile Chain chain;
        volatile int failing;
        int sampleCountdown = Integer.MAX_VALUE;
    }

    /** The engine's handle, modelled. */
    static final class Handle {
        final Slot slot;
        final Class<?> type;

        Handle(Slot slot, Class<?> type) {
            this.slot = slot;
            this.type = type;
        }
    }

    volatile EventHandler<Tally>[] published;

    @Setup(Level.Trial)
    public void setUp() {
        handlers = Plugins.chain(shape, n);
        published = handlers;
        Slot slot = new Slot();
        slot.chain = new Chain(handlers, Tally.class);
        handle = new Handle(slot, Tally.class);
    }

    @Benchmark
    public Tally s0Loop() throws Exception {
        final EventHandler<Tally>[] hs = handlers;
        Tally state = tally;
        for (int i = 0; i < hs.length; i++) {
            Reply<Tally> reply = hs[i].handle(state, Plugins.CONTEXT);
            if (reply.isHalt()) {
                return reply.value();
            }
            state = reply.value();
        }
        return state;
    }

    @Benchmark
    public Result<Tally> s1Published() throws Exception {
        final EventHandler<Tally>[] hs = published;
        Tally state = tally;
        for (int i = 0; i < hs.length; i++) {
            Reply<Tally> reply = hs[i].handle(state, Plugins.CONTEXT);
            if (reply.isHalt()) {
                return Result.of(reply.value(), "h");
            }
            state = reply.value();
        }
        return Result.of(state, null);
    }

    @Benchmark
    public Result<Object> s2Handle() throws Exception {
        final Handle h = handle;
        final Chain chain = h.slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        return walk(chain, tally);
    }

    @Benchmark
    public Result<Object> s3Failing() throws Exception {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (slot.failing != 0) {
            return slow();
        }
        return walk(chain, tally);
    }

    @Benchmark
    public Result<Object> s4Countdown() throws Exception {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0) {
            return slow();
        }
        return walk(chain, tally);
    }

    @Benchmark
    public Result<Object> s5Flag() throws Exception {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            return slow();
        }
        return walk(chain, tally);
    }

    @Benchmark
    public Result<Object> s6Runtime() throws Exception {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            return slow();
        }
        final EventHandler<Object>[] hs = chain.handlers;
        final CallContext[] rts = chain.runtimes;
        Object state = tally;
        for (int i = 0; i < hs.length; i++) {
            Reply<Object> reply = hs[i].handle(state, rts[i]);
            if (reply.isHalt()) {
                return Result.of(reply.value(), "h");
            }
            state = reply.value();
        }
        return Result.of(state, null);
    }

    @Benchmark
    public Result<Object> s7Checks() {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            return slow();
        }
        final EventHandler<Object>[] hs = chain.handlers;
        final CallContext[] rts = chain.runtimes;
        final Class<?> type = h.type;
        Object state = tally;
        String haltedBy = null;
        int failed = 0;
        for (int i = 0; i < hs.length; i++) {
            final Reply<Object> reply;
            try {
                reply = hs[i].handle(state, rts[i]);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                failed++;
                continue;
            }
            if (reply == null) {
                failed++;
                continue;
            }
            final Object value = reply.value();
            if (value != state && type != null && value != null && !type.isInstance(value)) {
                failed++;
                continue;
            }
            state = value;
            if (reply.isHalt()) {
                haltedBy = "h";
                break;
            }
        }
        return failed == 0 ? Result.of(state, haltedBy) : slow();
    }

    /** {@code s6Runtime} plus only the catch of a throwing handler (the walk goes on). */
    @Benchmark
    public Result<Object> s7aCatch() {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            return slow();
        }
        final EventHandler<Object>[] hs = chain.handlers;
        final CallContext[] rts = chain.runtimes;
        Object state = tally;
        java.util.List<Object> failures = null;
        for (int i = 0; i < hs.length; i++) {
            final Reply<Object> reply;
            try {
                reply = hs[i].handle(state, rts[i]);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                failures = failed(failures, t);
                continue;
            }
            if (reply.isHalt()) {
                return Result.of(reply.value(), "h");
            }
            state = reply.value();
        }
        return failures == null ? Result.of(state, null) : slow();
    }

    /** {@code s6Runtime} plus only the reply's null and type checks. */
    @Benchmark
    public Result<Object> s7bReplyChecks() throws Exception {
        final Handle h = handle;
        final Slot slot = h.slot;
        final Chain chain = slot.chain;
        if (chain.plainFor != h.type) {
            return null;
        }
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            return slow();
        }
        final EventHandler<Object>[] hs = chain.handlers;
        final CallContext[] rts = chain.runtimes;
        final Class<?> type = h.type;
        Object state = tally;
        for (int i = 0; i < hs.length; i++) {
            Reply<Object> reply = hs[i].handle(state, rts[i]);
            if (reply == null) {
                return slow();
            }
            final Object value = reply.value();
            if (value != state && type != null && value != null && !type.isInstance(value)) {
                return slow();
            }
            state = value;
            if (reply.isHalt()) {
                return Result.of(state, "h");
            }
        }
        return Result.of(state, null);
    }

    @org.openjdk.jmh.annotations.CompilerControl(org.openjdk.jmh.annotations.CompilerControl.Mode.DONT_INLINE)
    private static java.util.List<Object> failed(java.util.List<Object> failures, Throwable t) {
        java.util.List<Object> out = failures == null ? new java.util.ArrayList<>() : failures;
        out.add(t);
        return out;
    }

    private static Result<Object> walk(Chain chain, Object input) throws Exception {
        final EventHandler<Object>[] hs = chain.handlers;
        Object state = input;
        for (int i = 0; i < hs.length; i++) {
            Reply<Object> reply = hs[i].handle(state, Plugins.CONTEXT);
            if (reply.isHalt()) {
                return Result.of(reply.value(), "h");
            }
            state = reply.value();
        }
        return Result.of(state, null);
    }

    /** The rare way out (never taken here): kept out of line, as the engine's is. */
    @org.openjdk.jmh.annotations.CompilerControl(org.openjdk.jmh.annotations.CompilerControl.Mode.DONT_INLINE)
    private static Result<Object> slow() {
        return Result.of(null, "slow");
    }
}
