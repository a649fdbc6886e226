package io.hookline.event;

import java.util.Map;

/**
 * Options of one {@link Dispatcher#call(String, Object, CallOptions) call}. Immutable: every
 * method returns a new instance, so a configured instance can be kept in a constant and shared
 * between threads.
 *
 * <pre>{@code
 * CallOptions opts = CallOptions.defaults().meta(Map.of("tenant", "acme")).failFast();
 * }</pre>
 */
public final class CallOptions {

    private static final CallOptions DEFAULTS = new CallOptions(null, false, Map.of(), false);

    private final Object privateData;
    private final boolean returnOriginal;
    private final Map<String, Object> meta;
    private final boolean failFast;

    private CallOptions(Object privateData, boolean returnOriginal, Map<String, Object> meta, boolean failFast) {
        this.privateData = privateData;
        this.returnOriginal = returnOriginal;
        this.meta = meta;
        this.failFast = failFast;
    }

    /** @return options with nothing set: run the chain, return its value, isolate failures */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Carries {@code data} beside the state: plugins never see it and it is returned untouched in
     * {@link Result#privateData()}.
     *
     * @param data any object, may be null
     * @return new options
     */
    public CallOptions privateData(Object data) {
        return new CallOptions(data, returnOriginal, meta, failFast);
    }

    /**
     * Runs every plugin but makes the call return the caller's input as {@link Result#value()}
     * (useful for plugins run for their side effects).
     *
     * @return new options
     */
    public CallOptions returnOriginal() {
        return new CallOptions(privateData, true, meta, failFast);
    }

    /**
     * Read-only context given to every plugin through {@link CallContext#meta()}; never merged
     * into the result.
     *
     * @param meta the context; copied
     * @return new options
     */
    public CallOptions meta(Map<String, ?> meta) {
        return new CallOptions(privateData, returnOriginal, Map.copyOf(meta), failFast);
    }

    /**
     * Stops at the first failing plugin and returns the caller's original input with that failure
     * in {@link Result#failures()} (the reference library's all-or-nothing behaviour), instead of
     * isolating the failure and going on.
     *
     * @return new options
     */
    public CallOptions failFast() {
        return new CallOptions(privateData, returnOriginal, meta, true);
    }

    /** @return the private data, or null */
    public Object privateData() {
        return privateData;
    }

    /** @return true if the call returns the caller's input */
    public boolean isReturnOriginal() {
        return returnOriginal;
    }

    /** @return the meta map, never null */
    public Map<String, Object> meta() {
        return meta;
    }

    /** @return true if the first failure stops the call */
    public boolean isFailFast() {
        return failFast;
    }

    @Override
    public String toString() {
        return "CallOptions[privateData=" + privateData + ", returnOriginal=" + returnOriginal + ", meta=" + meta
                + ", failFast=" + failFast + "]";
    }
}
