package io.hookline.command.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:info <plugin>}: every detail of one plugin, full reason and last failure uncut. */
@Service
@Command(scope = "hook", name = "info", description = "Shows one plugin in full: status and reason uncut, breaker, last failure, bundle, record.")
public class ShowInfo implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "plugin", description = "The plugin name", required = true)
    @Completion(PluginNameCompleter.class)
    String plugin;

    @Override
    public Object execute() throws Exception {
        PluginDTO p = admin.plugin(plugin)
                .orElseThrow(() -> UserError.of(new IllegalArgumentException("unknown plugin '" + plugin + "'")));
        PluginTables.info(p).forEach(System.out::println);
        return null;
    }
}
