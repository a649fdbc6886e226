package io.hookline.command.internal;

import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import io.hookline.event.admin.PluginDTO;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The metrics tables of {@code hook:stats} and {@code hook:list -s}, from the engine's
 * {@link EventMetricsDTO}/{@link MetricsDTO}. Columns whose numbers are scaled from samples are
 * marked with {@code ~}; {@link #legend} says so in words. Kept apart from the actions so the
 * layout is unit-testable without a shell.
 */
final class MetricsTables {

    private MetricsTables() {
    }

    /** Event, Calls, Halts~, Failures, Skips: one row per event. */
    static ShellTable events(List<EventMetricsDTO> events) {
        ShellTable table = new ShellTable().emptyTableText("no events");
        table.column("Event");
        table.column("Calls").alignRight();
        table.column("Halts~").alignRight();
        table.column("Failures").alignRight();
        table.column("Skips").alignRight();
        for (EventMetricsDTO e : events) {
            table.addRow().addContent(PluginTables.text(e.event), e.calls, e.halts, e.failures, e.skips);
        }
        return table;
    }

    /**
     * Plugin, Event, Calls~, Halts~, Failures (by kind), Skips, Breaker Opens, p50 (us), p99 (us),
     * Samples: one row per plugin.
     */
    static ShellTable plugins(List<MetricsDTO> plugins) {
        ShellTable table = new ShellTable().emptyTableText("no plugins");
        table.column("Plugin");
        table.column("Event");
        metricColumns(table);
        table.column("Samples").alignRight();
        for (MetricsDTO m : plugins) {
            table.addRow().addContent(PluginTables.text(m.plugin), PluginTables.text(m.event), m.calls, m.halts,
                    failures(m), m.skips, m.breakerOpens, micros(m.p50Nanos), micros(m.p99Nanos), m.latencySamples);
        }
        return table;
    }

    /** Calls~, Halts~, Failures, Skips, Breaker Opens, p50 (us), p99 (us): shared by both tables. */
    private static void metricColumns(ShellTable table) {
        table.column("Calls~").alignRight();
        table.column("Halts~").alignRight();
        table.column("Failures");
        table.column("Skips").alignRight();
        table.column("Breaker Opens").alignRight();
        table.column("p50 (us)").alignRight();
        table.column("p99 (us)").alignRight();
    }

    /** {@code hook:list -s}: Name, Event, Status, then the metrics columns of {@link #plugins}. */
    static ShellTable list(List<PluginDTO> plugins) {
        ShellTable table = new ShellTable().emptyTableText("no plugins");
        table.column("Name");
        table.column("Event");
        table.column("Status");
        metricColumns(table);
        for (PluginDTO p : plugins) {
            MetricsDTO m = p.metrics;
            if (m == null) {
                table.addRow().addContent(PluginTables.text(p.name), PluginTables.text(p.event), p.status, "-", "-", "-",
                        "-", "-", "-", "-");
            } else {
                table.addRow().addContent(PluginTables.text(p.name), PluginTables.text(p.event), p.status, m.calls,
                        m.halts, failures(m), m.skips, m.breakerOpens, micros(m.p50Nanos), micros(m.p99Nanos));
            }
        }
        return table;
    }

    /** The footnote under a metrics table: what is sampled, at which rate, and what is exact. */
    static String legend(boolean enabled, int sampleEvery) {
        if (!enabled) {
            return "Metrics sampling is off (metrics.enabled = false in io.hookline.core): calls, halts and latency"
                    + " are not measured; failures, skips and breaker opens are exact.";
        }
        return "~ estimated: one call in " + sampleEvery + " per event is sampled (metrics.sample.every), its count"
                + " scaled by " + sampleEvery + "; event calls are counted, exact for one calling thread;"
                + " failures, skips and breaker opens are exact.";
    }

    /** "0" or "THREW 3, SLOW 1". */
    static String failures(MetricsDTO m) {
        Map<String, Long> byKind = m.failures;
        if (byKind == null || byKind.isEmpty()) {
            return "0";
        }
        return byKind.entrySet().stream().map(e -> PluginTables.text(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Nanoseconds as microseconds with one decimal; "-" for no sample. */
    static String micros(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}
