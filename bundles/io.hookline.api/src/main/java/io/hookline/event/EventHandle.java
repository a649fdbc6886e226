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
 * <p>A handle belongs to the dispatcher that made it. Once that dispatcher is deactivated (its
 * bundle stopped, its configuration removed), every call on the handle throws
 * {@link IllegalStateException} naming the cause; it never silently returns its input. Obtain a
 * new handle from the new {@link Dispatcher} service.
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
     * @throws IllegalStateException if the dispatcher that made this handle was deactivated
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
