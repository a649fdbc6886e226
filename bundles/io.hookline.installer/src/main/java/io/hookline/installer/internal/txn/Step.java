package io.hookline.installer.internal.txn;

/**
 * Points of the crash protocol (see {@code package-info}), reported to a {@link StepListener}; the
 * crash tests kill the process at each of them.
 */
public enum Step {
    /** Staged and verified, nothing written yet. */
    STAGED,
    /** The verified jars are in their version folder. */
    FILES_MOVED,
    /** The install journal is durable; the framework is touched from here on. */
    JOURNAL_WRITTEN,
    /** One bundle of the new version was installed or updated (reported after each, for multi-bundle apps). */
    BUNDLE_APPLIED,
    /** Every bundle installed or updated, dropped ones uninstalled, own pending bundles refreshed. */
    BUNDLES_APPLIED,
    RESOLVED,
    STARTED,
    /** The app record carrying the txid is durable: the commit point. */
    COMMITTED,
    CLEANED,
    /** A rollback began (after a failure, or in recovery). */
    ROLLBACK_STARTED,
    /** A rollback put one bundle of the previous version back. */
    ROLLBACK_BUNDLE_RESTORED,
    /** Recovery is about to handle one journal. */
    RECOVERY_JOURNAL,
    /** A replay installed one missing bundle from its stored file. */
    REPLAY_BUNDLE_INSTALLED,
    UNINSTALL_JOURNAL_WRITTEN,
    UNINSTALL_BUNDLES_REMOVED,
    UNINSTALL_RECORD_DELETED
}
