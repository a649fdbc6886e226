package io.hookline.command.internal;

import io.hookline.event.admin.EventMetricsDTO;
import io.hookline.event.admin.MetricsDTO;
import io.hookline.event.admin.PluginAdmin;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:stats [event]}: per event calls, halts, failures and skips, then per plugin calls,
 * halts, failures by kind, skips, breaker opens and latency percentiles, with a line saying which
 * numbers are sampled.
 */
@Service
@Command(scope = "hook", name = "stats", description = "Shows call metrics per event and plugin: calls, halts, failures by kind, skips, breaker opens, latency p50/p99.")
public class ShowStats implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "event", description = "Only this event", required = false)
    @Completion(EventNameCompleter.class)
    String event;

    @Override
    public Object execute() throws Exception {
        List<EventMetricsDTO> events;
        try {
            events = event == null ? admin.metrics() : List.of(admin.metrics(event));
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        MetricsTables.events(events).print(System.out);
        List<MetricsDTO> plugins = events.stream().flatMap(e -> e.plugins.stream()).toList();
        MetricsTables.plugins(plugins).print(System.out);
        System.out.println(MetricsTables.legend(events.isEmpty() || events.get(0).enabled,
                events.isEmpty() ? 0 : events.get(0).sampleEvery));
        return null;
    }
}
