package io.hookline.installer.internal.txn;

import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallRecords.Journal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * Runs at every activation, before the replay: finishes or undoes every operation a crash
 * interrupted (an uninstall journal is finished, an install journal whose txid the record carries
 * is rolled forward, any other is rolled back), then removes what no record accounts for: managed
 * bundles of apps with neither record nor journal, staging folders, and marked version folders no
 * record names. Idempotent: a crash inside recovery is recovered by the next one. A journal whose
 * handling fails is kept for the next activation. Threading: takes each app's lock in turn.
 */
public final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final TxnContext txn;

    public Recovery(TxnContext txn) {
        this.txn = txn;
    }

    public void run() {
        for (Journal j : txn.records.journals()) {
            try (AppLocks.Held held = txn.locks.acquire(j.app())) {
                txn.reached(j.app(), Step.RECOVERY_JOURNAL);
                if ("uninstall".equals(j.op())) {
                    LOG.log(System.Logger.Level.INFO, "finishing the interrupted uninstall of app " + j.app());
                    new Uninstaller(txn).finish(j.app());
                    continue;
                }
                Optional<InstalledApp> current = txn.records.get(j.app());
                if (current.isPresent() && j.txid().equals(current.get().txid())) {
                    LOG.log(System.Logger.Level.INFO, "rolling forward the committed install of app " + j.app());
                    txn.files.deleteOtherVersions(j.app(), current.get().dir());
                } else {
                    LOG.log(System.Logger.Level.INFO, "rolling back the interrupted install of app " + j.app());
                    new Rollback(txn).undo(j, current);
                }
                txn.records.deleteJournal(j.app());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "recovery of app " + j.app() + " failed; the journal is kept", e);
            }
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        for (InstalledApp a : txn.records.list()) {
            recorded.put(a.dto().app, a.dir());
        }
        Set<String> journaled = new HashSet<>();
        txn.records.journals().forEach(j -> journaled.add(j.app()));
        Set<Long> removed = new HashSet<>();
        for (String app : txn.deployer.managedApps()) {
            if (!recorded.containsKey(app) && !journaled.contains(app)) {
                LOG.log(System.Logger.Level.WARNING, "uninstalling bundles of unrecorded app " + app);
                for (Bundle b : txn.deployer.managed(app).values()) {
                    removed.add(b.getBundleId());
                    txn.deployer.stopQuietly(b);
                    txn.deployer.uninstall(b);
                }
            }
        }
        txn.deployer.refreshPending(removed);
        txn.files.sweep(recorded, journaled);
    }
}
