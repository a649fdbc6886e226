package io.hookline.command.internal;

import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:stop}: see {@link io.hookline.event.admin.PluginAdmin#stop(String)}. */
@Service
@Command(scope = "hook", name = "stop", description = "Stops a plugin: it leaves its chain and stays STOPPED, across restarts, until hook:enable.")
public class StopPlugin extends PluginVerb {

    @Override
    String verb() {
        return "stop";
    }

    @Override
    PluginDTO applyTo(String plugin) {
        return admin.stop(plugin);
    }

    @Override
    List<PluginDTO> applyToEvent(String event) {
        return admin.stopEvent(event);
    }

    @Override
    List<PluginDTO> applyToAll() {
        return admin.stopAll();
    }
}
