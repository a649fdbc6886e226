package io.hookline.event.admin;

import io.hookline.event.Failure;
import java.util.Map;
import org.osgi.dto.DTO;

/**
 * One plugin's call metrics since its registration (or the engine's start).
 *
 * <p>Two kinds of numbers. <b>Exact</b>: {@link #failures}, {@link #skips} and
 * {@link #breakerOpens} are counted on the failure paths, every one. <b>Sampled</b>: one call in
 * {@link #sampleEvery} per event takes a measured walk that times the handlers; {@link #calls} and
 * {@link #halts} are the sampled counts scaled by {@link #sampleEvery} (estimates, flagged by
 * {@link #estimated}), and {@link #p50Nanos}/{@link #p99Nanos} are percentiles of the last
 * {@link #window} timed calls. Sampling keeps the healthy call path free of counters.
 * Public fields, per the OSGi DTO convention.
 */
public class MetricsDTO extends DTO {
    /** The plugin. */
    public String plugin;
    /** Its event. */
    public String event;
    /** True while the engine samples calls ({@code metrics.enabled}); the exact counts run either way. */
    public boolean enabled;
    /** One call in this many per event is measured ({@code metrics.sample.every}). */
    public int sampleEvery;
    /** Always true: {@link #calls} and {@link #halts} are scaled from samples, not counted one by one. */
    public boolean estimated = true;
    /** Estimated calls that ran this plugin's handler (sampled runs times {@link #sampleEvery}). */
    public long calls;
    /** Estimated calls this plugin halted (its own halt, or its fail-closed guard). */
    public long halts;
    /** Epoch millis of the last sampled call it halted, 0 if none was seen. */
    public long lastHaltAt;
    /** Exact failures by {@link Failure.Kind} name ({@code THREW}, {@code NULL_REPLY}, {@code WRONG_TYPE}, {@code SLOW}); kinds never seen are absent. */
    public Map<String, Long> failures;
    /** Exact sum of {@link #failures}. */
    public long failuresTotal;
    /** Exact calls that skipped the plugin (breaker open, or a same-event dependency did not run). */
    public long skips;
    /** Exact times its breaker opened. */
    public long breakerOpens;
    /** Median handler latency in nanoseconds over the window; -1 before the first timed call. */
    public long p50Nanos = -1;
    /** 99th percentile handler latency in nanoseconds over the window; -1 before the first timed call. */
    public long p99Nanos = -1;
    /** How many timed calls the percentiles are computed from (at most {@link #window}). */
    public int latencySamples;
    /** The sliding window: the percentiles cover this many most recent timed calls ({@code metrics.window}). */
    public int window;
}
