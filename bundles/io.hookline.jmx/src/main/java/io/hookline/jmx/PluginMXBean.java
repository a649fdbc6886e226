package io.hookline.jmx;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One plugin ({@code io.hookline:type=Plugin,name=<plugin>}, see {@link HooklineMBeans#plugin}),
 * registered when the engine first knows the name and unregistered when the name leaves it.
 * Attributes are read from the engine on each access; after the plugin left, they throw
 * {@link IllegalStateException}. Operations as on {@link EngineMXBean}, with the same guard and audit.
 */
@ProviderType
public interface PluginMXBean {

    /** @return the plugin name */
    String getName();

    /** @return its event, "" if its registration named none */
    String getEvent();

    /** @return its status: {@code REGISTERED}, {@code STARTED}, {@code STOPPED}, {@code HELD} or {@code FAILED} */
    String getStatus();

    /** @return true if it runs in its event's chain ({@code REGISTERED} or {@code STARTED}) */
    boolean isActive();

    /** @return its priority, 0..100, lower runs first */
    int getPriority();

    /** @return the plugins it depends on */
    String[] getDepends();

    /** @return true if it fails closed (its event refuses calls while it cannot run) */
    boolean isCritical();

    /** @return why it has its status (the missing dependency, the invalid property), "" if nothing to say */
    String getReason();

    /** @return symbolic name of the bundle that registered it */
    String getBundle();

    /** @return that bundle's id, -1 if unknown */
    long getBundleId();

    /** @return its durable record id (a UUID), kept across restarts and bundle updates */
    String getRecordId();

    /** @return {@code CLOSED}, {@code OPEN} (calls skip it) or {@code HALF_OPEN} (the next call is a trial) */
    String getBreakerState();

    /** @return epoch millis until which an open breaker skips it, 0 when closed */
    long getBreakerOpenUntil();

    /** @return failures in a row since its last success */
    int getConsecutiveFailures();

    /** @return its last failure as "[event | plugin | bundle] KIND: message", "" if none since the last reset */
    String getLastFailure();

    /** @return the state type its handler declares, "" if unknown */
    String getStateType();

    /** @return estimated calls that ran its handler (sampled; see {@link PluginData#getCalls()}) (since 1.1) */
    long getCalls();

    /** @return estimated calls it halted (since 1.1) */
    long getHalts();

    /** @return exact failures, every kind (since 1.1) */
    long getFailures();

    /** @return exact calls that skipped it (since 1.1) */
    long getSkips();

    /** @return exact times its breaker opened (since 1.1) */
    long getBreakerOpens();

    /** @return median handler latency over the sliding window in nanoseconds, -1 before the first timed call (since 1.1) */
    long getLatencyP50Nanos();

    /** @return 99th percentile handler latency over the sliding window in nanoseconds, -1 before the first timed call (since 1.1) */
    long getLatencyP99Nanos();

    /** @return every attribute at once, metrics included, from one read of the engine (since 1.1) */
    PluginData getData();

    /** @return the plugin after {@code hook:start} */
    PluginData start();

    /** @return the plugin after {@code hook:stop} */
    PluginData stop();

    /** @return the plugin after {@code hook:enable} */
    PluginData enable();

    /** @return the plugin after {@code hook:restart} */
    PluginData restart();
}
