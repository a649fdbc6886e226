package io.hookline.event;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one call: the final value, whether and by whom the chain was halted, the
 * isolated failures, and the caller's private data.
 *
 * <p>Immutable. Built by the engine: on the common path (no failure, no options) a result is one
 * small object and nothing else is allocated.
 *
 * @param <T> the event's state type
 */
public final class Result<T> {

    /** Rarely needed parts, kept out of line so the common result stays small. */
    private static final class Extras {
        final List<Failure> failures;
        final Object privateData;
        final boolean failedFast;

        Extras(List<Failure> failures, Object privateData, boolean failedFast) {
            this.failures = failures;
            this.privateData = privateData;
            this.failedFast = failedFast;
        }
    }

    private final T value;
    private final String haltedBy;
    private final Extras extras;

    private Result(T value, String haltedBy, Extras extras) {
        this.value = value;
        this.haltedBy = haltedBy;
        this.extras = extras;
    }

    /**
     * Creates a result. For the engine and for tests of code that consumes results.
     *
     * @param value the final value
     * @param haltedBy the plugin that halted the chain, or null if it ran to the end
     * @param failures the isolated failures, in call order; null or empty for none
     * @param privateData the caller's private data, or null
     * @param failedFast true if a failure stopped the call under {@link CallOptions#failFast()}
     * @param <T> the state type
     * @return a result
     */
    public static <T> Result<T> of(T value, String haltedBy, List<Failure> failures, Object privateData,
            boolean failedFast) {
        boolean noFailures = failures == null || failures.isEmpty();
        if (noFailures && privateData == null && !failedFast) {
            return new Result<>(value, haltedBy, null);
        }
        return new Result<>(value, haltedBy,
                new Extras(noFailures ? List.of() : List.copyOf(failures), privateData, failedFast));
    }

    /**
     * The common case: a value, maybe halted, no failures.
     *
     * @param value the final value
     * @param haltedBy the halting plugin, or null
     * @param <T> the state type
     * @return a result
     */
    public static <T> Result<T> of(T value, String haltedBy) {
        return new Result<>(value, haltedBy, null);
    }

    /**
     * @return the last handler's state, the halting handler's value, or the caller's input (no
     *     handler, {@link CallOptions#returnOriginal()}, or a fail-fast failure)
     */
    public T value() {
        return value;
    }

    /** @return true if a handler halted the chain */
    public boolean halted() {
        return haltedBy != null;
    }

    /** @return the name of the plugin that halted the chain, if any */
    public Optional<String> haltedBy() {
        return Optional.ofNullable(haltedBy);
    }

    /** @return the isolated failures in call order, empty if none; never null */
    public List<Failure> failures() {
        return extras == null ? List.of() : extras.failures;
    }

    /**
     * @return true if at least one handler failed or was {@link Failure.Kind#SKIPPED skipped}
     *     during this call
     */
    public boolean failed() {
        return extras != null && !extras.failures.isEmpty();
    }

    /**
     * @return true if a failure stopped the call and the input was returned: under
     *     {@link CallOptions#failFast()}, or because a {@link EventHandler#CRITICAL critical} plugin
     *     failed, was skipped or is not active
     */
    public boolean failedFast() {
        return extras != null && extras.failedFast;
    }

    /** @return the caller's {@link CallOptions#privateData(Object) private data}, or null */
    public Object privateData() {
        return extras == null ? null : extras.privateData;
    }

    @Override
    public String toString() {
        return "Result[value=" + value + (haltedBy != null ? ", haltedBy=" + haltedBy : "")
                + (failed() ? ", failures=" + failures() : "") + "]";
    }
}
