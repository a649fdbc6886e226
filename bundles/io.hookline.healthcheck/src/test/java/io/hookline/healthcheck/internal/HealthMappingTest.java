package io.hookline.healthcheck.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.Health;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;

public class HealthMappingTest {

    private static PluginDTO plugin(String name, PluginStatus status, String reason) {
        PluginDTO p = new PluginDTO();
        p.name = name;
        p.event = "e";
        p.status = status;
        p.statusReason = reason;
        p.bundle = "b";
        return p;
    }

    private static HealthDTO health(String plugin, Health.Status status, String message) {
        HealthDTO h = new HealthDTO();
        h.plugin = plugin;
        h.event = "e";
        h.status = status;
        h.message = message;
        return h;
    }

    private static EventHealthDTO event(HealthDTO... plugins) {
        EventHealthDTO e = new EventHealthDTO();
        e.event = "e";
        e.plugins = List.of(plugins);
        return e;
    }

    private static List<String> lines(Result r) {
        List<String> out = new ArrayList<>();
        for (ResultLog.Entry entry : r) {
            out.add(entry.getStatus() + " " + entry.getMessage());
        }
        return out;
    }

    @Test
    public void healthyPluginsAreOk() {
        Result r = HealthMapping.event(event(health("a", Health.Status.OK, "ok")),
                List.of(plugin("a", PluginStatus.REGISTERED, "")));
        assertEquals(Result.Status.OK, r.getStatus());
        assertEquals(List.of("OK event e: plugin a ok"), lines(r));
    }

    @Test
    public void degradedIsWarnAndDownIsCritical() {
        Result r = HealthMapping.event(event(health("a", Health.Status.DEGRADED, "2 recent failure(s): boom"),
                health("b", Health.Status.DOWN, "timeout")),
                List.of(plugin("a", PluginStatus.STARTED, ""), plugin("b", PluginStatus.REGISTERED, "")));
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        assertEquals(List.of("WARN event e: plugin a is degraded: 2 recent failure(s): boom",
                "CRITICAL event e: plugin b is down: timeout"), lines(r));
    }

    @Test
    public void heldFailedAndBreakerOpenPluginsWarnWithTheirReasons() {
        PluginDTO open = plugin("c", PluginStatus.REGISTERED, "");
        open.breakerOpenUntil = System.currentTimeMillis() + 30_000;
        Result r = HealthMapping.event(event(health("a", Health.Status.DOWN, "held: dependency 'x' is not registered"),
                health("b", Health.Status.DOWN, "failed"),
                health("c", Health.Status.DOWN, "breaker open after 5 consecutive failures: boom")),
                List.of(plugin("a", PluginStatus.HELD, "dependency 'x' is not registered"),
                        plugin("b", PluginStatus.FAILED, "duplicate plugin name 'b'"), open));
        assertEquals("held, failed and breaker-open plugins are WARN, not CRITICAL", Result.Status.WARN, r.getStatus());
        assertEquals(List.of("WARN event e: plugin a is held: dependency 'x' is not registered",
                "WARN event e: plugin b is failed: duplicate plugin name 'b'",
                "WARN event e: plugin c breaker open: breaker open after 5 consecutive failures: boom"), lines(r));
    }

    @Test
    public void anOperatorStopIsOkAndAReasonWithBracesIsNotFormatted() {
        Result r = HealthMapping.event(event(health("a", Health.Status.DEGRADED, "stopped by operator"),
                health("b", Health.Status.DOWN, "held")),
                List.of(plugin("a", PluginStatus.STOPPED, "stopped by operator"),
                        plugin("b", PluginStatus.HELD, "dependency '{}' is stopped")));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertTrue(lines(r).toString(), lines(r).contains("OK event e: plugin a is stopped by operator"));
        assertTrue(lines(r).toString(), lines(r).contains("WARN event e: plugin b is held: dependency '{}' is stopped"));
    }

    @Test
    public void overallListsEveryEventAndFailedRegistrationsOutsideThem() {
        PluginDTO stray = plugin("service-9", PluginStatus.FAILED, "missing hookline.event");
        stray.event = "";
        Result r = HealthMapping.overall(List.of(event(health("a", Health.Status.OK, "ok"))),
                List.of(plugin("a", PluginStatus.REGISTERED, ""), stray));
        assertEquals(Result.Status.WARN, r.getStatus());
        assertEquals(List.of("OK event e: plugin a ok", "WARN plugin service-9 from b failed: missing hookline.event"),
                lines(r));
        assertEquals(Result.Status.OK, HealthMapping.overall(List.of(), List.of()).getStatus());
    }
}
