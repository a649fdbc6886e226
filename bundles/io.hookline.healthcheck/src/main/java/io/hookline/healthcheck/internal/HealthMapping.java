package io.hookline.healthcheck.internal;

import io.hookline.event.Health;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;

/**
 * Turns Hookline's health and plugin DTOs into a Felix {@link Result}, one log line per plugin.
 *
 * <p>Mapping: a plugin that is {@code HELD} or {@code FAILED}, or whose breaker is open, is WARN
 * with its reason (it is not running, but the engine is working as designed around it); otherwise
 * its probe's health maps OK to OK, DEGRADED to WARN, DOWN to CRITICAL. An operator's stop is
 * OK (an informational line): it was asked for. The result is the worst line. Plain Java, no
 * framework: unit tested. Threading: stateless.
 */
final class HealthMapping {

    private HealthMapping() {
    }

    /**
     * @param health the event's probed health
     * @param plugins the event's plugins (statuses, breakers)
     * @return the event's result, one line per plugin
     */
    static Result event(EventHealthDTO health, List<PluginDTO> plugins) {
        FormattingResultLog log = new FormattingResultLog();
        describe(log, health, plugins);
        return new Result(log);
    }

    /**
     * @param health every event's health
     * @param plugins every plugin, failed registrations included
     * @return the engine's result: every event's lines, then failed registrations outside any event
     */
    static Result overall(List<EventHealthDTO> health, List<PluginDTO> plugins) {
        FormattingResultLog log = new FormattingResultLog();
        if (health.isEmpty()) {
            log.info("no plugins registered");
        }
        for (EventHealthDTO e : health) {
            describe(log, e, plugins.stream().filter(p -> e.event.equals(p.event)).toList());
        }
        for (PluginDTO p : plugins) {
            if (p.status == PluginStatus.FAILED && health.stream().noneMatch(e -> e.event.equals(p.event))) {
                log.warn("plugin {} from {} failed: {}", p.name, p.bundle, p.statusReason);
            }
        }
        return new Result(log);
    }

    private static void describe(FormattingResultLog log, EventHealthDTO health, List<PluginDTO> plugins) {
        Map<String, PluginDTO> byName = plugins.stream().collect(Collectors.toMap(p -> p.name, Function.identity(),
                (a, b) -> a.status == PluginStatus.FAILED ? b : a));
        String event = health.event;
        if (health.plugins == null || health.plugins.isEmpty()) {
            log.info("event {}: no plugins", event);
        }
        for (HealthDTO h : health.plugins == null ? List.<HealthDTO>of() : health.plugins) {
            PluginDTO p = byName.get(h.plugin);
            PluginStatus status = p == null ? null : p.status;
            if (status == PluginStatus.HELD || status == PluginStatus.FAILED) {
                log.warn("event {}: plugin {} is {}: {}", event, h.plugin, status.name().toLowerCase(Locale.ROOT),
                        p.statusReason);
            } else if (status == PluginStatus.STOPPED) {
                log.info("event {}: plugin {} is stopped by operator", event, h.plugin);
            } else if (p != null && p.breakerOpenUntil > 0) {
                log.warn("event {}: plugin {} breaker open: {}", event, h.plugin, h.message);
            } else if (h.status == Health.Status.DOWN) {
                log.critical("event {}: plugin {} is down: {}", event, h.plugin, h.message);
            } else if (h.status == Health.Status.DEGRADED) {
                log.warn("event {}: plugin {} is degraded: {}", event, h.plugin, h.message);
            } else {
                log.info("event {}: plugin {} ok{}", event, h.plugin,
                        h.message == null || h.message.isEmpty() || "ok".equals(h.message) ? "" : ": " + h.message);
            }
        }
        for (PluginDTO p : plugins) {
            if (p.status == PluginStatus.FAILED && health.plugins.stream().noneMatch(h -> h.plugin.equals(p.name))) {
                // a losing duplicate is listed by the admin but not probed
                log.warn("event {}: plugin {} from {} failed: {}", event, p.name, p.bundle, p.statusReason);
            }
        }
    }
}
