package io.hookline.installer;

import org.osgi.dto.DTO;

/**
 * What {@link Installer#install} would do, as computed by {@link Installer#plan}. Public fields,
 * per the OSGi DTO convention. Symbolic names are listed, never bundle ids of bundles that do not
 * exist yet.
 */
public class InstallPlanDTO extends DTO {

    /** The kind of change. */
    public enum Action {
        /** The app is not installed. */
        INSTALL,
        /** A lower version is installed. */
        UPGRADE,
        /** The same version is installed; only with {@link InstallRequest#force()}. */
        REINSTALL,
        /** A higher version is installed; only with {@link InstallRequest#force()}. */
        DOWNGRADE
    }

    /** The app name. */
    public String app;
    /** The version that would be installed. */
    public String version;
    /** The installed version, or null. */
    public String currentVersion;
    /** The kind of change. */
    public Action action;
    /** What was fetched: the path or the final URL after redirects. */
    public String fetch;
    /** The fetched file's size in bytes. */
    public long fetchedBytes;
    /** The fetched file's sha256. */
    public String sha256;
    /** The bundles the app would consist of. */
    public ArtifactDTO[] artifacts;
    /** Symbolic names of bundles that would be newly installed. */
    public String[] install;
    /** Symbolic names of installed bundles that would be updated in place. */
    public String[] update;
    /** Symbolic names of bundles of the current version that would be uninstalled. */
    public String[] uninstall;
    /** Symbolic names of bundles outside the app that are wired to updated or removed ones and would be refreshed. */
    public String[] refresh;
    /** Symbolic names of the bundles that would be started. */
    public String[] start;
    /**
     * Set when the install would be refused although the fetch and verification passed
     * ({@link InstallException.Reason} name, a colon and the message); null when it would proceed
     * as far as the framework can tell without trying (resolution and start are not simulated).
     */
    public String refusal;
}
