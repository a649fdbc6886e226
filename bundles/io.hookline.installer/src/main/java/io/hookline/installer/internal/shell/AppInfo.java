package io.hookline.installer.internal.shell;

import io.hookline.installer.Installer;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code installer:info app}: see {@link Installer#get(String)}. */
@Service
@Command(scope = "installer", name = "info", description = "Shows an installed app: source, checksums, bundles, status.")
public class AppInfo implements Action {

    @Reference
    Installer installer;

    @Argument(index = 0, name = "app", description = "The app name", required = true)
    @Completion(AppNameCompleter.class)
    String app;

    @Override
    public Object execute() {
        InstallerText.app(installer.get(app).orElseThrow(
                () -> new IllegalArgumentException("app " + app + " is not installed")), System.out);
        return null;
    }
}
