package io.hookline.command.internal;

import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:restart}: see {@link io.hookline.event.admin.PluginAdmin#restart(String)}. */
@Service
@Command(scope = "hook", name = "restart", description = "Restarts a plugin: resets its failure breaker and marks it STARTED.")
public class RestartPlugin extends PluginVerb {

    @Override
    String verb() {
        return "restart";
    }

    @Override
    PluginDTO applyTo(String plugin) {
        return admin.restart(plugin);
    }

    @Override
    List<PluginDTO> applyToEvent(String event) {
        return admin.restartEvent(event);
    }

    @Override
    List<PluginDTO> applyToAll() {
        return admin.restartAll();
    }
}
