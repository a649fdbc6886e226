package io.hookline.command.internal;

import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:start}: see {@link io.hookline.event.admin.PluginAdmin#start(String)}. */
@Service
@Command(scope = "hook", name = "start", description = "Starts a plugin: REGISTERED becomes STARTED (its dependencies must be active). A stopped plugin needs hook:enable.")
public class StartPlugin extends PluginVerb {

    @Override
    String verb() {
        return "start";
    }

    @Override
    PluginDTO applyTo(String plugin) {
        return admin.start(plugin);
    }

    @Override
    List<PluginDTO> applyToEvent(String event) {
        return admin.startEvent(event);
    }

    @Override
    List<PluginDTO> applyToAll() {
        return admin.startAll();
    }
}
