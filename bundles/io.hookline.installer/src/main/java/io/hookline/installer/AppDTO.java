package io.hookline.installer;

import org.osgi.dto.DTO;

/**
 * An installed (or failed) app as recorded. Public fields, per the OSGi DTO convention; a snapshot,
 * not updated afterwards.
 */
public class AppDTO extends DTO {

    /** The state of an app's record. */
    public enum Status {
        /** Installed, resolved, started and past its health gate. */
        INSTALLED,
        /**
         * Its replay at boot failed, or (for a record another node wrote) this node could not apply
         * it; {@link AppDTO#failureReason} says why, and this node's bundles of it are not running
         * the recorded version. The record itself stays: it is the cluster's desired state.
         */
        FAILED,
        /**
         * Another node wrote the record (it came through the cluster) and this node has not applied
         * it yet: its artifacts are being fetched or its bundles installed.
         *
         * @since 1.2
         */
        PENDING
    }

    /** The durable record id; kept across upgrades, replays and restarts. */
    public String id;
    /** The app name. */
    public String app;
    /** The app's semantic version. */
    public String version;
    /** The record status. */
    public Status status;
    /** Why the app failed ({@link InstallException.Reason} name, a colon, the message); "" if it did not. */
    public String failureReason;
    /** The source type id: {@code path}, {@code url}, {@code github_tag}, {@code github_latest_release}, {@code maven}. */
    public String sourceType;
    /** The source as requested: path, URL, {@code owner/repo@tag asset} or Maven coordinates. */
    public String source;
    /** The URL the artifact was finally downloaded from after redirects; the path for local sources. */
    public String resolvedFrom;
    /** The sha256 of the fetched file (the jar or the archive), lower-case hex. */
    public String sha256;
    /**
     * Who signed the app's bundles: the pinned signer's subject and sha256 fingerprint when every
     * bundle has the same signer, the distinct signers joined by {@code "; "} otherwise, "" when
     * unsigned or signatures are off.
     *
     * @since 1.1
     */
    public String signer;
    /**
     * The id of the node that wrote the record: this node's store id for apps installed here,
     * another node's for records that came through the cluster (this node applies those, with its
     * own outcome in {@link #status} and {@link #failureReason}).
     *
     * @since 1.2
     */
    public String origin;
    /** The app's bundles, in install order. */
    public ArtifactDTO[] artifacts;
    /** Who asked for the install. */
    public String requestedBy;
    /** Epoch millis of the first install of this app. */
    public long installedAt;
    /** Epoch millis of the last install, upgrade or replay. */
    public long updatedAt;
}
