package io.hookline.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin: one step of an event's chain, registered as an OSGi service (the whiteboard pattern).
 *
 * <p>The engine orders the active handlers of an event by {@link #PRIORITY} (lower first, ties by
 * plugin name), with same-event {@link #DEPENDS dependencies} always running before their
 * dependents, and calls {@link #handle} on the caller's thread, one handler after the other, each
 * receiving the state the previous one produced.
 *
 * <p><b>Threading.</b> {@code handle} is called concurrently from any number of threads and must
 * be thread-safe; it must not block for long, since it runs on the application's thread.
 *
 * <p><b>Failures.</b> A handler that throws an {@link Exception} or a {@link LinkageError} (for
 * example a {@code NoClassDefFoundError} after its bundle was updated), returns {@code null}, or
 * returns a value that is not of the event's type is <em>isolated</em>: the chain goes on with the
 * state from before it, and the failure is reported in {@link Result#failures()} and in the
 * plugin's health. After a configurable number of consecutive failures (5 by default) the
 * engine skips the handler for a cool-down (30 s by default) and then tries it once again: the
 * breaker heals itself. {@link VirtualMachineError}s ({@code OutOfMemoryError},
 * {@code StackOverflowError}) are never caught: they propagate to the caller.
 *
 * <p><b>Registration errors.</b> Invalid metadata (no event, a priority outside 0..100, a
 * duplicate plugin name, a dependency cycle) never throws in the registering bundle: the plugin is
 * listed with status {@link io.hookline.event.admin.PluginStatus#FAILED} and a reason.
 *
 * @param <T> the state type of the event this handler is attached to
 */
@ConsumerType
public interface EventHandler<T> {

    /**
     * Service property (String, required): the event this handler is attached to. Any non-empty
     * string; by convention lower_snake_case such as {@code after_success_login}.
     */
    String EVENT = "hookline.event";

    /**
     * Service property (Integer 0..100, default {@value #DEFAULT_PRIORITY}): the position in the
     * chain, lower runs first. Same-event dependencies override it; ties are broken by plugin
     * name. A value outside 0..100 makes the plugin {@link io.hookline.event.admin.PluginStatus#FAILED}.
     */
    String PRIORITY = "hookline.priority";

    /** The priority of a handler that does not set {@link #PRIORITY}. */
    int DEFAULT_PRIORITY = 100;

    /**
     * Service property (String[] of plugin names, default none): plugins that must exist and be
     * active for this one to run. A dependency on the same event also runs first. A missing or
     * inactive dependency puts this plugin in {@link io.hookline.event.admin.PluginStatus#HELD} until it comes back.
     */
    String DEPENDS = "hookline.depends";

    /**
     * Service property (String, default the DS {@code component.name}): the plugin's unique name,
     * the key of its durable record and what operators type in the shell. The
     * {@link Plugin @Plugin} annotation writes it as {@link #PLUGIN_NAME_ALIAS}; both are read,
     * this one first.
     */
    String PLUGIN = "hookline.plugin";

    /**
     * Service property written by {@link Plugin#name()} ({@code hookline.name}); an empty value
     * means "not set". Read when {@link #PLUGIN} is absent.
     */
    String PLUGIN_NAME_ALIAS = "hookline.name";

    /**
     * Service property (Boolean, default {@code false}): the plugin guards something (a security
     * check, an allowlist) and fails closed. When a critical plugin throws, replies badly, is
     * skipped by its breaker or by a failed dependency, or is not active (held, stopped, failed)
     * while its event is called, the call halts: {@link Result#value()} is the caller's input,
     * {@link Result#failedFast()} is true and {@link Result#haltedBy()} names the critical plugin.
     * A non-critical plugin's failure is isolated and the chain goes on.
     */
    String CRITICAL = "hookline.critical";

    /**
     * Service property (Long milliseconds, default the engine's {@code plugin.budget.millis},
     * which is 0: off): this plugin's time budget per call. A call that takes longer is a
     * {@link Failure.Kind#SLOW} failure: reported in the result and counted by the breaker, while
     * the handler's reply is still used. The handler is never interrupted. 0 turns it off.
     */
    String BUDGET_MILLIS = "hookline.budget.millis";

    /**
     * Transforms the event's state.
     *
     * @param state the state produced by the previous handler, or the caller's input for the first;
     *     never {@code null} unless the caller passed {@code null}
     * @param context read-only facts about this call: event, plugin, caller's meta data
     * @return {@link Reply#next(Object)} to continue the chain with a (possibly new) state, or
     *     {@link Reply#halt(Object)} to stop it and return the given value; never {@code null}
     *     (a {@code null} reply is treated as a failure)
     * @throws Exception any exception is isolated by the engine as described above
     */
    Reply<T> handle(T state, CallContext context) throws Exception;

    /**
     * A cheap probe of this plugin's own health (a connection it needs, a quota, ...). Called on
     * an engine executor with a timeout (1 s by default), never on a caller's thread: a probe that
     * throws is reported {@link Health.Status#DOWN} with the exception's message, one that hangs
     * is reported down with "timeout".
     *
     * @return the plugin's health; the default says {@link Health#ok()}
     */
    default Health health() {
        return Health.ok();
    }
}
