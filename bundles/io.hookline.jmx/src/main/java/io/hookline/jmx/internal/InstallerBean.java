package io.hookline.jmx.internal;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.jmx.AppData;
import io.hookline.jmx.InstallerMXBean;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link InstallerMXBean} over {@link Installer}. The installer checks the caller's admin role and
 * audits every operation itself; this bean names the requester ({@code jmx:<user>}), parses the
 * source, and turns an {@link InstallException} (a Hookline type a JMX client could not
 * deserialise) into a JDK exception with the installer's reason and message. Threading:
 * thread-safe, as the installer is.
 */
final class InstallerBean implements InstallerMXBean {

    /** Refusals that are the caller's bad input: reported as {@link IllegalArgumentException}. */
    private static final Set<InstallException.Reason> BAD_INPUT = EnumSet.of(InstallException.Reason.INVALID_REQUEST,
            InstallException.Reason.INVALID_APP_NAME, InstallException.Reason.INVALID_VERSION,
            InstallException.Reason.APP_MISMATCH, InstallException.Reason.SOURCE_NOT_FOUND,
            InstallException.Reason.NOT_INSTALLED);

    private final Installer installer;

    InstallerBean(Installer installer) {
        this.installer = installer;
    }

    @Override
    public java.util.List<AppData> getApps() {
        return AppMapping.apps(installer.list());
    }

    @Override
    public int getAppCount() {
        return installer.list().size();
    }

    @Override
    public AppData install(String sourceType, String location, String sha256, boolean force) {
        InstallRequest request = request(sourceType, location);
        if (sha256 != null && !sha256.isBlank()) {
            request = request.sha256(sha256);
        }
        if (force) {
            request = request.force();
        }
        request = request.requestedBy(JmxCaller.requester());
        try {
            return AppMapping.app(installer.install(request));
        } catch (InstallException e) {
            throw translate(e);
        } catch (SecurityException e) {
            throw new SecurityException(e.getMessage());
        }
    }

    @Override
    public AppData uninstall(String app) {
        if (app == null || app.isBlank()) {
            throw new IllegalArgumentException("uninstall needs an app name; none was given");
        }
        try {
            return AppMapping.app(installer.uninstall(app.strip(), null, JmxCaller.requester()));
        } catch (InstallException e) {
            throw translate(e);
        } catch (SecurityException e) {
            throw new SecurityException(e.getMessage());
        }
    }

    /**
     * @param sourceType a {@link InstallRequest.SourceType#id()}, any case
     * @param location the source; GitHub ones {@code owner/repo@tag} or {@code owner/repo}, each
     *     optionally followed by {@code #asset}
     */
    static InstallRequest request(String sourceType, String location) {
        String known = Arrays.stream(InstallRequest.SourceType.values()).map(InstallRequest.SourceType::id)
                .collect(Collectors.joining(", "));
        if (sourceType == null || sourceType.isBlank()) {
            throw new IllegalArgumentException("install needs a source type, one of: " + known);
        }
        InstallRequest.SourceType type = Arrays.stream(InstallRequest.SourceType.values())
                .filter(t -> t.id().equals(sourceType.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown source type '" + sourceType + "': use one of " + known));
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("install from " + type.id() + " needs a location; none was given");
        }
        String where = location.strip();
        switch (type) {
            case PATH:
                try {
                    return InstallRequest.path(Path.of(where));
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("not a file path: '" + where + "': " + e.getMessage());
                }
            case URL:
                return InstallRequest.url(where);
            case MAVEN:
                return InstallRequest.maven(where);
            case GITHUB_LATEST_RELEASE: {
                String[] repoAsset = splitAsset(where);
                return InstallRequest.githubLatestRelease(repoAsset[0], repoAsset[1]);
            }
            case GITHUB_TAG: {
                String[] repoAsset = splitAsset(where);
                int at = repoAsset[0].indexOf('@');
                if (at <= 0 || at == repoAsset[0].length() - 1) {
                    throw new IllegalArgumentException("a github_tag location is owner/repo@tag[#asset], not '" + where + "'");
                }
                return InstallRequest.githubTag(repoAsset[0].substring(0, at), repoAsset[0].substring(at + 1), repoAsset[1]);
            }
            default:
                throw new IllegalArgumentException("unknown source type '" + sourceType + "': use one of " + known);
        }
    }

    private static String[] splitAsset(String location) {
        int hash = location.indexOf('#');
        return hash < 0 ? new String[] {location, null}
                : new String[] {location.substring(0, hash), location.substring(hash + 1).isEmpty() ? null : location.substring(hash + 1)};
    }

    static RuntimeException translate(InstallException e) {
        return BAD_INPUT.contains(e.reason()) ? new IllegalArgumentException(e.describe())
                : new IllegalStateException(e.describe());
    }
}
