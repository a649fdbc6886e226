package io.hookline.core.internal;

/**
 * The engine's live metrics settings, shared by every {@link EventSlot} of one engine.
 *
 * <p>Why an object of its own: a slot's sampling countdown is reloaded from it when it runs out,
 * off the hot path, so a settings change reaches every event without touching the call path.
 * Threading: written by {@link SlotPublisher#metrics(EngineSettings)}; read by any thread.
 */
final class MetricsConfig {

    private volatile boolean enabled = true;
    private volatile int sampleEvery = EngineSettings.DEFAULT_SAMPLE_EVERY;
    private volatile int window = EngineSettings.DEFAULT_WINDOW;

    void update(EngineSettings settings) {
        sampleEvery = settings.metricsSampleEvery();
        window = settings.metricsWindow();
        enabled = settings.metricsEnabled();
    }

    boolean enabled() {
        return enabled;
    }

    int sampleEvery() {
        return sampleEvery;
    }

    int window() {
        return window;
    }

    /**
     * @return the countdown a slot starts a sampling period with: the calls before the sampled
     *         one; parked at {@link Integer#MAX_VALUE} while metrics are off
     */
    int reload() {
        return enabled ? sampleEvery - 1 : Integer.MAX_VALUE;
    }
}
