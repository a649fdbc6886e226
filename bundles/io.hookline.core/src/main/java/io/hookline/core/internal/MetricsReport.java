package io.hookline.core.internal;

import io.hookline.event.Failure;
import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the engine's counters ({@link PluginMetrics}, {@link EventMetrics}) into the admin API's
 * {@link MetricsDTO} and {@link EventMetricsDTO}.
 *
 * <p>Why apart: the counters stay internal and cheap; the percentiles (a copy and a sort of each
 * window) are computed here, only when an operator reads. Threading: stateless; reads atomics
 * that calls may be updating, so a report is a near-snapshot, not an atomic one.
 */
final class MetricsReport {

    private MetricsReport() {
    }

    static MetricsDTO plugin(PluginRuntime rt) {
        PluginMetrics m = rt.metrics;
        MetricsConfig config = rt.metricsConfig();
        MetricsDTO dto = new MetricsDTO();
        dto.plugin = rt.name;
        dto.event = rt.event;
        dto.enabled = config.enabled();
        dto.sampleEvery = config.sampleEvery();
        dto.calls = m.calls();
        dto.halts = m.halts();
        dto.lastHaltAt = m.lastHaltAtMillis();
        Map<String, Long> failures = new LinkedHashMap<>();
        for (Failure.Kind kind : Failure.Kind.values()) {
            long n = m.failures(kind);
            if (n != 0) {
                failures.put(kind.name(), n);
            }
        }
        dto.failures = failures;
        dto.failuresTotal = m.failuresTotal();
        dto.skips = m.skips();
        dto.breakerOpens = m.breakerOpens();
        long[] sorted = m.latency.sorted();
        dto.latencySamples = sorted.length;
        dto.p50Nanos = LatencyWindow.percentile(sorted, 0.50);
        dto.p99Nanos = LatencyWindow.percentile(sorted, 0.99);
        dto.window = m.latency.size();
        return dto;
    }

    /**
     * @param slot the event's slot
     * @param runtimes the runtimes of its plugins to report, in chain order
     */
    static EventMetricsDTO event(EventSlot slot, List<PluginRuntime> runtimes) {
        EventMetrics m = slot.metrics;
        EventMetricsDTO dto = new EventMetricsDTO();
        dto.event = slot.event;
        dto.enabled = m.config.enabled();
        dto.sampleEvery = m.config.sampleEvery();
        dto.calls = m.calls(slot.sampleCountdown);
        dto.halts = m.halts();
        dto.failures = m.failures();
        dto.skips = m.skips();
        dto.plugins = new ArrayList<>();
        for (PluginRuntime rt : runtimes) {
            dto.plugins.add(plugin(rt));
        }
        return dto;
    }
}
