package io.hookline.command.internal;

import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:enable}: see {@link io.hookline.event.admin.PluginAdmin#enable(String)}. */
@Service
@Command(scope = "hook", name = "enable", description = "Enables a stopped plugin (the only way out of STOPPED).")
public class EnablePlugin extends PluginVerb {

    @Override
    String verb() {
        return "enable";
    }

    @Override
    PluginDTO applyTo(String plugin) {
        return admin.enable(plugin);
    }

    @Override
    List<PluginDTO> applyToEvent(String event) {
        return admin.enableEvent(event);
    }

    @Override
    List<PluginDTO> applyToAll() {
        return admin.enableAll();
    }
}
