package io.hookline.event.admin;

import java.util.List;
import org.osgi.dto.DTO;

/**
 * One event's call metrics, and its plugins' ({@link MetricsDTO}).
 *
 * <p>{@link #calls} comes from the per-event sampling countdown: exact while calls come from one
 * thread at a time, an undercount under concurrent calls (the countdown is not synchronized, so
 * the call path pays no atomic); {@link #halts} is scaled from samples. {@link #failures} and
 * {@link #skips} are exact. Public fields, per the OSGi DTO convention.
 */
public class EventMetricsDTO extends DTO {
    /** The event. */
    public String event;
    /** True while the engine samples calls ({@code metrics.enabled}). */
    public boolean enabled;
    /** One call in this many is measured. */
    public int sampleEvery;
    /** Always true: calls and halts are estimates (see the class description). */
    public boolean estimated = true;
    /** Calls of the event (counted by the sampling countdown; see the class description). */
    public long calls;
    /** Estimated calls that halted (a plugin halted, a guard failed closed, or a critical plugin was inactive). */
    public long halts;
    /** Exact failures its plugins had (THREW, NULL_REPLY, WRONG_TYPE, SLOW). */
    public long failures;
    /** Exact skips of its plugins. */
    public long skips;
    /** The metrics of the event's plugins (those with a runtime), in chain order. */
    public List<MetricsDTO> plugins;
}
