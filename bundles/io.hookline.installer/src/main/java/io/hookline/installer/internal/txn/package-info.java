/**
 * The installer's transactions: journal, commit, rollback, recovery and replay, one role per class
 * ({@link io.hookline.installer.internal.txn.InstallTransaction},
 * {@link io.hookline.installer.internal.txn.Rollback},
 * {@link io.hookline.installer.internal.txn.Uninstaller},
 * {@link io.hookline.installer.internal.txn.Recovery},
 * {@link io.hookline.installer.internal.txn.Replayer}) over the records
 * ({@link io.hookline.installer.internal.txn.InstallRecords}), the extensions folder
 * ({@link io.hookline.installer.internal.txn.AppFiles}) and the app locks
 * ({@link io.hookline.installer.internal.txn.AppLocks}).
 *
 * <h2>Files</h2>
 * An app's files live in {@code <extensions>/<app>/<version>~<txid>/}, one
 * {@code <symbolic name>_<bundle version>.jar} per bundle beside the {@code .hookline-version}
 * marker; a new operation stages in {@code <extensions>/.staging/<txid>/} (same file system, so
 * moving is a rename). The framework copies each bundle into its own cache; our copies are what a
 * rollback or a replay installs again, each re-hashed against the record first. Only marked
 * version folders (and txid-named staging folders) are ever deleted: the extensions folder may
 * hold other things.
 *
 * <h2>Crash-safety protocol (write-ahead intent, commit by record)</h2>
 * Every operation has a fresh {@code txid}.
 * <ol>
 * <li>Install / upgrade: (1) fetch and verify into staging; (2) move the verified jars into the new
 * marked version folder; (3) write the journal {@code installs.journal/<app>} = {txid, op=install,
 * new folder, the plan: symbolic names to install, to update in place, to remove, and the ids of
 * active outside bundles wired to the app} <em>before touching the framework</em>; (4) install new
 * bundles, stop and update existing ones in place, uninstall the dropped ones, refresh the app's own
 * bundles pending removal (no one else's), resolve together, start, check that every outside
 * dependent still resolves, health gate; (5) <b>commit</b>: write the app record carrying the txid
 * (one atomic store write); (6) delete the old version's folder and the journal. Steps 4 and 5 are
 * one rollback scope: a failure there, a failed commit write included, rolls back at once (a commit
 * write that failed but landed counts as committed).</li>
 * <li>Rollback (after a failure, or in recovery): managed bundles the previous record does not list
 * are uninstalled; those the journal says were updated are updated back from the previous version's
 * files, missing ones installed from them; own pending bundles refreshed; the previous bundles
 * resolved and started; the journal's dependents resolved and started again; the new folder
 * deleted; the journal deleted. It reads what was done from the journal, never from bundle
 * timestamps, and is idempotent. A previous file that fails its hash is never installed: the app is
 * isolated and its record marked FAILED ({@code ARTIFACT_TAMPERED}).</li>
 * <li>Uninstall: (1) write the journal {txid, op=uninstall}; (2) unregister the app's plugins, stop
 * and uninstall its bundles, refresh its pending bundles; (3) delete the record; (4) delete its
 * marked folders and the journal. Once its journal is written an uninstall only goes forward.</li>
 * <li>Recovery, at every activation before the replay, for each journal: an uninstall is finished
 * (steps 2-4 are idempotent); an install whose txid the app record carries is committed, so only
 * step 6 is finished (roll forward); any other install is rolled back. Then staging folders are
 * deleted, managed bundles of apps with neither record nor journal are uninstalled, and marked
 * version folders no record names are deleted (a crash between steps 2 and 3 leaves one). A crash
 * during recovery is recovered the same way at the next start.</li>
 * <li>Replay, after recovery: see {@link io.hookline.installer.internal.txn.Replayer}; it only
 * installs missing bundles from hashed files and rewrites records, so a crash during it leaves a
 * state the next replay completes.</li>
 * </ol>
 * A crash before (3) therefore leaves the old state (plus garbage the recovery removes); between (3)
 * and (5) it is rolled back to the old state; after (5) it is rolled forward to the new one. The
 * record store commits each write durably before returning ({@link io.hookline.store.RecordStore}),
 * which is what makes (3) and (5) reliable under {@code kill -9}. {@code CrashRecoveryIT} kills a
 * child JVM at every {@link io.hookline.installer.internal.txn.Step}.
 *
 * <h2>Locks</h2>
 * One app's operations are serialised by its lock; the symbolic-name ownership check and the
 * framework installs of one deploy run under one short engine-wide claim lock, so two apps
 * installed concurrently cannot both bring the same new symbolic name. Closing the engine refuses
 * new operations and waits for those in flight, so a reconfiguration never has two engines on one
 * app.
 */
package io.hookline.installer.internal.txn;
