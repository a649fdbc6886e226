package io.hookline.installer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What to install: a source, an optional app identity, an optional sha256 pin and options.
 *
 * <p>Immutable and thread-safe: the factories ({@link #path}, {@link #url}, {@link #githubTag},
 * {@link #githubLatestRelease}, {@link #maven}) create a request and every {@code with}-style method
 * ({@link #app(String)}, {@link #sha256(String)}, {@link #force()}, ...) returns a copy. Arguments
 * are checked for presence here; their content (app name pattern, URL scheme, coordinates) is
 * checked by the installer, which reports a bad one as an {@link InstallException}.
 */
public final class InstallRequest {

    /** Where the artifact comes from. */
    public enum SourceType {
        /** A local jar or archive; {@link #location()} is the file path. */
        PATH,
        /** An {@code http} or {@code https} URL; its host must be allowlisted. */
        URL,
        /** A GitHub release by tag; {@link #location()} is {@code owner/repo}. */
        GITHUB_TAG,
        /** A repository's latest GitHub release; {@link #location()} is {@code owner/repo}. */
        GITHUB_LATEST_RELEASE,
        /** Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]}. */
        MAVEN;

        /** @return the lower-case name used in records and the shell ({@code github_tag}, ...) */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return true for every source but {@link #PATH} */
        public boolean isRemote() {
            return this != PATH;
        }
    }

    /**
     * Receives progress of an install. Called on the installing thread; must return quickly and
     * must not throw (an exception is ignored).
     */
    @ConsumerType
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param step what is happening: {@code fetch}, {@code verify}, {@code install},
         *     {@code resolve}, {@code start}, {@code health}, {@code commit}
         * @param done bytes downloaded so far during {@code fetch}, else 0
         * @param total the expected byte count during {@code fetch}, -1 if the server did not say;
         *     else 0
         */
        void progress(String step, long done, long total);
    }

    private static final ProgressListener SILENT = (step, done, total) -> { };

    private final SourceType sourceType;
    private final String location;
    private final String tag;
    private final String asset;
    private final String app;
    private final String version;
    private final String sha256;
    private final boolean force;
    private final String requestedBy;
    private final ProgressListener progress;

    private InstallRequest(SourceType sourceType, String location, String tag, String asset, String app,
            String version, String sha256, boolean force, String requestedBy, ProgressListener progress) {
        this.sourceType = sourceType;
        this.location = location;
        this.tag = tag;
        this.asset = asset;
        this.app = app;
        this.version = version;
        this.sha256 = sha256;
        this.force = force;
        this.requestedBy = requestedBy;
        this.progress = progress;
    }

    private static InstallRequest of(SourceType type, String location, String tag, String asset) {
        return new InstallRequest(type, Objects.requireNonNull(location, "location"), tag, asset, null, null, null,
                false, "", SILENT);
    }

    /**
     * @param file a local bundle jar, {@code .zip} or {@code .tar.gz} of bundle jars
     * @return a request for it
     */
    public static InstallRequest path(Path file) {
        return of(SourceType.PATH, Objects.requireNonNull(file, "file").toString(), null, null);
    }

    /**
     * @param url an {@code http} or {@code https} URL of a jar or archive; its host must be on the
     *     configured allowlist, and so must every host it redirects to
     * @return a request for it
     */
    public static InstallRequest url(String url) {
        return of(SourceType.URL, url, null, null);
    }

    /**
     * @param ownerRepo {@code owner/repo}, on the configured GitHub allowlist
     * @param tag the release tag
     * @param asset the asset's file name, or null for the only {@code .jar}, {@code .zip} or
     *     {@code .tar.gz} asset of the release (refused if there are several)
     * @return a request for it
     */
    public static InstallRequest githubTag(String ownerRepo, String tag, String asset) {
        return of(SourceType.GITHUB_TAG, ownerRepo, Objects.requireNonNull(tag, "tag"), asset);
    }

    /**
     * @param ownerRepo {@code owner/repo}, on the configured GitHub allowlist
     * @param asset the asset's file name, or null for the only suitable one
     * @return a request for the repository's latest release
     */
    public static InstallRequest githubLatestRelease(String ownerRepo, String asset) {
        return of(SourceType.GITHUB_LATEST_RELEASE, ownerRepo, null, asset);
    }

    /**
     * @param coordinates {@code groupId:artifactId:version[:type[:classifier]]}; type defaults to
     *     {@code jar}. Fetched over HTTP from the configured, allowlisted Maven repositories.
     * @return a request for it
     */
    public static InstallRequest maven(String coordinates) {
        return of(SourceType.MAVEN, coordinates, null, null);
    }

    /**
     * @param name the app name ({@value Installer#APP_NAME_PATTERN}); must match the archive's
     *     descriptor when it has one
     * @return a copy naming the app
     */
    public InstallRequest app(String name) {
        return new InstallRequest(sourceType, location, tag, asset, Objects.requireNonNull(name, "name"), version,
                sha256, force, requestedBy, progress);
    }

    /**
     * @param semver the app's semantic version ({@code 1.2.3}, {@code 1.2.3-rc.1})
     * @return a copy with that version
     */
    public InstallRequest version(String semver) {
        return new InstallRequest(sourceType, location, tag, asset, app, Objects.requireNonNull(semver, "semver"),
                sha256, force, requestedBy, progress);
    }

    /**
     * @param hex the expected sha256 of the downloaded file (64 hex digits, any case); the install
     *     is refused with {@link InstallException.Reason#CHECKSUM_MISMATCH} if it differs
     * @return a copy with the pin
     */
    public InstallRequest sha256(String hex) {
        return new InstallRequest(sourceType, location, tag, asset, app, version,
                Objects.requireNonNull(hex, "hex").trim().toLowerCase(Locale.ROOT), force, requestedBy, progress);
    }

    /** @return a copy that reinstalls the same version or downgrades to a lower one */
    public InstallRequest force() {
        return new InstallRequest(sourceType, location, tag, asset, app, version, sha256, true, requestedBy, progress);
    }

    /**
     * @param who who asked (a user name, "shell:karaf", a service), kept in the record
     * @return a copy with it
     */
    public InstallRequest requestedBy(String who) {
        return new InstallRequest(sourceType, location, tag, asset, app, version, sha256, force,
                Objects.requireNonNull(who, "who"), progress);
    }

    /**
     * @param listener receives progress on the installing thread
     * @return a copy with it
     */
    public InstallRequest progress(ProgressListener listener) {
        return new InstallRequest(sourceType, location, tag, asset, app, version, sha256, force, requestedBy,
                Objects.requireNonNull(listener, "listener"));
    }

    /** @return the source type */
    public SourceType sourceType() {
        return sourceType;
    }

    /** @return the path, URL, {@code owner/repo} or Maven coordinates */
    public String location() {
        return location;
    }

    /** @return the GitHub tag, or null */
    public String tag() {
        return tag;
    }

    /** @return the GitHub asset name, or null for the only suitable asset */
    public String asset() {
        return asset;
    }

    /** @return the app name given by the request, or null to take it from the artifact */
    public String app() {
        return app;
    }

    /** @return the version given by the request, or null to take it from the artifact */
    public String version() {
        return version;
    }

    /** @return the sha256 pin in lower case, or null */
    public String sha256() {
        return sha256;
    }

    /** @return true if same or lower versions may replace the installed one */
    public boolean isForced() {
        return force;
    }

    /** @return who asked, "" if unknown */
    public String requestedBy() {
        return requestedBy;
    }

    /** @return the progress listener, never null */
    public ProgressListener progressListener() {
        return progress;
    }

    /** @return a one-line description of the source, as recorded ({@code github_tag acme/x@v1 x.jar}) */
    public String describeSource() {
        StringBuilder b = new StringBuilder(sourceType.id()).append(' ').append(location);
        if (tag != null) {
            b.append('@').append(tag);
        }
        if (asset != null) {
            b.append(' ').append(asset);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "InstallRequest[" + describeSource() + (app != null ? " app=" + app : "")
                + (version != null ? " version=" + version : "") + (sha256 != null ? " sha256=" + sha256 : "")
                + (force ? " force" : "") + "]";
    }
}
