package io.hookline.core.internal;

import java.time.Duration;

/**
 * The engine's tunables, from the {@code io.hookline.core} configuration.
 *
 * @param breakerThreshold consecutive failures after which a plugin is skipped for a cool-down
 * @param breakerCooldown how long an open breaker skips the plugin before one trial call
 * @param healthTimeout how long a health probe may take before it is reported down with "timeout"
 * @param pluginBudget a plugin's time budget per call unless it sets its own; zero is off
 * @param metricsEnabled whether calls are sampled for metrics (exact failure counts run either way)
 * @param metricsSampleEvery one call in this many per event takes the measured walk
 * @param metricsWindow how many timed calls per plugin the latency percentiles cover
 */
public record EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout,
        Duration pluginBudget, boolean metricsEnabled, int metricsSampleEvery, int metricsWindow) {

    /** Default of {@link #metricsSampleEvery}: measured in benchmarks/RESULTS.md, "Metrics on and off". */
    public static final int DEFAULT_SAMPLE_EVERY = 1024;
    /** Default of {@link #metricsWindow}. */
    public static final int DEFAULT_WINDOW = 1024;

    /** The defaults: 5 failures, 30 s cool-down, 1 s probe timeout, no time budget, metrics on. */
    public static final EngineSettings DEFAULTS = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(1));

    /** Settings without a default time budget. */
    public EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout) {
        this(breakerThreshold, breakerCooldown, healthTimeout, Duration.ZERO);
    }

    /** Settings with the default metrics. */
    public EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout,
            Duration pluginBudget) {
        this(breakerThreshold, breakerCooldown, healthTimeout, pluginBudget, true, DEFAULT_SAMPLE_EVERY,
                DEFAULT_WINDOW);
    }

    /** Validates the values. */
    public EngineSettings {
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException("breaker.threshold must be at least 1, was " + breakerThreshold);
        }
        if (breakerCooldown.isNegative()) {
            throw new IllegalArgumentException("breaker.cooldown must not be negative, was " + breakerCooldown);
        }
        if (pluginBudget.isNegative()) {
            throw new IllegalArgumentException("plugin.budget.millis must not be negative, was " + pluginBudget);
        }
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("health.timeout must be positive, was " + healthTimeout);
        }
        if (metricsSampleEvery < 1) {
            throw new IllegalArgumentException("metrics.sample.every must be at least 1, was " + metricsSampleEvery);
        }
        if (metricsWindow < 1 || metricsWindow > 1 << 20) {
            throw new IllegalArgumentException("metrics.window must be 1.." + (1 << 20) + ", was " + metricsWindow);
        }
    }

    /** @return these settings with the given metrics settings */
    public EngineSettings withMetrics(boolean enabled, int sampleEvery, int window) {
        return new EngineSettings(breakerThreshold, breakerCooldown, healthTimeout, pluginBudget, enabled, sampleEvery,
                window);
    }
}
