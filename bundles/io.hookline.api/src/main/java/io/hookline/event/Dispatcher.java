package io.hookline.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls events: runs the active plugins of an event in order on the caller's thread.
 *
 * <p>A call takes no lock and reads no store: it reads the event's current chain (an immutable
 * array published when plugins change) and walks it. Registering or unregistering a plugin while
 * calls run never lets a call see a half-built chain; a call sees either the chain before or the
 * chain after the change.
 *
 * <p>Calling an event that has no plugins returns the input unchanged and leaves nothing behind, so
 * event names taken from user input cannot grow the engine's memory.
 *
 * <p>For a hot call site, obtain an {@link EventHandle} once with {@link #event(String, Class)}:
 * its {@code call} skips the event-name lookup and checks the type of each handler's reply.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface Dispatcher {

    /**
     * Calls {@code event} with default options.
     *
     * @param event the event name, not null
     * @param input the initial state, passed to the first handler
     * @param <T> the state type
     * @return the result; never null
     * @throws NullPointerException if {@code event} is null
     * @throws VirtualMachineError raised by a handler, never caught
     */
    <T> Result<T> call(String event, T input);

    /**
     * Calls {@code event} with the given options.
     *
     * @param event the event name, not null
     * @param input the initial state
     * @param options the options, not null
     * @param <T> the state type
     * @return the result; never null
     */
    <T> Result<T> call(String event, T input, CallOptions options);

    /**
     * Returns a handle on {@code name} for repeated calls with a known state type. A handle stays
     * valid for the dispatcher's lifetime and follows plugin changes: it always walks the current
     * chain. A reply whose value is not an instance of {@code type} is a
     * {@link Failure.Kind#WRONG_TYPE} failure.
     *
     * <p>Handles are meant to be created by code (one per event a component calls), not from user
     * input: each handle keeps its event's slot alive.
     *
     * @param name the event name, not null or empty
     * @param type the state type, not null
     * @param <T> the state type
     * @return a handle
     */
    <T> EventHandle<T> event(String name, Class<T> type);
}
