package io.hookline.core.internal;

import io.hookline.event.CallOptions;
import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandle;
import io.hookline.event.Result;
import java.util.Objects;

/**
 * The engine's {@link Dispatcher}: finds an event's slot and walks its chain with
 * {@link ChainRunner}.
 *
 * <p>Why apart from the registry: calls never take the registry lock; all they share with it is
 * the {@link SlotPublisher}. An untyped call checks replies against the input's type
 * ({@link ChainRunner#typeOf}), a handle against its declared type. Threading: any thread, no lock.
 */
final class EngineDispatcher implements Dispatcher {

    private final SlotPublisher slots;
    /** Creates pinned slots under the registry lock. */
    private final Object lock;

    EngineDispatcher(SlotPublisher slots, Object lock) {
        this.slots = slots;
        this.lock = lock;
    }

    @Override
    public <T> Result<T> call(String event, T input) {
        EventSlot slot = slots.get(Objects.requireNonNull(event, "event"));
        if (slot == null) {
            checkOpen();
            return Result.of(input, null);
        }
        ChainSnapshot chain = slot.chain;
        return ChainRunner.run(slot, chain, input, checkedType(event, chain, input));
    }

    /** The declared type if any (the input must be one), else the input's own type. */
    private static Class<?> checkedType(String event, ChainSnapshot chain, Object input) {
        Class<?> declared = chain.declaredType;
        if (declared == null) {
            return ChainRunner.typeOf(input);
        }
        if (input != null && !declared.isInstance(input)) {
            throw new IllegalArgumentException("event '" + event + "' takes a " + declared.getName() + ", not a "
                    + input.getClass().getName() + ": no plugin ran");
        }
        return declared;
    }

    @Override
    public <T> Result<T> call(String event, T input, CallOptions options) {
        Objects.requireNonNull(options, "options");
        EventSlot slot = slots.get(Objects.requireNonNull(event, "event"));
        if (slot == null) {
            checkOpen();
            return Result.of(input, null, null, options.privateData(), false);
        }
        ChainSnapshot chain = slot.chain;
        return ChainRunner.run(slot, chain, input, checkedType(event, chain, input), options);
    }

    private void checkOpen() {
        String cause = slots.closedCause();
        if (cause != null) {
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public <T> EventHandle<T> event(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name must not be empty");
        }
        checkOpen();
        EventSlot slot;
        synchronized (lock) {
            slot = slots.pin(name);
        }
        return new EventHandleImpl<>(slot, type);
    }

    /** The hot-path handle: one volatile read of its slot's chain per call, declared type included. */
    private static final class EventHandleImpl<T> implements EventHandle<T> {
        private final EventSlot slot;
        private final Class<T> type;
        /** The type replies are checked against; null for Object, which every value is. */
        private final Class<?> checkedType;

        EventHandleImpl(EventSlot slot, Class<T> type) {
            this.slot = slot;
            this.type = type;
            this.checkedType = type == Object.class ? null : type;
        }

        @Override
        public String name() {
            return slot.event;
        }

        @Override
        public Class<T> type() {
            return type;
        }

        @Override
        public Result<T> call(T input) {
            // one volatile read: the chain carries its declared type, and whether a handle of this
            // type may walk it plainly (plain chain, and no contract or this handle's own) in one field
            final ChainSnapshot chain = slot.chain;
            final Class<?> plainFor = chain.plainFor;
            if (plainFor == ChainSnapshot.ANY || plainFor == type) {
                return ChainRunner.plain(slot, chain, input, checkedType);
            }
            final Class<?> declared = chain.declaredType;
            return ChainRunner.run(slot, chain, input,
                    declared != null && declared != type ? contracted(declared, input) : checkedType);
        }

        @Override
        public Result<T> call(T input, CallOptions options) {
            Objects.requireNonNull(options, "options");
            final ChainSnapshot chain = slot.chain;
            final Class<?> declared = chain.declaredType;
            return ChainRunner.run(slot, chain, input,
                    declared != null && declared != type ? contracted(declared, input) : checkedType, options);
        }

        /**
         * A handle whose type is not the event's declared one (an {@code Object} handle, or one
         * made before the declaration): the input must fit the contract, as for an untyped call,
         * and replies are checked against the narrower of the handle's type and the contract's: a
         * handle of a supertype ({@code Object}, an interface) must not let a reply outside the
         * contract reach the plugins after it.
         */
        private Class<?> contracted(Class<?> declared, Object input) {
            if (input != null && !declared.isInstance(input)) {
                throw new IllegalArgumentException("event '" + slot.event + "' takes a " + declared.getName()
                        + ", not a " + input.getClass().getName() + ": no plugin ran");
            }
            return checkedType == null || checkedType.isAssignableFrom(declared) ? declared : checkedType;
        }

        @Override
        public String toString() {
            return "EventHandle[" + slot.event + ", " + type.getName() + "]";
        }
    }
}
