package io.hookline.command.internal;

import io.hookline.event.admin.HealthContributor;
import io.hookline.event.admin.PluginAdmin;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:health [event]}: probes plugins (on the engine's executor, with its timeout), then,
 * for all events, prints one line per {@link HealthContributor} present (the cluster's, where it
 * runs): optional, so this bundle depends on none of them.
 */
@Service
@Command(scope = "hook", name = "health", description = "Probes the health of every plugin, or of one event's plugins.")
public class ShowHealth implements Action {

    @Reference
    PluginAdmin admin;

    @Reference(optional = true)
    List<HealthContributor> contributors;

    @Argument(index = 0, name = "event", description = "Only the plugins of this event", required = false)
    @Completion(EventNameCompleter.class)
    String event;

    @Override
    public Object execute() throws Exception {
        try {
            PluginTables.health(event == null ? admin.health() : List.of(admin.health(event))).print(System.out);
            if (event == null && contributors != null) {
                contributors.stream().map(PluginTables::contributor).sorted().forEach(System.out::println);
            }
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        return null;
    }
}
