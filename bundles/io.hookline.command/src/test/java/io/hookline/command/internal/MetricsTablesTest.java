package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.Test;

public class MetricsTablesTest {

    private static List<List<String>> rows(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.forceAscii().print(new PrintStream(bytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8, true);
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.matches("[-+ ]*"))
                .map(line -> List.of(line.split("\\|", -1)).stream().map(String::strip).toList())
                .toList();
    }

    private static MetricsDTO metrics(String plugin) {
        MetricsDTO m = new MetricsDTO();
        m.plugin = plugin;
        m.event = "user_registered";
        m.enabled = true;
        m.sampleEvery = 1024;
        m.calls = 2048;
        m.halts = 1024;
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("THREW", 3L);
        f.put("SLOW", 1L);
        m.failures = f;
        m.failuresTotal = 4;
        m.skips = 2;
        m.breakerOpens = 1;
        m.p50Nanos = 1250;
        m.p99Nanos = 98_760;
        m.latencySamples = 2;
        return m;
    }

    @Test
    public void statsTablesShowEventsThenPluginsWithSampledColumnsMarked() {
        EventMetricsDTO e = new EventMetricsDTO();
        e.event = "user_registered";
        e.calls = 2100;
        e.halts = 1024;
        e.failures = 4;
        e.skips = 2;
        List<List<String>> events = rows(MetricsTables.events(List.of(e)));
        assertEquals(List.of("Event", "Calls", "Halts~", "Failures", "Skips"), events.get(0));
        assertEquals(List.of("user_registered", "2100", "1024", "4", "2"), events.get(1));

        MetricsDTO idle = new MetricsDTO();
        idle.plugin = "idle";
        idle.event = "user_registered";
        idle.failures = Map.of();
        List<List<String>> plugins = rows(MetricsTables.plugins(List.of(metrics("block-disposable"), idle)));
        assertEquals(List.of("Plugin", "Event", "Calls~", "Halts~", "Failures", "Skips", "Breaker Opens", "p50 (us)",
                "p99 (us)", "Samples"), plugins.get(0));
        assertEquals(List.of("block-disposable", "user_registered", "2048", "1024", "THREW 3, SLOW 1", "2", "1", "1.3",
                "98.8", "2"), plugins.get(1));
        assertEquals(List.of("idle", "user_registered", "0", "0", "0", "0", "0", "-", "-", "0"), plugins.get(2));
    }

    @Test
    public void listWithStatsShowsMetricsPerPluginAndDashesWithoutARuntime() {
        PluginDTO running = PluginTablesTest.plugin("block-disposable", "user_registered", 20, PluginStatus.STARTED, "");
        running.metrics = metrics("block-disposable");
        PluginDTO held = PluginTablesTest.plugin("welcome", "user_registered", 30, PluginStatus.HELD, "x");
        List<List<String>> rows = rows(MetricsTables.list(List.of(running, held)));
        assertEquals(List.of("Name", "Event", "Status", "Calls~", "Halts~", "Failures", "Skips", "Breaker Opens",
                "p50 (us)", "p99 (us)"), rows.get(0));
        assertEquals(List.of("block-disposable", "user_registered", "STARTED", "2048", "1024", "THREW 3, SLOW 1", "2",
                "1", "1.3", "98.8"), rows.get(1));
        assertEquals(List.of("welcome", "user_registered", "HELD", "-", "-", "-", "-", "-", "-", "-"), rows.get(2));
    }

    @Test
    public void legendSaysWhatIsSampledAndWhatIsExact() {
        String on = MetricsTables.legend(true, 1024);
        assertTrue(on, on.startsWith("~ estimated: one call in 1024 per event is sampled"));
        assertTrue(on, on.contains("failures, skips and breaker opens are exact"));
        String off = MetricsTables.legend(false, 1024);
        assertTrue(off, off.startsWith("Metrics sampling is off"));
    }

    @Test
    public void hostileKindNamesAreEscaped() {
        MetricsDTO m = metrics("x\u001b[2J");
        assertEquals("x\\u001b[2J", rows(MetricsTables.plugins(List.of(m))).get(1).get(0));
    }
}
