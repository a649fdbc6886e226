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
}
