package io.hookline.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A pre-resolved event: the fastest way to call one event repeatedly. Obtained from
 * {@link Dispatcher#event(String, Class)}.
 *
 * <p>{@link #call(Object)} reads one volatile field (the current chain array) and walks it: no map
 * lookup, no lock, no store access, and no allocation beyond the {@link Result} when no plugin
 * fails. Thread-safe.
 *
 * @param <T> the event's state type
 */
@ProviderType
public interface EventHandle<T> {

    /** @return the event name */
    String name();

    /** @return the state type */
    Class<T> type();

    /**
     * Calls the event with default options.
     *
     * @param input the initial state
     * @return the result, never null
     */
    Result<T> call(T input);

    /**
     * Calls the event with options.
     *
     * @param input the initial state
     * @param options the options, not null
     * @return the result, never null
     */
    Result<T> call(T input, CallOptions options);
}
