package io.hookline.command.internal;

import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hook:unregister}: see {@link io.hookline.event.admin.PluginAdmin#unregister(String)}. */
@Service
@Command(scope = "hook", name = "unregister", description = "Unregisters a plugin and forgets its record; it comes back as new when its bundle registers it again.")
public class UnregisterPlugin extends PluginVerb {

    @Override
    String verb() {
        return "unregister";
    }

    @Override
    PluginDTO applyTo(String plugin) {
        return admin.unregister(plugin);
    }

    @Override
    List<PluginDTO> applyToEvent(String event) {
        return admin.unregisterEvent(event);
    }

    @Override
    List<PluginDTO> applyToAll() {
        return admin.unregisterAll();
    }
}
