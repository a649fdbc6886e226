package io.hookline.event;

/**
 * What a handler returns: continue the chain with a state, or halt it with a value.
 *
 * <p>Immutable and thread-safe. A reply is a small object the JIT usually removes entirely when it
 * can inline the handler.
 *
 * @param <T> the event's state type
 */
public final class Reply<T> {

    private final T value;
    private final boolean halt;

    private Reply(T value, boolean halt) {
        this.value = value;
        this.halt = halt;
    }

    /**
     * Continues the chain; the next handler receives {@code state}.
     *
     * @param state the new state, may be the one received
     * @param <T> the state type
     * @return a reply that continues the chain
     */
    public static <T> Reply<T> next(T state) {
        return new Reply<>(state, false);
    }

    /**
     * Stops the chain: no later handler runs and the call returns {@code value} with
     * {@link Result#halted()} true.
     *
     * @param value the value the call returns
     * @param <T> the state type
     * @return a reply that halts the chain
     */
    public static <T> Reply<T> halt(T value) {
        return new Reply<>(value, true);
    }

    /** @return the state to continue with, or the value to halt with */
    public T value() {
        return value;
    }

    /** @return true if this reply halts the chain */
    public boolean isHalt() {
        return halt;
    }

    @Override
    public String toString() {
        return (halt ? "halt(" : "next(") + value + ")";
    }
}
