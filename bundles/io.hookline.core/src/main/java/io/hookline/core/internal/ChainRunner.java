package io.hookline.core.internal;

import io.hookline.event.CallContext;
import io.hookline.event.CallOptions;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks one chain snapshot for one call: the engine's hot path.
 *
 * <p>What: each handler gets the previous state; a halt stops the walk; a handler that throws (an
 * exception or a linkage error), returns null or returns a value of the wrong type is isolated and
 * the walk goes on with the state from before it, unless the caller asked for fail-fast or the
 * plugin is critical (then the call halts with the input). A plugin whose same-event dependency
 * failed or was skipped earlier in the same call is skipped too, and every skip is reported.
 * {@link VirtualMachineError}s are rethrown. Why this shape: no lock, no map, no store, and no
 * allocation but the {@link Result} when nothing fails and no options are given; only the failure
 * path tracks which plugins did not run. Threading: static and stateless; runs on the caller's
 * thread.
 */
final class ChainRunner {

    private ChainRunner() {
    }

    /**
     * The type an untyped call checks replies against: the input's class, widened to its
     * collection interface (a handler may answer a {@code Map} with another {@code Map}).
     *
     * @return null for a null input (nothing to check against)
     */
    static Class<?> typeOf(Object input) {
        if (input == null) {
            return null;
        }
        if (input instanceof Map<?, ?>) {
            return Map.class;
        }
        if (input instanceof List<?>) {
            return List.class;
        }
        if (input instanceof Set<?>) {
            return Set.class;
        }
        if (input instanceof Collection<?>) {
            return Collection.class;
        }
        return input.getClass();
    }

    /**
     * The common call: no options. Kept small on purpose (failure handling lives in other methods)
     * so the JIT can inline it into the caller's call site, specialise the handler call per site,
     * and remove the {@link Result} allocation when the caller only reads the value.
     *
     * <p>Three walks: the plain one here, for a healthy chain where a failure gates nothing (no
     * same-event dependency, no critical plugin): a failure is isolated and the loop goes on, as
     * the careful walk would; {@link #gated} for a healthy chain with dependencies or guards,
     * which hands the rest of the call to the careful walk at the first failure; and the careful
     * walk itself. Why two lean loops: a catch block that leaves the loop (as the gated walk's
     * must) measured about 1.5 ns per call slower at N = 1 than one that carries on
     * (benchmarks/RESULTS.md, run 11), and most chains gate nothing.
     *
     * @param slot the event's slot (its failure-streak count)
     * @param chain the slot's chain, read once by the caller
     * @param input the caller's input
     * @param type the expected state type, or null for no check
     */
    static <T> Result<T> run(EventSlot slot, ChainSnapshot chain, T input, Class<?> type) {
        if (chain.plain) {
            return plain(slot, chain, input, type);
        }
        if (--slot.sampleCountdown < 0) {
            return MeasuredWalk.call(slot, chain, input, type);
        }
        if (slot.failing != 0 || chain.careful) {
            return run(chain, input, type, CallOptions.defaults());
        }
        final CompiledChain compiled = chain.compiled;
        if (compiled != null) {
            return compiled.call(chain, input, type);
        }
        if (!chain.compileAsked) {
            ChainCompiler.ask(slot, chain);
        }
        return gated(chain, input, type);
    }

    /**
     * {@link #run(EventSlot, ChainSnapshot, Object, Class)} for a chain the caller saw is
     * {@link ChainSnapshot#plain plain}: the handle's own test of {@link ChainSnapshot#plainFor}
     * decided it, so this checks only the failure streaks.
     */
    static <T> Result<T> plain(EventSlot slot, ChainSnapshot chain, T input, Class<?> type) {
        Object state = input;
        String haltedBy = null;
        List<Failure> failures = null;
        // everything but the array walk of a healthy chain leaves through one branch, so this
        // method stays small enough for the JIT to inline into the caller; a sampled call of this
        // chain hands back its outcome, not its Result, so the one Result below stays the only
        // object built here and the JIT can drop it when the caller reads only the value
        if (--slot.sampleCountdown < 0 || slot.failing != 0 || !chain.walkArrays) {
            if (slot.sampleCountdown >= 0 || slot.failing != 0 || !chain.walkArrays) {
                return notLean(slot, chain, input, type);
            }
            Result<T> sampled = MeasuredWalk.call(slot, chain, input, type);
            state = sampled.value();
            haltedBy = sampled.haltedBy().orElse(null);
            failures = sampled.failed() ? sampled.failures() : null;
        } else {
            final EventHandler<Object>[] handlers = chain.handlers;
            final PluginRuntime[] runtimes = chain.runtimes;
            // Healthy chain (no plugin on a failure streak when the call began): no breaker reads
            // or writes per handler. A failure here starts a streak, which sends later calls the
            // careful way; nothing in this chain depends on the failed plugin, so the walk goes on.
            for (int i = 0; i < handlers.length; i++) {
                final PluginRuntime rt = runtimes[i];
                final Reply<Object> reply;
                try {
                    reply = handlers[i].handle(state, rt);
                } catch (VirtualMachineError fatal) {
                    throw fatal;
                } catch (Throwable t) {
                    failures = add(failures, rt.threw(t, state));
                    continue;
                }
                if (reply == null) {
                    failures = add(failures, rt.badReply(null, type));
                    continue;
                }
                final Object value = reply.value();
                // a handler handing back the state it got needs no type check
                if (value != state && type != null && value != null && !type.isInstance(value)) {
                    failures = add(failures, rt.badReply(reply, type));
                    continue;
                }
                state = value;
                if (reply.isHalt()) {
                    haltedBy = rt.name;
                    break;
                }
            }
        }
        return result(state, haltedBy, failures);
    }

    /**
     * The plain walk's other ways: a sampled call (the timed twin), a failure streak (the careful
     * walk), the chain's compiled code, or the first array walk of a chain, which asks for it to
     * be compiled and then walks the arrays.
     */
    private static <T> Result<T> notLean(EventSlot slot, ChainSnapshot chain, T input, Class<?> type) {
        if (slot.sampleCountdown < 0) {
            return MeasuredWalk.call(slot, chain, input, type);
        }
        if (slot.failing != 0) {
            return run(chain, input, type, CallOptions.defaults());
        }
        // the chain's own code once ChainCompiler made it (a settled, called chain of 2 to
        // CompiledChain.MAX_LENGTH); its walk is the plain one unrolled, one call site per position
        final CompiledChain compiled = chain.compiled;
        if (compiled != null) {
            return compiled.call(chain, input, type);
        }
        ChainCompiler.ask(slot, chain);
        slot.sampleCountdown++; // plain() counts this call again
        return plain(slot, chain, input, type);
    }

    /** The plain walk's result: no failures (the common case) or the isolated ones. */
    private static <T> Result<T> result(Object value, String haltedBy, List<Failure> failures) {
        return failures == null ? Result.of(cast(value), haltedBy) : Result.of(cast(value), haltedBy, failures, null, false);
    }

    /**
     * The healthy walk of a chain whose failures gate other plugins (same-event dependencies,
     * critical plugins): at the first failure the rest of the call goes the careful way, which
     * skips the dependents and halts on a guard.
     */
    private static <T> Result<T> gated(ChainSnapshot chain, T input, Class<?> type) {
        final EventHandler<Object>[] handlers = chain.handlers;
        final PluginRuntime[] runtimes = chain.runtimes;
        Object state = input;
        for (int i = 0; i < handlers.length; i++) {
            final Reply<Object> reply;
            try {
                reply = handlers[i].handle(state, runtimes[i]);
            } catch (Throwable t) {
                return threw(chain, i, input, state, type, t);
            }
            if (reply == null) {
                return badReply(chain, i, input, state, type, null);
            }
            final Object value = reply.value();
            // a handler handing back the state it got needs no type check
            if (value != state && type != null && value != null && !type.isInstance(value)) {
                return badReply(chain, i, input, state, type, reply);
            }
            if (reply.isHalt()) {
                return halted(chain, i, input, value, type);
            }
            state = value;
        }
        return Result.of(cast(state), null);
    }

    // the plain walk's steps, shared with the compiled chains (UnrolledChain): one call each, so
    // an unrolled position stays small

    /** A plain walk's handler threw: isolate it and go on (fatal errors go to the caller). */
    static List<Failure> threwPlain(List<Failure> failures, PluginRuntime rt, Throwable t, Object state) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        return add(failures, rt.threw(t, state));
    }

    /** A plain walk's handler returned null or a value of the wrong type: isolate it and go on. */
    static List<Failure> badReplyPlain(List<Failure> failures, PluginRuntime rt, Reply<Object> reply, Class<?> type) {
        return add(failures, rt.badReply(reply, type));
    }

    /** A plain walk's handler halted with {@code value}. */
    static <T> Result<T> haltedPlain(Object value, PluginRuntime rt, List<Failure> failures) {
        return failures == null ? Result.of(cast(value), rt.name) : Result.of(cast(value), rt.name, failures, null, false);
    }

    /** A lean walk ran to the end with {@code state}. */
    static <T> Result<T> ended(Object state, List<Failure> failures) {
        return failures == null ? Result.of(cast(state), null) : Result.of(cast(state), null, failures, null, false);
    }

    /** The lean walk's handler at {@code i} threw: isolate it (fatal errors go to the caller). */
    static <T> Result<T> threw(ChainSnapshot chain, int i, T input, Object state, Class<?> type, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        return afterFailure(chain, i, input, state, type, chain.runtimes[i].threw(t, state));
    }

    /** The lean walk's handler at {@code i} returned null or a value of the wrong type. */
    static <T> Result<T> badReply(ChainSnapshot chain, int i, T input, Object state, Class<?> type,
            Reply<Object> reply) {
        return afterFailure(chain, i, input, state, type, chain.runtimes[i].badReply(reply, type));
    }

    /** The lean walk's handler at {@code i} halted: done, unless a critical plugin comes later. */
    static <T> Result<T> halted(ChainSnapshot chain, int i, T input, Object value, Class<?> type) {
        String by = chain.runtimes[i].name;
        if (chain.lastCritical > i) {
            return guardsAfterHalt(chain, i, input, value, type, by, null, null, CallOptions.defaults());
        }
        return Result.of(cast(value), by);
    }

    /**
     * A call with options: counted by the slot's sampling countdown and sampled like a call without
     * (then {@link MeasuredWalk} walks the timed twin with these options), else the careful walk.
     *
     * @param slot the event's slot (its countdown)
     * @param chain the slot's chain, read once by the caller
     */
    static <T> Result<T> run(EventSlot slot, ChainSnapshot chain, T input, Class<?> type, CallOptions options) {
        if (--slot.sampleCountdown < 0) {
            return MeasuredWalk.call(slot, chain, input, type, options);
        }
        return run(chain, input, type, options);
    }

    /**
     * The careful walk: per-handler breaker checks, meta contexts, fail-fast, return-original and
     * private data. Taken for calls with options and while a plugin of the event is on a failure
     * streak; kept apart so the common call stays small.
     */
    static <T> Result<T> run(ChainSnapshot chain, T input, Class<?> type, CallOptions options) {
        if (chain.blocked != null) {
            return blocked(chain, input, options);
        }
        return walk(chain, 0, input, input, type, options, null, null);
    }

    private static <T> Result<T> blocked(ChainSnapshot chain, T input, CallOptions options) {
        if (chain.closedCause != null) {
            throw new IllegalStateException(chain.closedCause);
        }
        return Result.of(input, chain.blocked.plugin(), List.of(chain.blocked), options.privateData(), true);
    }

    /** The lean walk saw its first failure at {@code index}: the rest goes the careful way. */
    private static <T> Result<T> afterFailure(ChainSnapshot chain, int index, T input, Object state, Class<?> type,
            Failure failure) {
        List<Failure> failures = add(null, failure);
        if (chain.isCritical(index)) {
            return Result.of(input, failure.plugin(), failures, null, true);
        }
        boolean[] down = new boolean[chain.size()];
        down[index] = true;
        return walk(chain, index + 1, input, state, type, CallOptions.defaults(), failures, down);
    }

    private static <T> Result<T> walk(ChainSnapshot chain, int from, T input, Object start, Class<?> type,
            CallOptions options, List<Failure> failures, boolean[] down) {
        final EventHandler<Object>[] handlers = chain.handlers;
        final PluginRuntime[] runtimes = chain.runtimes;
        final boolean failFast = options.isFailFast();
        // null unless the caller gave meta: then each handler gets a context carrying it
        final Map<String, Object> meta = options.meta().isEmpty() ? null : options.meta();
        Object state = start;
        for (int i = from; i < handlers.length; i++) {
            final PluginRuntime rt = runtimes[i];
            if (down != null && chain.dependsOn != null) {
                int dep = downDependency(chain.dependsOn[i], down);
                if (dep >= 0) {
                    Failure skip = rt.skippedForDependency(runtimes[dep]);
                    down[i] = true;
                    failures = add(failures, skip);
                    if (chain.isCritical(i)) {
                        return Result.of(input, rt.name, failures, options.privateData(), true);
                    }
                    continue;
                }
            }
            final int streak = rt.streak();
            if (streak != 0 && rt.skip()) {
                down = mark(down, chain.size(), i);
                failures = add(failures, rt.skippedByBreaker());
                if (chain.isCritical(i)) {
                    return Result.of(input, rt.name, failures, options.privateData(), true);
                }
                continue;
            }
            Reply<Object> reply;
            Failure failure = null;
            final long budget = chain.budgetNanos == null ? 0 : chain.budgetNanos[i];
            final long began = budget == 0 ? 0 : System.nanoTime();
            boolean slowed = false;
            try {
                reply = handlers[i].handle(state, meta == null ? rt : new MetaContext(rt, meta));
                if (budget != 0 && reply != null) {
                    long took = System.nanoTime() - began;
                    if (took > budget) {
                        // used anyway: the handler finished; the breaker hears about it
                        failures = add(failures, rt.slow(took, budget));
                        slowed = true;
                    }
                }
                if (reply == null || (type != null && reply.value() != null && reply.value() != state
                        && !type.isInstance(reply.value()))) {
                    failure = rt.badReply(reply, type);
                }
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                reply = null;
                failure = rt.threw(t, state);
            }
            if (failure != null) {
                if (failFast) {
                    return Result.of(input, null, add(failures, failure), options.privateData(), true);
                }
                failures = add(failures, failure);
                if (chain.isCritical(i)) {
                    return Result.of(input, rt.name, failures, options.privateData(), true);
                }
                down = mark(down, chain.size(), i);
                continue;
            }
            if (streak != 0 && !slowed) {
                rt.succeeded();
            }
            if (reply.isHalt()) {
                if (chain.lastCritical > i) {
                    return guardsAfterHalt(chain, i, input, reply.value(), type, rt.name, failures, down, options);
                }
                return finish(input, reply.value(), rt.name, failures, options);
            }
            state = reply.value();
        }
        return finish(input, state, null, failures, options);
    }

    /**
     * A plugin at {@code at} halted ahead of critical plugins: a halt skips the ordinary plugins
     * after it, never a guard. Each later critical plugin gets the halted value and may halt
     * (its value wins) or pass it on; one that fails, is skipped by its breaker, or has a
     * same-event dependency that did not run fails the call closed, as anywhere else.
     */
    private static <T> Result<T> guardsAfterHalt(ChainSnapshot chain, int at, T input, Object halted, Class<?> type,
            String haltedBy, List<Failure> failures, boolean[] down, CallOptions options) {
        final Map<String, Object> meta = options.meta().isEmpty() ? null : options.meta();
        boolean[] passed = new boolean[chain.size()];
        Object value = halted;
        for (int j = at + 1; j <= chain.lastCritical; j++) {
            if (!chain.isCritical(j)) {
                continue;
            }
            final PluginRuntime rt = chain.runtimes[j];
            if (chain.dependsOn != null) {
                for (int d : chain.dependsOn[j]) {
                    if ((d > at && !passed[d]) || (down != null && down[d])) {
                        failures = add(failures, rt.skippedForDependency(chain.runtimes[d]));
                        return Result.of(input, rt.name, failures, options.privateData(), true);
                    }
                }
            }
            final int streak = rt.streak();
            if (streak != 0 && rt.skip()) {
                failures = add(failures, rt.skippedByBreaker());
                return Result.of(input, rt.name, failures, options.privateData(), true);
            }
            final long budget = chain.budgetNanos == null ? 0 : chain.budgetNanos[j];
            final long began = budget == 0 ? 0 : System.nanoTime();
            Reply<Object> reply;
            Failure failure = null;
            boolean slowed = false;
            try {
                reply = chain.handlers[j].handle(value, meta == null ? rt : new MetaContext(rt, meta));
                if (budget != 0 && reply != null && System.nanoTime() - began > budget) {
                    failures = add(failures, rt.slow(System.nanoTime() - began, budget));
                    slowed = true;
                }
                if (reply == null || (type != null && reply.value() != null && reply.value() != value
                        && !type.isInstance(reply.value()))) {
                    failure = rt.badReply(reply, type);
                }
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                reply = null;
                failure = rt.threw(t, value);
            }
            if (failure != null) {
                return Result.of(input, rt.name, add(failures, failure), options.privateData(), true);
            }
            if (streak != 0 && !slowed) {
                rt.succeeded();
            }
            passed[j] = true;
            if (reply.isHalt()) {
                return finish(input, reply.value(), rt.name, failures, options);
            }
            value = reply.value();
        }
        return finish(input, value, haltedBy, failures, options);
    }

    private static int downDependency(int[] deps, boolean[] down) {
        for (int d : deps) {
            if (down[d]) {
                return d;
            }
        }
        return -1;
    }

    private static boolean[] mark(boolean[] down, int size, int i) {
        boolean[] out = down == null ? new boolean[size] : down;
        out[i] = true;
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> finish(T input, Object value, String haltedBy, List<Failure> failures,
            CallOptions options) {
        T returned = options.isReturnOriginal() ? input : (T) value;
        return Result.of(returned, haltedBy, failures, options.privateData(), false);
    }

    private static List<Failure> add(List<Failure> failures, Failure failure) {
        List<Failure> out = failures == null ? new ArrayList<>(2) : failures;
        out.add(failure);
        return out;
    }

    /** A call context carrying the caller's meta data; allocated only when meta is given. */
    private record MetaContext(PluginRuntime runtime, Map<String, Object> meta) implements CallContext {
        @Override
        public String event() {
            return runtime.event;
        }

        @Override
        public String plugin() {
            return runtime.name;
        }
    }
}
