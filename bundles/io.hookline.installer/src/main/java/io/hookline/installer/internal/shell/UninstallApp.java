package io.hookline.installer.internal.shell;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code installer:uninstall app [version]}: see {@link Installer#uninstall(String, String)}. */
@Service
@Command(scope = "installer", name = "uninstall", description = "Stops and removes an app's bundles, files and record.")
public class UninstallApp implements Action {

    @Reference
    Installer installer;

    @Argument(index = 0, name = "app", description = "The app name", required = true)
    @Completion(AppNameCompleter.class)
    String app;

    @Argument(index = 1, name = "version", description = "Only if this version is the installed one", required = false)
    String version;

    @Override
    public Object execute() {
        AppDTO was;
        try {
            was = installer.uninstall(app, version, ShellUser.requester());
        } catch (InstallException e) {
            throw InstallerText.explain(e);
        }
        System.out.println("Uninstalled " + was.app + " " + was.version + " (" + was.artifacts.length + " bundles)");
        return null;
    }
}
