package io.hookline.installer.internal.shell;

import io.hookline.installer.AppDTO;
import io.hookline.installer.Installer;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the recorded apps, failed ones included. */
@Service
public class AppNameCompleter implements Completer {

    @Reference
    Installer installer;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (AppDTO app : installer.list()) {
            names.getStrings().add(app.app);
        }
        return names.complete(session, commandLine, candidates);
    }
}
