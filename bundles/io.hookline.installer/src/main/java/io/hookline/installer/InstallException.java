package io.hookline.installer;

import java.util.Objects;

/**
 * Why an install, plan or uninstall was refused or failed: a machine-readable {@link Reason} and a
 * message naming exactly what was wrong (the host, the entry, the expected and actual checksum,
 * the unresolved requirement, the activator's exception message, ...).
 *
 * <p>When it is thrown, nothing is left behind: no new bundle, no staged or extracted file, no
 * record change; an upgrade is back on the previous version.
 */
public class InstallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The machine-readable cause. */
    public enum Reason {
        /** The request itself is malformed (unknown scheme, bad coordinates, bad pin format, missing version). */
        INVALID_REQUEST,
        /** The app name does not match {@value Installer#APP_NAME_PATTERN}. */
        INVALID_APP_NAME,
        /** The version is not a semantic version. */
        INVALID_VERSION,
        /** The request's app name differs from the archive's descriptor. */
        APP_MISMATCH,
        /** The local path does not exist or is not a regular file. */
        SOURCE_NOT_FOUND,
        /** A URL's (or redirect's, or Maven repository's) host is not on the allowlist. */
        HOST_NOT_ALLOWED,
        /** The GitHub repository is not on the allowlist. */
        REPO_NOT_ALLOWED,
        /** A redirect went from https to http, or a URL uses a scheme other than http/https. */
        INSECURE_REDIRECT,
        /** More than 5 redirects. */
        TOO_MANY_REDIRECTS,
        /** The server answered with an error status (404, 500, ...). */
        HTTP_ERROR,
        /** Connecting or reading timed out. */
        TIMEOUT,
        /** The download failed (connection refused, reset, truncated). */
        DOWNLOAD_FAILED,
        /** The download exceeds the configured maximum size. */
        DOWNLOAD_TOO_LARGE,
        /** The sha256 of the download differs from the pin. */
        CHECKSUM_MISMATCH,
        /** Configuration requires a sha256 pin for remote installs and the request has none. */
        CHECKSUM_REQUIRED,
        /** The sha256 of a stored artifact changed since it was recorded (replay). */
        ARTIFACT_TAMPERED,
        /** The GitHub API answered with an error status. */
        GITHUB_API_ERROR,
        /** A GitHub API answer is not the expected JSON. */
        MALFORMED_METADATA,
        /** The release has no asset of that name, or no suitable asset at all. */
        ASSET_NOT_FOUND,
        /** No asset was named and the release has several suitable ones. */
        ASSET_AMBIGUOUS,
        /** The file is not a {@code .jar}, {@code .zip} or {@code .tar.gz}. */
        UNSUPPORTED_ARTIFACT,
        /** An archive entry is absolute, escapes the folder, or is a link, device or fifo. */
        UNSAFE_ARCHIVE_ENTRY,
        /** The archive has more entries than allowed. */
        TOO_MANY_ENTRIES,
        /** The archive unpacks to more bytes than allowed (zip bomb). */
        ARCHIVE_TOO_LARGE,
        /** The archive cannot be read. */
        CORRUPT_ARCHIVE,
        /** The archive holds no bundle jar. */
        NO_BUNDLES,
        /** A jar cannot be read or its manifest cannot be parsed. */
        CORRUPT_JAR,
        /** A jar has no {@code Bundle-SymbolicName}. */
        NOT_A_BUNDLE,
        /** Two jars of the app have the same symbolic name. */
        DUPLICATE_BUNDLE,
        /** A bundle's symbolic name (or the app name) is protected. */
        PROTECTED_BUNDLE,
        /** A bundle's symbolic name belongs to another app or to a bundle not managed by the installer. */
        BUNDLE_CONFLICT,
        /** The same or a higher version is installed and the request is not forced. */
        VERSION_NOT_NEWER,
        /** The app (or that version of it) is not installed. */
        NOT_INSTALLED,
        /** The framework refused to install or update a bundle. */
        FRAMEWORK_ERROR,
        /** A bundle does not resolve; the message names the missing requirement. */
        UNRESOLVED,
        /** A bundle failed to start; the message carries the activator's exception. */
        START_FAILED,
        /** A plugin of the app failed registration or its health check was DOWN. */
        HEALTH_CHECK_FAILED,
        /** A local file system or store operation failed. */
        IO_ERROR,
        /** A jar's signature does not verify: tampered, partly signed, signed by several signers, or unsigned where signatures are required. */
        SIGNATURE_INVALID,
        /** A jar is validly signed, but not by a pinned signer ({@code signature.truststore}). */
        SIGNER_NOT_TRUSTED,
        /** The installing thread was interrupted. */
        INTERRUPTED
    }

    private final Reason reason;

    /**
     * @param reason the machine-readable cause, not null
     * @param message what exactly was wrong
     */
    public InstallException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason the machine-readable cause, not null
     * @param message what exactly was wrong
     * @param cause the underlying exception
     */
    public InstallException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return the machine-readable cause */
    public Reason reason() {
        return reason;
    }

    /** @return {@code REASON: message}, as recorded in {@link AppDTO#failureReason} */
    public String describe() {
        return reason.name() + ": " + getMessage();
    }
}
