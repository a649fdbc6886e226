package io.hookline.installer.internal.txn;

import io.hookline.installer.InstallException;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;

/**
 * Puts the files a foreign record names into its version folder, each checked by this node's own
 * rules, before the {@link Replayer} installs from them. Implemented by
 * {@code reconcile.ArtifactMaterializer}; {@link #NONE} (no such step: a file that is not there
 * fails the replay as it always did) keeps the transaction roles testable on their own.
 * Threading: called under the app's lock.
 */
@FunctionalInterface
public interface ForeignArtifacts {

    ForeignArtifacts NONE = app -> { };

    /**
     * @param app a foreign record
     * @throws InstallException naming the artifact and why it cannot be had or is refused; nothing
     *     is left in the version folder that did not pass
     */
    void ensure(InstalledApp app);
}
