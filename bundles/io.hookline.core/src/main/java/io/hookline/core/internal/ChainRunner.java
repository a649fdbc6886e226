package io.hookline.core.internal;

import io.hookline.event.CallContext;
import io.hookline.event.CallOptions;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks one chain snapshot for one call: the engine's hot path.
 *
 * <p>What: each handler gets the previous state; a halt stops the walk; a handler that throws (an
 * exception or a linkage error), returns null or returns a value of the wrong type is isolated and
 * the walk goes on with the state from before it, unless the caller asked for fail-fast.
 * {@link VirtualMachineError}s are rethrown. Why this shape: no lock, no map, no store, and no
 * allocation but the {@link Result} when nothing fails and no options are given. Threading: static
 * and stateless; runs on the caller's thread.
 */
final class ChainRunner {

    private ChainRunner() {
    }

    /**
     * The common call: no options. Kept small on purpose (failure handling lives in other methods)
     * so the JIT can inline it into the caller's call site, specialise the handler call per site,
     * and often remove the {@link Result} allocation when the caller only reads the value.
     *
     * @param slot the event's slot, whose current chain is walked
     * @param input the caller's input
     * @param type the expected state type, or null for no check (untyped calls)
     */
    static <T> Result<T> run(EventSlot slot, T input, Class<?> type) {
        final ChainSnapshot chain = slot.chain;
        if (slot.failing != 0) {
            return run(chain, input, type, CallOptions.defaults());
        }
        final EventHandler<Object>[] handlers = chain.handlers;
        final PluginRuntime[] runtimes = chain.runtimes;
        List<Failure> failures = null;
        Object state = input;
        // Healthy chain (no plugin on a failure streak when the call began): no breaker reads or
        // writes per handler. A failure here starts a streak, which sends later calls the careful way.
        for (int i = 0; i < handlers.length; i++) {
            final PluginRuntime rt = runtimes[i];
            final Reply<Object> reply;
            try {
                reply = handlers[i].handle(state, rt);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                failures = add(failures, rt.threw(t));
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
            if (reply.isHalt()) {
                return result(value, rt.name, failures);
            }
            state = value;
        }
        return result(state, null, failures);
    }

    /**
     * The careful walk: per-handler breaker checks, meta contexts, fail-fast, return-original and
     * private data. Taken for calls with options and while a plugin of the event is on a failure
     * streak; kept apart so the common call stays small.
     */
    static <T> Result<T> run(ChainSnapshot chain, T input, Class<?> type, CallOptions options) {
        final EventHandler<Object>[] handlers = chain.handlers;
        final PluginRuntime[] runtimes = chain.runtimes;
        final boolean failFast = options.isFailFast();
        // null unless the caller gave meta: then each handler gets a context carrying it
        final Map<String, Object> meta = options.meta().isEmpty() ? null : options.meta();
        List<Failure> failures = null;
        Object state = input;
        for (int i = 0; i < handlers.length; i++) {
            final PluginRuntime rt = runtimes[i];
            final int streak = rt.streak();
            if (streak != 0 && rt.skip()) {
                continue;
            }
            Reply<Object> reply;
            Failure failure = null;
            try {
                reply = handlers[i].handle(state, meta == null ? rt : new MetaContext(rt, meta));
                if (reply == null || (type != null && reply.value() != null && !type.isInstance(reply.value()))) {
                    failure = rt.badReply(reply, type);
                }
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                reply = null;
                failure = rt.threw(t);
            }
            if (failure != null) {
                if (failFast) {
                    return Result.of(input, null, List.of(failure), options.privateData(), true);
                }
                failures = add(failures, failure);
                continue;
            }
            if (streak != 0) {
                rt.succeeded();
            }
            if (reply.isHalt()) {
                return finish(input, reply.value(), rt.name, failures, options);
            }
            state = reply.value();
        }
        return finish(input, state, null, failures, options);
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> result(Object value, String haltedBy, List<Failure> failures) {
        return failures == null ? Result.of((T) value, haltedBy) : Result.of((T) value, haltedBy, failures, null, false);
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
