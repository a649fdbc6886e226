package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.ARTIFACT_TAMPERED;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallRecords.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * Undoes an install that did not commit, from its journal: bundles the app record does not list
 * are uninstalled, bundles the journal says were updated are updated back from the record's files,
 * missing ones installed from them (every stored file re-hashed first), the app's own pending
 * bundles refreshed, its bundles resolved and started, the outside bundles the journal names as
 * dependents resolved and started again, and the new version's folder deleted. What was done is
 * read from the journal, never guessed from bundle timestamps. Idempotent, so a crash during a
 * rollback is recovered by running it again. A stored file that fails its hash cannot be put back:
 * the app is isolated (its bundles uninstalled) and its record marked {@code FAILED} with the
 * {@code ARTIFACT_TAMPERED} reason, so tampered code never runs. Threading: caller holds the app's lock.
 */
public final class Rollback {

    private static final System.Logger LOG = System.getLogger(Rollback.class.getName());

    private final TxnContext txn;

    public Rollback(TxnContext txn) {
        this.txn = txn;
    }

    /**
     * @param journal the interrupted install's journal
     * @param current the app's record (the state to restore), empty for a first install
     * @return the tampering that made the rollback isolate the app, if it did
     */
    public Optional<InstallException> undo(Journal journal, Optional<InstalledApp> current) {
        String app = journal.app();
        txn.reached(app, Step.ROLLBACK_STARTED);
        try {
            restore(journal, current);
        } catch (InstallException e) {
            if (e.reason() != ARTIFACT_TAMPERED) {
                throw e;
            }
            LOG.log(System.Logger.Level.ERROR, "rollback of app " + app + " found a tampered stored file; isolated", e);
            Isolation.isolate(txn, app);
            InstalledApp old = current.orElseThrow();
            AppDTO dto = old.dto();
            dto.status = AppDTO.Status.FAILED;
            dto.failureReason = e.describe();
            dto.updatedAt = System.currentTimeMillis();
            for (ArtifactDTO a : dto.artifacts) {
                a.bundleId = -1;
            }
            txn.records.put(dto, old.dir(), old.txid());
            deleteNewFolder(journal, current);
            return Optional.of(e);
        }
        deleteNewFolder(journal, current);
        return Optional.empty();
    }

    private void restore(Journal journal, Optional<InstalledApp> current) {
        String app = journal.app();
        // a FAILED previous version had its bundles isolated (uninstalled): that is the state to restore
        Optional<InstalledApp> restore = current.filter(c -> c.dto().status == AppDTO.Status.INSTALLED);
        Set<String> keep = new HashSet<>();
        restore.ifPresent(c -> {
            for (ArtifactDTO a : c.dto().artifacts) {
                keep.add(a.symbolicName);
            }
        });
        // a journal from before the plan was written down lists nothing: update every kept bundle back
        boolean planned = !(journal.installs().isEmpty() && journal.updates().isEmpty() && journal.removes().isEmpty());
        Set<String> updated = new HashSet<>(planned ? journal.updates() : keep);
        Map<String, Bundle> managed = txn.deployer.managed(app);
        Set<Long> touched = new HashSet<>();
        // verify every file to be put back before the framework is touched
        Map<String, java.nio.file.Path> sources = new HashMap<>();
        if (restore.isPresent()) {
            InstalledApp old = restore.get();
            for (ArtifactDTO a : old.dto().artifacts) {
                Bundle b = managed.get(a.symbolicName);
                if (b == null || b.getState() == Bundle.UNINSTALLED || updated.contains(a.symbolicName)) {
                    sources.put(a.symbolicName, txn.files.verified(app, old.dir(), a));
                }
            }
        }
        for (Map.Entry<String, Bundle> e : managed.entrySet()) {
            if (!keep.contains(e.getKey())) {
                touched.add(e.getValue().getBundleId());
                txn.deployer.stopQuietly(e.getValue());
                txn.deployer.uninstall(e.getValue());
            }
        }
        List<Bundle> restored = new ArrayList<>();
        if (restore.isPresent()) {
            for (ArtifactDTO a : restore.get().dto().artifacts) {
                Bundle b = managed.get(a.symbolicName);
                java.nio.file.Path source = sources.get(a.symbolicName);
                if (source != null) {
                    Bundle existing = b == null || b.getState() == Bundle.UNINSTALLED ? null : b;
                    b = txn.deployer.installOrUpdate(app, a.symbolicName, source, existing);
                    touched.add(b.getBundleId());
                    txn.reached(app, Step.ROLLBACK_BUNDLE_RESTORED);
                }
                restored.add(b);
            }
        }
        txn.deployer.refreshPending(touched);
        if (!restored.isEmpty()) {
            txn.deployer.resolve(restored);
            txn.deployer.start(restored);
        }
        restartDependents(journal);
    }

    /** Outside bundles that were active and wired to the app before: bring them back (best effort). */
    private void restartDependents(Journal journal) {
        List<Bundle> again = new ArrayList<>();
        for (long id : journal.dependents()) {
            Bundle b = txn.deployer.bundle(id);
            if (b != null && b.getState() != Bundle.ACTIVE && !b.getLocation().startsWith(
                    Installer.LOCATION_PREFIX + journal.app() + "/")) {
                again.add(b);
            }
        }
        if (again.isEmpty()) {
            return;
        }
        try {
            txn.deployer.resolve(again);
            txn.deployer.start(again);
        } catch (InstallException e) {
            LOG.log(System.Logger.Level.WARNING, "after the rollback of app " + journal.app()
                    + " a dependent bundle did not come back: " + e.getMessage());
        }
    }

    private void deleteNewFolder(Journal journal, Optional<InstalledApp> current) {
        String newDir = journal.dir();
        if (newDir != null && !newDir.isEmpty() && current.map(c -> !c.dir().equals(newDir)).orElse(true)) {
            txn.files.deleteVersion(journal.app(), newDir);
        }
    }
}
