package io.hookline.jmx;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime installer ({@value HooklineMBeans#INSTALLER}): the installed apps, install and
 * uninstall. Registered while an installer runs.
 *
 * <p>The installer itself checks the caller's admin role, audits every operation and records the
 * requester as {@code jmx:<user>}. Errors: a refusal throws {@link IllegalArgumentException} (bad
 * input: an unknown source type, a malformed or unknown app name) or {@link IllegalStateException}
 * (anything else), with the installer's reason and message ({@code NOT_INSTALLED: ...}); nothing is
 * left behind.
 */
@ProviderType
public interface InstallerMXBean {

    /** @return every recorded app, failed ones included, in name order */
    List<AppData> getApps();

    /** @return how many apps are recorded */
    int getAppCount();

    /**
     * Installs or upgrades an app: fetch, verify, resolve, start, health gate; all or nothing.
     *
     * @param sourceType {@code path}, {@code url}, {@code maven}, {@code github_tag} or
     *     {@code github_latest_release}
     * @param location the file path, the URL, {@code groupId:artifactId:version[:type[:classifier]]},
     *     {@code owner/repo@tag} or {@code owner/repo}; a GitHub location may end in {@code #asset}
     * @param sha256 the expected sha256 of the downloaded file, "" or null for none
     * @param force reinstall the same version or downgrade
     * @return the app as installed
     */
    AppData install(String sourceType, String location, String sha256, boolean force);

    /**
     * @param app the app name
     * @return the app as it was
     */
    AppData uninstall(String app);
}
