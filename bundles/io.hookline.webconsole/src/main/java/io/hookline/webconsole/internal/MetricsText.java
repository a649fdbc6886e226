package io.hookline.webconsole.internal;

import io.hookline.event.admin.MetricsDTO;
import io.hookline.event.admin.PluginDTO;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plugin's metrics as the page's details cell shows them ("calls~ 2048, halts~ 1024, failures 3
 * (THREW 3), skips 0, breaker opens 0, p50 1.2 µs, p99 9.8 µs (12 samples)") and the legend that
 * says which numbers are sampled. Unescaped text: the page escapes it. Pure functions.
 */
final class MetricsText {

    private MetricsText() {
    }

    static String of(MetricsDTO m) {
        if (m == null) {
            return "not run yet";
        }
        StringBuilder out = new StringBuilder();
        out.append("calls~ ").append(m.calls).append(", halts~ ").append(m.halts);
        out.append(", failures ").append(m.failuresTotal);
        Map<String, Long> kinds = m.failures;
        if (kinds != null && !kinds.isEmpty()) {
            out.append(" (").append(kinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(')');
        }
        out.append(", skips ").append(m.skips).append(", breaker opens ").append(m.breakerOpens);
        out.append(", p50 ").append(micros(m.p50Nanos)).append(", p99 ").append(micros(m.p99Nanos));
        out.append(" (").append(m.latencySamples).append(" samples)");
        return out.toString();
    }

    static String legend(List<PluginDTO> plugins) {
        MetricsDTO any = plugins.stream().map(p -> p.metrics).filter(m -> m != null).findFirst().orElse(null);
        if (any == null) {
            return "Metrics: no plugin has run yet.";
        }
        if (!any.enabled) {
            return "Metrics: sampling is off (metrics.enabled in io.hookline.core); failures, skips and breaker opens are exact.";
        }
        return "Metrics: ~ estimated, one call in " + any.sampleEvery + " per event is sampled (metrics.sample.every)"
                + " and scaled; latency percentiles over the last " + any.window
                + " timed calls; failures, skips and breaker opens are exact.";
    }

    private static String micros(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f \u00b5s", nanos / 1000.0);
    }
}
