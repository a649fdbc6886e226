package io.hookline.command.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of every known plugin, failed registrations included. */
@Service
public class PluginNameCompleter implements Completer {

    @Reference
    PluginAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (PluginDTO plugin : admin.plugins()) {
            names.getStrings().add(plugin.name);
        }
        return names.complete(session, commandLine, candidates);
    }
}
