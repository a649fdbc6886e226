package io.hookline.jmx.internal;

import io.hookline.event.Health;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.Failure;
import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.jmx.EventHealthData;
import io.hookline.jmx.EventMetricsData;
import io.hookline.jmx.PluginData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the engine's runtime DTOs to the open-type data of {@link io.hookline.jmx}: enums become
 * their names, nulls become "" or empty arrays, the breaker's open-until time becomes a state. Why
 * one class: the engine and plugin beans must show a plugin the same way, and the mapping is tested
 * without a framework. The installer's DTOs have {@link AppMapping} (the installer is optional).
 * Pure functions; thread-safe.
 */
final class DataMapping {

    static final String CLOSED = "CLOSED";
    static final String OPEN = "OPEN";
    static final String HALF_OPEN = "HALF_OPEN";

    private DataMapping() {
    }

    /**
     * @param p the engine's view of a plugin
     * @param nowMillis the current time, to tell an open breaker from one waiting for its trial call
     */
    static PluginData plugin(PluginDTO p, long nowMillis) {
        PluginData d = new PluginData();
        d.setName(p.name);
        d.setEvent(p.event);
        d.setStatus(p.status == null ? "" : p.status.name());
        d.setActive(p.status != null && p.status.isActive());
        d.setPriority(p.priority);
        d.setDepends(p.depends);
        d.setCritical(p.critical);
        d.setReason(p.statusReason);
        d.setBundle(p.bundle);
        d.setBundleId(p.bundleId);
        d.setRecordId(p.id);
        d.setBreakerState(breakerState(p, nowMillis));
        d.setBreakerOpenUntil(p.breakerOpenUntil);
        d.setConsecutiveFailures(p.consecutiveFailures);
        d.setLastFailure(p.lastFailure);
        d.setStateType(p.stateType);
        metrics(d, p.metrics);
        return d;
    }

    /** Copies the metrics into {@code d}; without any (the plugin never ran), the defaults stay. */
    static void metrics(PluginData d, MetricsDTO m) {
        if (m == null) {
            return;
        }
        d.setCalls(m.calls);
        d.setHalts(m.halts);
        d.setLastHaltAt(m.lastHaltAt);
        d.setFailures(m.failuresTotal);
        Map<String, Long> kinds = m.failures == null ? Map.of() : m.failures;
        d.setFailuresThrew(kinds.getOrDefault(Failure.Kind.THREW.name(), 0L));
        d.setFailuresNullReply(kinds.getOrDefault(Failure.Kind.NULL_REPLY.name(), 0L));
        d.setFailuresWrongType(kinds.getOrDefault(Failure.Kind.WRONG_TYPE.name(), 0L));
        d.setFailuresSlow(kinds.getOrDefault(Failure.Kind.SLOW.name(), 0L));
        d.setSkips(m.skips);
        d.setBreakerOpens(m.breakerOpens);
        d.setLatencyP50Nanos(m.p50Nanos);
        d.setLatencyP99Nanos(m.p99Nanos);
        d.setLatencySamples(m.latencySamples);
        d.setMetricsSampleEvery(m.enabled ? m.sampleEvery : 0);
    }

    static EventMetricsData event(EventMetricsDTO e) {
        EventMetricsData d = new EventMetricsData();
        d.setEvent(e.event);
        d.setCalls(e.calls);
        d.setHalts(e.halts);
        d.setFailures(e.failures);
        d.setSkips(e.skips);
        d.setSampleEvery(e.enabled ? e.sampleEvery : 0);
        return d;
    }

    static List<PluginData> plugins(List<PluginDTO> plugins, long nowMillis) {
        List<PluginData> out = new ArrayList<>(plugins.size());
        for (PluginDTO p : plugins) {
            out.add(plugin(p, nowMillis));
        }
        return out;
    }

    /** {@code CLOSED} (0), {@code OPEN} (skipping until a time to come), {@code HALF_OPEN} (that time passed: the next call is a trial). */
    static String breakerState(PluginDTO p, long nowMillis) {
        if (p.breakerOpenUntil == 0) {
            return CLOSED;
        }
        return p.breakerOpenUntil > nowMillis ? OPEN : HALF_OPEN;
    }

    /** @return every status name with how many plugins have it, in the enum's order, zeros included */
    static Map<String, Integer> counts(List<PluginDTO> plugins) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PluginStatus s : PluginStatus.values()) {
            counts.put(s.name(), 0);
        }
        for (PluginDTO p : plugins) {
            if (p.status != null) {
                counts.merge(p.status.name(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static int breakersOpen(List<PluginDTO> plugins) {
        int n = 0;
        for (PluginDTO p : plugins) {
            if (p.breakerOpenUntil != 0) {
                n++;
            }
        }
        return n;
    }

    /** @return the worst status of the events, {@code OK} if there are none */
    static String overall(List<EventHealthDTO> events) {
        Health.Status worst = Health.Status.OK;
        for (EventHealthDTO e : events) {
            if (e.status != null && e.status.compareTo(worst) > 0) {
                worst = e.status;
            }
        }
        return worst.name();
    }

    static EventHealthData eventHealth(EventHealthDTO e) {
        EventHealthData d = new EventHealthData();
        d.setEvent(e.event);
        d.setStatus(e.status == null ? Health.Status.OK.name() : e.status.name());
        List<HealthDTO> plugins = e.plugins == null ? List.of() : e.plugins;
        d.setPluginCount(plugins.size());
        List<String> problems = new ArrayList<>();
        for (HealthDTO h : plugins) {
            if (h.status != null && h.status != Health.Status.OK) {
                problems.add(h.plugin + " " + h.status.name() + ": " + (h.message == null ? "" : h.message));
            }
        }
        d.setProblems(problems.toArray(new String[0]));
        return d;
    }

    static List<EventHealthData> eventHealth(List<EventHealthDTO> events) {
        List<EventHealthData> out = new ArrayList<>(events.size());
        for (EventHealthDTO e : events) {
            out.add(eventHealth(e));
        }
        return out;
    }
}
