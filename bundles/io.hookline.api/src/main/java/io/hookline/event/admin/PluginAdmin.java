package io.hookline.event.admin;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Operates plugins: the operator's verbs, introspection and health.
 *
 * <p>Every verb exists for one plugin (by name), for all plugins of one event ({@code ...Event}),
 * and for all plugins ({@code ...All}). Verbs persist the new status before they return and
 * cascade it: dependents across events are held or released, and each affected event's chain is
 * rebuilt once. {@link PluginStatus#STOPPED} is durable and only {@link #enable(String)} leaves it.
 *
 * <p>Errors: an unknown plugin or event name throws {@link IllegalArgumentException} naming it; a
 * verb refused by the plugin's status (starting a stopped plugin) throws
 * {@link IllegalStateException} saying why and what to do. Thread-safe; verbs are serialised.
 */
@ProviderType
public interface PluginAdmin {

    /**
     * Topic prefix of the plugin lifecycle events the engine posts on OSGi Event Admin (when one
     * is present): {@value #TOPIC_REGISTERED}, {@value #TOPIC_STARTED}, {@value #TOPIC_STOPPED},
     * {@value #TOPIC_HELD}, {@value #TOPIC_FAILED} when a plugin arrives in or changes to that
     * {@link PluginStatus}, {@value #TOPIC_BREAKER_OPEN}, {@value #TOPIC_BREAKER_CLOSED} when
     * its failure breaker opens or closes, and {@value #TOPIC_REMOVED} when it leaves the engine.
     * Subscribe to {@code io/hookline/plugin/*} for all.
     *
     * <p>Events are posted asynchronously, in the order the engine saw the changes, from one
     * engine thread: never from a calling thread, so a slow handler cannot delay a call. Every
     * event carries {@value #EVENT_PLUGIN}, {@value #EVENT_EVENT}, {@value #EVENT_BUNDLE} and
     * {@value #EVENT_REASON}; status events also {@value #EVENT_STATUS}, breaker events
     * {@value #EVENT_CONSECUTIVE_FAILURES}.
     */
    String TOPIC_PREFIX = "io/hookline/plugin/";

    /** Topic: a plugin arrived active, never started by an operator ({@link PluginStatus#REGISTERED}). */
    String TOPIC_REGISTERED = TOPIC_PREFIX + "REGISTERED";

    /** Topic: a plugin became {@link PluginStatus#STARTED} (operator start, restart or enable). */
    String TOPIC_STARTED = TOPIC_PREFIX + "STARTED";

    /** Topic: a plugin became {@link PluginStatus#STOPPED}, or arrived stopped (durable). */
    String TOPIC_STOPPED = TOPIC_PREFIX + "STOPPED";

    /** Topic: a plugin became {@link PluginStatus#HELD}: a dependency is missing or inactive. */
    String TOPIC_HELD = TOPIC_PREFIX + "HELD";

    /** Topic: a plugin's registration became {@link PluginStatus#FAILED} (invalid, duplicate, cycle, refused). */
    String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";

    /** Topic: a plugin's failure breaker opened; calls skip it until a trial call succeeds. */
    String TOPIC_BREAKER_OPEN = TOPIC_PREFIX + "BREAKER_OPEN";

    /** Topic: a plugin's failure breaker closed again (a trial call succeeded, or an operator restart). */
    String TOPIC_BREAKER_CLOSED = TOPIC_PREFIX + "BREAKER_CLOSED";

    /**
     * Topic: a plugin registration left the engine: its service was unregistered (its bundle
     * stopped, was updated or uninstalled), it changed its name, or an operator unregistered it.
     * Carries {@value #EVENT_PREVIOUS_STATUS} (the last status announced for it) and an empty
     * {@value #EVENT_REASON}. Another registration of the same name may own the name afterwards
     * (it is announced on its own); read {@link #plugin(String)} for what is left.
     *
     * @since 1.2
     */
    String TOPIC_REMOVED = TOPIC_PREFIX + "REMOVED";

    /** Event property (String): the plugin name. Always present. */
    String EVENT_PLUGIN = "plugin";

    /** Event property (String): the event the plugin is attached to, "" if its registration named none. Always present. */
    String EVENT_EVENT = "event";

    /** Event property (String): symbolic name of the bundle that registered the handler, "" if unknown. Always present. */
    String EVENT_BUNDLE = "bundle";

    /** Event property (String): the plugin's {@link PluginStatus} name after the change; status topics only (the topic's last segment). */
    String EVENT_STATUS = "status";

    /**
     * Event property (String): the {@link PluginStatus} name before the change; absent when the
     * plugin just arrived, and on breaker events; on {@value #TOPIC_REMOVED}, the last status.
     */
    String EVENT_PREVIOUS_STATUS = "previousStatus";

    /**
     * Event property (String): why: the status reason ({@link PluginDTO#statusReason}, "" if none),
     * or for a breaker event the last failure as "[event | plugin | bundle] KIND: message"
     * ("" when an operator restart closed it). Always present.
     */
    String EVENT_REASON = "reason";

    /** Event property (Integer): consecutive failures when the breaker opened or closed; breaker events only. */
    String EVENT_CONSECUTIVE_FAILURES = "consecutiveFailures";

    /** Event property (Long): epoch millis until which an open breaker skips the plugin; {@value #TOPIC_BREAKER_OPEN} only. */
    String EVENT_BREAKER_OPEN_UNTIL = "breakerOpenUntil";

    /**
     * Starts a plugin: {@code REGISTERED} becomes {@code STARTED}. As in the reference library,
     * a plugin must be runnable to be started: its dependencies active.
     *
     * @param plugin the plugin name
     * @return the plugin after the change
     * @throws IllegalArgumentException unknown plugin
     * @throws IllegalStateException the plugin is stopped (use {@link #enable(String)}), failed,
     *     or held by an inactive dependency
     */
    PluginDTO start(String plugin);

    /**
     * Restarts a plugin: resets its failure breaker and marks it {@code STARTED}.
     *
     * @param plugin the plugin name
     * @return the plugin after the change
     * @throws IllegalArgumentException unknown plugin
     * @throws IllegalStateException the plugin is stopped, failed or held
     */
    PluginDTO restart(String plugin);

    /**
     * Stops a plugin: it leaves its chain and stays {@code STOPPED} across restarts and bundle
     * updates until enabled. Dependents are held.
     *
     * @param plugin the plugin name
     * @return the plugin after the change
     * @throws IllegalArgumentException unknown plugin
     */
    PluginDTO stop(String plugin);

    /**
     * Enables a stopped plugin (the only way out of {@code STOPPED}); it becomes {@code STARTED},
     * or {@code HELD} if a dependency is inactive. Enabling an active plugin is a no-op.
     *
     * @param plugin the plugin name
     * @return the plugin after the change
     * @throws IllegalArgumentException unknown plugin
     * @throws IllegalStateException the plugin failed registration
     */
    PluginDTO enable(String plugin);

    /**
     * Unregisters a plugin: removes it from its chain and deletes its durable record (so its id and
     * stopped status are forgotten). The service stays ignored until it is registered again (its
     * bundle restarted or updated), when it comes back as a new plugin.
     *
     * @param plugin the plugin name
     * @return the plugin as it was
     * @throws IllegalArgumentException unknown plugin
     */
    PluginDTO unregister(String plugin);

    /**
     * {@link #start(String)} for every plugin of an event, skipping stopped, failed and held ones.
     *
     * @param event the event
     * @return the plugins after the change
     * @throws IllegalArgumentException unknown event
     */
    List<PluginDTO> startEvent(String event);

    /**
     * {@link #restart(String)} for every plugin of an event, skipping stopped, failed and held ones.
     *
     * @param event the event
     * @return the plugins after the change
     * @throws IllegalArgumentException unknown event
     */
    List<PluginDTO> restartEvent(String event);

    /**
     * {@link #stop(String)} for every plugin of an event.
     *
     * @param event the event
     * @return the plugins after the change
     * @throws IllegalArgumentException unknown event
     */
    List<PluginDTO> stopEvent(String event);

    /**
     * {@link #enable(String)} for every stopped plugin of an event.
     *
     * @param event the event
     * @return the plugins after the change
     * @throws IllegalArgumentException unknown event
     */
    List<PluginDTO> enableEvent(String event);

    /**
     * {@link #unregister(String)} for every plugin of an event.
     *
     * @param event the event
     * @return the plugins as they were
     * @throws IllegalArgumentException unknown event
     */
    List<PluginDTO> unregisterEvent(String event);

    /** @return {@link #startEvent(String)} for every event */
    List<PluginDTO> startAll();

    /** @return {@link #restartEvent(String)} for every event */
    List<PluginDTO> restartAll();

    /** @return {@link #stopEvent(String)} for every event */
    List<PluginDTO> stopAll();

    /** @return {@link #enableEvent(String)} for every event */
    List<PluginDTO> enableAll();

    /** @return {@link #unregisterEvent(String)} for every event */
    List<PluginDTO> unregisterAll();

    /** @return every known plugin, failed registrations included, ordered by event then name */
    List<PluginDTO> plugins();

    /**
     * @param event the event
     * @return the plugins attached to {@code event}, in name order; empty if none
     */
    List<PluginDTO> plugins(String event);

    /**
     * @param plugin the plugin name
     * @return the plugin, if known
     */
    Optional<PluginDTO> plugin(String plugin);

    /**
     * @param event the event name
     * @return the state type the event is declared with ({@link EventType}), if it is declared
     */
    Optional<Class<?>> declaredType(String event);

    /** @return the names of the events that have at least one plugin, sorted */
    Set<String> events();

    /**
     * Explains an event's chain: its plugins in run order, then those left out, each with the
     * reason it is in or out.
     *
     * @param event the event
     * @return the explanation
     * @throws IllegalArgumentException unknown event
     */
    ChainDTO chain(String event);

    /**
     * Probes the plugins of one event concurrently, each with the configured timeout. Never blocks
     * a call.
     *
     * @param event the event
     * @return the event's health, the worst of its plugins'
     * @throws IllegalArgumentException unknown event
     */
    EventHealthDTO health(String event);

    /** @return {@link #health(String)} for every event, sorted by event */
    List<EventHealthDTO> health();

    /**
     * The call metrics of one event and its plugins: exact failure, skip and breaker counts,
     * sampled calls, halts and latency percentiles ({@link EventMetricsDTO}, {@link MetricsDTO}).
     * Reading never touches the call path.
     *
     * @param event the event
     * @return its metrics
     * @throws IllegalArgumentException unknown event (no plugin and no handle)
     * @since 1.3
     */
    EventMetricsDTO metrics(String event);

    /** @return {@link #metrics(String)} for every known event, sorted by event; @since 1.3 */
    List<EventMetricsDTO> metrics();
}
