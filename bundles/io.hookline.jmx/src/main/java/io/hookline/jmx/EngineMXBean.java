package io.hookline.jmx;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine ({@value HooklineMBeans#ENGINE}): its events, its plugins counted by status, its
 * health, and the operator verbs by plugin or event name.
 *
 * <p>Reads ({@code get*}, {@code is*}) are for Karaf's {@code viewer} role, operations for
 * {@code admin} (the shipped {@code etc/jmx.acl.io.hookline.cfg}); the engine refuses a verb to an
 * authenticated caller without {@code admin} as well. Every verb is written to Hookline's audit log
 * as {@code jmx:<user>}, refusals included. Errors: an unknown plugin or event throws
 * {@link IllegalArgumentException} naming it; a verb the plugin's status refuses throws
 * {@link IllegalStateException} saying why.
 */
@ProviderType
public interface EngineMXBean {

    /** @return the events that have at least one plugin, sorted */
    String[] getEvents();

    /** @return how many plugins the engine knows, failed registrations included */
    int getPluginCount();

    /**
     * @return the plugins counted by status: every status name ({@code REGISTERED}, {@code STARTED},
     *     {@code STOPPED}, {@code HELD}, {@code FAILED}) is a key, 0 included
     */
    Map<String, Integer> getPluginCounts();

    /** @return how many plugins have their failure breaker open or half-open (waiting for a trial call) */
    int getBreakerOpenCount();

    /**
     * @return the worst health of every event, {@code OK}, {@code DEGRADED} or {@code DOWN}
     *     ({@code OK} with no plugins). Probes the plugins, at most once a second for every reader.
     */
    String getHealth();

    /** @return every event's health, sorted by event, from the same probe round as {@link #getHealth()} */
    List<EventHealthData> getEventHealth();

    /**
     * @return every event's call metrics, sorted by event: calls, estimated halts, exact failures
     *     and skips (since 1.1; per plugin: {@link PluginData} and {@link PluginMXBean})
     */
    List<EventMetricsData> getEventMetrics();

    /** @return one call in this many per event is sampled for metrics; 0 when metrics are off or no event exists (since 1.1) */
    int getMetricsSampleEvery();

    /** @return every plugin, ordered by event then name */
    List<PluginData> getPlugins();

    /**
     * @param plugin the plugin name
     * @return the plugin after {@code hook:start}
     */
    PluginData startPlugin(String plugin);

    /**
     * @param plugin the plugin name
     * @return the plugin after {@code hook:stop}: {@code STOPPED}, durable until enabled
     */
    PluginData stopPlugin(String plugin);

    /**
     * @param plugin the plugin name
     * @return the plugin after {@code hook:enable}
     */
    PluginData enablePlugin(String plugin);

    /**
     * @param plugin the plugin name
     * @return the plugin after {@code hook:restart} (its breaker reset)
     */
    PluginData restartPlugin(String plugin);

    /**
     * @param event the event name
     * @return its plugins after {@code hook:start -e}
     */
    List<PluginData> startEvent(String event);

    /**
     * @param event the event name
     * @return its plugins after {@code hook:stop -e}
     */
    List<PluginData> stopEvent(String event);

    /**
     * @param event the event name
     * @return its plugins after {@code hook:enable -e}
     */
    List<PluginData> enableEvent(String event);

    /**
     * @param event the event name
     * @return its plugins after {@code hook:restart -e}
     */
    List<PluginData> restartEvent(String event);
}
