package io.hookline.core.internal;

import java.time.Duration;

/**
 * The engine's tunables, from the {@code io.hookline.core} configuration.
 *
 * @param breakerThreshold consecutive failures after which a plugin is skipped for a cool-down
 * @param breakerCooldown how long an open breaker skips the plugin before one trial call
 * @param healthTimeout how long a health probe may take before it is reported down with "timeout"
 * @param pluginBudget a plugin's time budget per call unless it sets its own; zero is off
 */
public record EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout,
        Duration pluginBudget) {

    /** The defaults: 5 failures, 30 s cool-down, 1 s probe timeout, no time budget. */
    public static final EngineSettings DEFAULTS = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(1));

    /** Settings without a default time budget. */
    public EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout) {
        this(breakerThreshold, breakerCooldown, healthTimeout, Duration.ZERO);
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
    }
}
