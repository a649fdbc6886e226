package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.FRAMEWORK_ERROR;
import static io.hookline.installer.InstallException.Reason.INTERRUPTED;
import static io.hookline.installer.InstallException.Reason.IO_ERROR;
import static io.hookline.installer.InstallException.Reason.UNRESOLVED;
import static io.hookline.installer.InstallException.Reason.VERSION_NOT_NEWER;
import static io.hookline.installer.Installer.EVENT_APP;
import static io.hookline.installer.Installer.EVENT_PREVIOUS_VERSION;
import static io.hookline.installer.Installer.EVENT_REQUESTED_BY;
import static io.hookline.installer.Installer.EVENT_VERSION;
import static io.hookline.installer.Installer.TOPIC_INSTALLED;
import static io.hookline.installer.Installer.TOPIC_UPGRADED;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.deploy.BundleDeployer;
import io.hookline.installer.internal.deploy.StagedApp;
import io.hookline.installer.internal.deploy.StagedBundle;
import io.hookline.installer.internal.fetch.ArtifactFetcher;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallRecords.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.framework.Bundle;

/**
 * One install or upgrade of a staged app, all or nothing (steps 2-6 of the protocol in the
 * package description): store the verified files, write the journal with the plan (what will be
 * installed, updated, removed, and which outside bundles depend on the app), apply it, refresh the
 * app's own pending bundles, resolve, start, make sure every dependent outside bundle still
 * resolves, health-gate, <b>commit</b> (the app record carrying the txid), clean up. Everything up
 * to and including the commit is inside the rollback scope: any failure, a failed commit write
 * included, runs the {@link Rollback} and leaves the previous state. Threading: the caller holds
 * the app's lock; one instance per operation.
 */
public final class InstallTransaction {

    private static final System.Logger LOG = System.getLogger(InstallTransaction.class.getName());

    private final TxnContext txn;
    private final InstallRequest request;
    private final StagedApp staged;
    private final String txid;

    public InstallTransaction(TxnContext txn, InstallRequest request, StagedApp staged, String txid) {
        this.txn = txn;
        this.request = request;
        this.staged = staged;
        this.txid = txid;
    }

    /**
     * @return the committed record
     * @throws InstallException on refusal (nothing touched) or failure (rolled back)
     */
    public AppDTO run() {
        String app = staged.app();
        Optional<InstalledApp> current = txn.records.get(app);
        checkVersion(current, staged, request.isForced());
        for (StagedBundle b : staged.bundles()) {
            txn.deployer.checkConflict(app, b.symbolicName());
        }
        txn.reached(app, Step.STAGED);

        String dirName = AppFiles.dirName(staged.version().toString(), txid);
        List<Path> stored = txn.files.store(app, dirName, txid, staged.bundles());
        txn.reached(app, Step.FILES_MOVED);

        Map<String, Bundle> existing = txn.deployer.managed(app);
        List<String> installs = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        Set<String> incoming = new HashSet<>();
        for (StagedBundle b : staged.bundles()) {
            incoming.add(b.symbolicName());
            (existing.containsKey(b.symbolicName()) ? updates : installs).add(b.symbolicName());
        }
        List<String> removes = new ArrayList<>();
        Set<Long> own = new HashSet<>();
        existing.forEach((bsn, bundle) -> {
            own.add(bundle.getBundleId());
            if (!incoming.contains(bsn)) {
                removes.add(bsn);
            }
        });
        List<Bundle> dependents = new ArrayList<>();
        List<Long> dependentIds = new ArrayList<>();
        for (Bundle d : txn.deployer.dependentBundles(existing.values(), own)) {
            dependents.add(d);
            if (d.getState() == Bundle.ACTIVE || d.getState() == Bundle.STARTING) {
                dependentIds.add(d.getBundleId());
            }
        }
        Journal journal = new Journal(app, txid, "install", dirName, System.currentTimeMillis(), installs, updates,
                removes, dependentIds);
        txn.records.putJournal(journal);
        txn.reached(app, Step.JOURNAL_WRITTEN);

        List<Bundle> bundles = new ArrayList<>();
        InstalledApp committed;
        try {
            apply(app, existing, stored, bundles);
            checkDependents(app, dependents);
            report("health");
            txn.gate().check(app, bundles, txn.settings.healthGateTimeout);
            report("commit");
            committed = commit(app, current, dirName, bundles);
        } catch (RuntimeException failure) {
            throw rollBack(journal, current, failure);
        }
        txn.reached(app, Step.COMMITTED);

        if (current.isPresent()) {
            txn.files.deleteOtherVersions(app, dirName);
        }
        txn.records.deleteJournal(app);
        txn.reached(app, Step.CLEANED);
        AppDTO dto = committed.dto();
        Map<String, Object> props = new HashMap<>();
        props.put(EVENT_APP, app);
        props.put(EVENT_VERSION, dto.version);
        props.put(EVENT_REQUESTED_BY, request.requestedBy());
        current.ifPresent(c -> props.put(EVENT_PREVIOUS_VERSION, c.dto().version));
        txn.announce(current.isPresent() ? TOPIC_UPGRADED : TOPIC_INSTALLED, props);
        txn.audit().write(new AuditTrail.Entry(request.requestedBy(), current.isPresent() ? "upgrade" : "install", "ok",
                app, dto.version, dto.sha256, dto.signer, dto.source, ""));
        return dto;
    }

    private void apply(String app, Map<String, Bundle> existing, List<Path> stored, List<Bundle> bundles) {
        Map<String, Bundle> left = new LinkedHashMap<>(existing);
        Set<Long> touched = new HashSet<>();
        report("install");
        ReentrantLock claim = txn.locks.claimLock();
        claim.lock();
        try {
            // again, now that no other deploy can install between the check and ours
            for (StagedBundle b : staged.bundles()) {
                txn.deployer.checkConflict(app, b.symbolicName());
            }
            for (int i = 0; i < staged.bundles().size(); i++) {
                StagedBundle b = staged.bundles().get(i);
                Bundle done = txn.deployer.installOrUpdate(app, b.symbolicName(), stored.get(i),
                        left.remove(b.symbolicName()));
                bundles.add(done);
                touched.add(done.getBundleId());
                txn.reached(app, Step.BUNDLE_APPLIED);
            }
        } finally {
            claim.unlock();
        }
        for (Bundle dropped : left.values()) {
            touched.add(dropped.getBundleId());
            txn.deployer.stopQuietly(dropped);
            txn.deployer.uninstall(dropped);
        }
        txn.deployer.refreshPending(touched);
        txn.reached(app, Step.BUNDLES_APPLIED);
        report("resolve");
        txn.deployer.resolve(bundles);
        txn.reached(app, Step.RESOLVED);
        report("start");
        txn.deployer.start(bundles);
        txn.reached(app, Step.STARTED);
    }

    /** Every outside bundle that was wired to the app must still resolve against the new version. */
    private void checkDependents(String app, List<Bundle> dependents) {
        for (Bundle d : dependents) {
            if (d.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            String why = txn.deployer.resolveOrExplain(d);
            if (why != null) {
                throw new InstallException(UNRESOLVED, "upgrade of app " + app + " would leave bundle "
                        + d.getSymbolicName() + " of " + owner(d) + " unresolved: " + why);
            }
        }
    }

    private static String owner(Bundle b) {
        String loc = b.getLocation();
        return loc.startsWith(Installer.LOCATION_PREFIX)
                ? "app " + loc.substring(Installer.LOCATION_PREFIX.length()).split("/", 2)[0]
                : "the framework (bundle " + b.getBundleId() + ")";
    }

    /** The single commit point; a write that fails but landed anyway counts as committed. */
    private InstalledApp commit(String app, Optional<InstalledApp> current, String dirName, List<Bundle> bundles) {
        long now = System.currentTimeMillis();
        AppDTO dto = new AppDTO();
        dto.app = app;
        dto.version = staged.version().toString();
        dto.status = AppDTO.Status.INSTALLED;
        dto.failureReason = "";
        dto.sourceType = request.sourceType().id();
        dto.source = request.describeSource();
        dto.resolvedFrom = staged.fetched().resolvedFrom();
        dto.sha256 = staged.fetched().sha256();
        dto.requestedBy = request.requestedBy();
        dto.signer = signer(staged);
        dto.installedAt = current.map(c -> c.dto().installedAt).orElse(now);
        dto.updatedAt = now;
        List<ArtifactDTO> artifacts = new ArrayList<>();
        for (int i = 0; i < staged.bundles().size(); i++) {
            artifacts.add(artifact(app, staged.bundles().get(i), bundles.get(i).getBundleId()));
        }
        dto.artifacts = artifacts.toArray(ArtifactDTO[]::new);
        try {
            return txn.records.put(dto, dirName, txid);
        } catch (RuntimeException e) {
            Optional<InstalledApp> landed;
            try {
                landed = txn.records.get(app).filter(r -> txid.equals(r.txid()));
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
                landed = Optional.empty();
            }
            if (landed.isPresent()) {
                return landed.get();
            }
            throw new InstallException(IO_ERROR, "cannot commit the record of app " + app + ": " + e.getMessage(), e);
        }
    }

    private InstallException rollBack(Journal journal, Optional<InstalledApp> current, RuntimeException failure) {
        String app = journal.app();
        InstallException reported = failure instanceof InstallException ie ? ie
                : interruption(failure) ? new InstallException(INTERRUPTED, "install of app " + app
                        + " was interrupted and rolled back", failure)
                : new InstallException(FRAMEWORK_ERROR, "install of app " + app + " failed: " + failure, failure);
        // a cancelled install (interrupted shell command) must still finish its rollback
        boolean interrupted = Thread.interrupted() || reported.reason() == INTERRUPTED;
        try {
            new Rollback(txn).undo(journal, current).ifPresent(reported::addSuppressed);
            txn.records.deleteJournal(app);
        } catch (RuntimeException rollbackFailure) {
            // the journal stays: the next activation retries the rollback
            reported.addSuppressed(rollbackFailure);
            LOG.log(System.Logger.Level.ERROR, "rollback of app " + app + " failed; retried at next start",
                    rollbackFailure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return reported;
    }

    private void report(String step) {
        ArtifactFetcher.report(request.progressListener(), step, 0, 0);
    }

    private static boolean interruption(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    static Set<Long> ids(List<Bundle> bundles) {
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        return ids;
    }

    /** @return what an install of {@code staged} over {@code current} is */
    public static InstallPlanDTO.Action action(Optional<InstalledApp> current, StagedApp staged) {
        if (current.isEmpty()) {
            return InstallPlanDTO.Action.INSTALL;
        }
        int c = staged.version().compareTo(AppVersion.parse(current.get().dto().version));
        return c > 0 ? InstallPlanDTO.Action.UPGRADE : c == 0 ? InstallPlanDTO.Action.REINSTALL
                : InstallPlanDTO.Action.DOWNGRADE;
    }

    /** @throws InstallException {@code VERSION_NOT_NEWER} unless forced or replacing a failed app */
    public static void checkVersion(Optional<InstalledApp> current, StagedApp staged, boolean force) {
        if (current.isEmpty() || force || current.get().dto().status == AppDTO.Status.FAILED) {
            return;
        }
        AppVersion installed = AppVersion.parse(current.get().dto().version);
        int c = staged.version().compareTo(installed);
        if (c <= 0) {
            throw new InstallException(VERSION_NOT_NEWER, "app " + staged.app() + " " + installed + " is installed; "
                    + staged.version() + " is " + (c == 0 ? "the same version" : "lower") + " (use --force, or InstallRequest.force(), to replace it)");
        }
    }

    /** @return the record's view of a staged bundle */
    public static ArtifactDTO artifact(String app, StagedBundle b, long bundleId) {
        ArtifactDTO a = new ArtifactDTO();
        a.file = b.storedFileName();
        a.sha256 = b.sha256();
        a.size = b.size();
        a.symbolicName = b.symbolicName();
        a.bundleVersion = b.bundleVersion();
        a.bundleId = bundleId;
        a.location = BundleDeployer.location(app, b.symbolicName());
        a.signer = b.signer();
        return a;
    }

    /**
     * @return the app's signer: the distinct signers of its bundles joined by "; ", "" if none is
     *     signed; when only some bundles are signed (policy {@code if-signed}), the unsigned ones are
     *     named after the signers, so the app never reads as signed when part of it is not
     */
    static String signer(StagedApp staged) {
        Set<String> signers = new LinkedHashSet<>();
        List<String> unsigned = new ArrayList<>();
        for (StagedBundle b : staged.bundles()) {
            if (b.signer().isEmpty()) {
                unsigned.add(b.symbolicName());
            } else {
                signers.add(b.signer());
            }
        }
        if (signers.isEmpty()) {
            return "";
        }
        String signed = String.join("; ", signers);
        return unsigned.isEmpty() ? signed : signed + "; unsigned: " + String.join(", ", unsigned);
    }
}
