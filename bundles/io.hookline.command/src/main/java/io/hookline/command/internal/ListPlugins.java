package io.hookline.command.internal;

import io.hookline.event.admin.PluginAdmin;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:list [event]}: every plugin, or those of one event, with status, reason and the
 * event's contract (its declared state type); with an event, its contract line comes first.
 */
@Service
@Command(scope = "hook", name = "list", description = "Lists plugins with their event, priority, status and reason.")
public class ListPlugins implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "event", description = "Only the plugins of this event", required = false)
    @Completion(EventNameCompleter.class)
    String event;

    @Option(name = "-s", aliases = "--stats", description = "Show each plugin's call metrics (calls, halts, failures, skips, breaker opens, latency p50/p99) instead of its reason and bundle")
    boolean stats;

    @Override
    public Object execute() throws Exception {
        try {
            if (event != null) {
                System.out.println(PluginTables.contract(admin.chain(event)));
            }
            if (stats) {
                java.util.List<io.hookline.event.admin.PluginDTO> plugins = event == null ? admin.plugins()
                        : admin.plugins(event);
                MetricsTables.list(plugins).print(System.out);
                io.hookline.event.admin.MetricsDTO any = plugins.stream().map(p -> p.metrics)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                if (any != null) {
                    System.out.println(MetricsTables.legend(any.enabled, any.sampleEvery));
                }
                return null;
            }
            PluginTables.plugins(event == null ? admin.plugins() : admin.plugins(event),
                    e -> e.isEmpty() ? "" : admin.declaredType(e).map(Class::getName).orElse("")).print(System.out);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        return null;
    }
}
