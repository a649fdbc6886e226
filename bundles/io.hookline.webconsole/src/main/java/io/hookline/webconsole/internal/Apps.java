package io.hookline.webconsole.internal;

import java.util.List;
import java.util.Map;

/**
 * The installed apps as the page shows them, kept behind an interface of this bundle so that the
 * page works without the installer: only {@link InstallerApps} touches {@code io.hookline.installer}
 * (an optional import), and it is registered only where an Installer service is.
 */
interface Apps {

    /** @return one row per app: app, version, status, failureReason, sourceType, source, sha256, signer, bundles */
    List<Map<String, Object>> list();

    /**
     * Uninstalls an app.
     *
     * @return a one-line message saying what was done
     * @throws IllegalArgumentException the installer refused (unknown app, protected bundle, ...), with its reason
     */
    String uninstall(String app, String requestedBy);
}
