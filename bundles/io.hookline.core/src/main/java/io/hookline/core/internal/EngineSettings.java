package io.hookline.core.internal;

import java.time.Duration;
import java.util.function.Consumer;

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
 * @param compiledChains whether a settled, called chain of 2 to {@link CompiledChain#MAX_LENGTH}
 *     plugins gets code of its own ({@link ChainCompiler}); false walks the arrays always
 * @param compileDelay how long a chain must stay published before it is compiled, so chains that
 *     change faster than a compile pays off keep the array walk; zero compiles at the first call
 */
public record EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout,
        Duration pluginBudget, boolean metricsEnabled, int metricsSampleEvery, int metricsWindow,
        boolean compiledChains, Duration compileDelay) {

    /** Default of {@link #metricsSampleEvery}: measured in benchmarks/RESULTS.md, "Metrics on and off". */
    public static final int DEFAULT_SAMPLE_EVERY = 1024;
    /** Default of {@link #metricsWindow}. */
    public static final int DEFAULT_WINDOW = 1024;
    /** How long a chain settles before it is compiled unless configured otherwise. */
    public static final Duration COMPILE_DELAY = Duration.ofSeconds(1);
    /** The largest {@link #metricsWindow}. */
    public static final int MAX_WINDOW = 1 << 20;

    /**
     * The defaults: 5 failures, 30 s cool-down, 1 s probe timeout, no time budget, metrics on,
     * compiled chains.
     */
    public static final EngineSettings DEFAULTS = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(1));

    /** Settings without a default time budget. */
    public EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout) {
        this(breakerThreshold, breakerCooldown, healthTimeout, Duration.ZERO);
    }

    /** Settings with the default metrics and compiled chains after {@link #COMPILE_DELAY}. */
    public EngineSettings(int breakerThreshold, Duration breakerCooldown, Duration healthTimeout,
            Duration pluginBudget) {
        this(breakerThreshold, breakerCooldown, healthTimeout, pluginBudget, true, DEFAULT_SAMPLE_EVERY,
                DEFAULT_WINDOW, true, COMPILE_DELAY);
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
        if (metricsWindow < 1 || metricsWindow > MAX_WINDOW) {
            throw new IllegalArgumentException("metrics.window must be 1.." + MAX_WINDOW + ", was " + metricsWindow);
        }
        java.util.Objects.requireNonNull(compileDelay, "chains.compile.delay.millis");
        if (compileDelay.isNegative()) {
            throw new IllegalArgumentException("chains.compile.delay.millis must not be negative, was " + compileDelay);
        }
    }

    /**
     * Settings from configured values, each invalid one replaced by {@code fallback}'s value. Why
     * not refuse them all: at boot a refusal would leave no engine at all (the live change of the
     * same value had only been logged), and live one bad key must not block the valid ones beside it.
     *
     * @param problems told, per invalid value, which key, what it was and what is used instead
     */
    static EngineSettings configured(int breakerThreshold, long breakerCooldownSeconds, long healthTimeoutMillis,
            long pluginBudgetMillis, boolean metricsEnabled, int metricsSampleEvery, int metricsWindow,
            boolean compiledChains, long compileDelayMillis, EngineSettings fallback, Consumer<String> problems) {
        int threshold = breakerThreshold;
        if (threshold < 1) {
            problems.accept("breaker.threshold must be at least 1, was " + threshold + "; using " + fallback.breakerThreshold);
            threshold = fallback.breakerThreshold;
        }
        Duration cooldown = breakerCooldownSeconds < 0 ? null : Duration.ofSeconds(breakerCooldownSeconds);
        if (cooldown == null) {
            problems.accept("breaker.cooldown.seconds must not be negative, was " + breakerCooldownSeconds + "; using "
                    + fallback.breakerCooldown.toSeconds());
            cooldown = fallback.breakerCooldown;
        }
        Duration timeout = healthTimeoutMillis > 0 ? Duration.ofMillis(healthTimeoutMillis) : null;
        if (timeout == null) {
            problems.accept("health.timeout.millis must be positive, was " + healthTimeoutMillis + "; using "
                    + fallback.healthTimeout.toMillis());
            timeout = fallback.healthTimeout;
        }
        Duration budget = pluginBudgetMillis < 0 ? null : Duration.ofMillis(pluginBudgetMillis);
        if (budget == null) {
            problems.accept("plugin.budget.millis must not be negative, was " + pluginBudgetMillis + "; using "
                    + fallback.pluginBudget.toMillis());
            budget = fallback.pluginBudget;
        }
        int every = metricsSampleEvery;
        if (every < 1) {
            problems.accept("metrics.sample.every must be at least 1, was " + every + "; using " + fallback.metricsSampleEvery);
            every = fallback.metricsSampleEvery;
        }
        int window = metricsWindow;
        if (window < 1 || window > MAX_WINDOW) {
            problems.accept("metrics.window must be 1.." + MAX_WINDOW + ", was " + window + "; using " + fallback.metricsWindow);
            window = fallback.metricsWindow;
        }
        Duration delay = compileDelayMillis < 0 ? null : Duration.ofMillis(compileDelayMillis);
        if (delay == null) {
            problems.accept("chains.compile.delay.millis must not be negative, was " + compileDelayMillis + "; using "
                    + fallback.compileDelay.toMillis());
            delay = fallback.compileDelay;
        }
        return new EngineSettings(threshold, cooldown, timeout, budget, metricsEnabled, every, window, compiledChains,
                delay);
    }

    /** @return these settings with the given metrics settings */
    public EngineSettings withMetrics(boolean enabled, int sampleEvery, int window) {
        return new EngineSettings(breakerThreshold, breakerCooldown, healthTimeout, pluginBudget, enabled, sampleEvery,
                window, compiledChains, compileDelay);
    }

    /** @return these settings with compiled chains on or off, compiled {@code delay} after publication */
    public EngineSettings withCompiledChains(boolean on, Duration delay) {
        return new EngineSettings(breakerThreshold, breakerCooldown, healthTimeout, pluginBudget, metricsEnabled,
                metricsSampleEvery, metricsWindow, on, delay);
    }
}
