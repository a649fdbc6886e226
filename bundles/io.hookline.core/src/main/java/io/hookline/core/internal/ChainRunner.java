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
     * @param chain the snapshot to walk
     * @param input the caller's input
     * @param type the expected state type, or null for no check (untyped calls)
     * @param options the call options, or null for defaults
     */
    @SuppressWarnings("unchecked")
    static <T> Result<T> run(ChainSnapshot chain, T input, Class<?> type, CallOptions options) {
        final EventHandler<Object>[] handlers = chain.handlers;
        final PluginRuntime[] runtimes = chain.runtimes;
        final boolean failFast = options != null && options.isFailFast();
        // null unless the caller gave meta: then each handler gets a context carrying it
        final Map<String, Object> meta = options == null || options.meta().isEmpty() ? null : options.meta();
        List<Failure> failures = null;
        Object state = input;
        for (int i = 0; i < handlers.length; i++) {
            final PluginRuntime rt = runtimes[i];
            if (rt.open && !rt.tryTrial()) {
                continue;
            }
            final CallContext context = meta == null ? rt : new MetaContext(rt, meta);
            Reply<Object> reply;
            Failure failure;
            try {
                reply = handlers[i].handle(state, context);
                failure = reply == null ? failure(rt, Failure.Kind.NULL_REPLY, "handler returned null instead of a Reply", null)
                        : (type != null && reply.value() != null && !type.isInstance(reply.value()))
                                ? failure(rt, Failure.Kind.WRONG_TYPE, "handler returned a "
                                        + reply.value().getClass().getName() + " where " + type.getName()
                                        + " was expected", null)
                                : null;
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                reply = null;
                failure = failure(rt, Failure.Kind.THREW, String.valueOf(t), t);
            }
            if (failure != null) {
                rt.failed(failure);
                if (failFast) {
                    return Result.of(input, null, List.of(failure), options.privateData(), true);
                }
                if (failures == null) {
                    failures = new ArrayList<>(2);
                }
                failures.add(failure);
                continue;
            }
            rt.succeeded();
            if (reply.isHalt()) {
                return finish(input, reply.value(), rt.name, failures, options);
            }
            state = reply.value();
        }
        return finish(input, state, null, failures, options);
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> finish(T input, Object value, String haltedBy, List<Failure> failures,
            CallOptions options) {
        if (options == null) {
            return failures == null ? Result.of((T) value, haltedBy) : Result.of((T) value, haltedBy, failures, null, false);
        }
        T returned = options.isReturnOriginal() ? input : (T) value;
        return Result.of(returned, haltedBy, failures, options.privateData(), false);
    }

    private static Failure failure(PluginRuntime rt, Failure.Kind kind, String message, Throwable cause) {
        return new Failure(rt.event, rt.name, rt.bundle, kind, message, cause);
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
