package io.hookline.installer.internal.shell;

import io.hookline.installer.Installer;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code installer:list}: see {@link Installer#list()}. */
@Service
@Command(scope = "installer", name = "list", description = "Lists installed apps with version, status and source.")
public class ListApps implements Action {

    @Reference
    Installer installer;

    @Override
    public Object execute() {
        InstallerText.apps(installer.list(), System.out);
        return null;
    }
}
