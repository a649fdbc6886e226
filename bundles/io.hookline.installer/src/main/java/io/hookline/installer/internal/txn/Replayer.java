package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.FRAMEWORK_ERROR;
import static io.hookline.installer.InstallException.Reason.INTERRUPTED;
import static io.hookline.installer.Installer.EVENT_APP;
import static io.hookline.installer.Installer.EVENT_REASON;
import static io.hookline.installer.Installer.EVENT_REQUESTED_BY;
import static io.hookline.installer.Installer.EVENT_VERSION;
import static io.hookline.installer.Installer.TOPIC_FAILED;
import static io.hookline.installer.Installer.TOPIC_REPLAYED;
import static io.hookline.installer.Installer.TOPIC_UNINSTALLED;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.internal.deploy.BundleDeployer;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;

/**
 * Brings every recorded app back after recovery: for each record, the app's bundles missing from
 * the framework are reinstalled from its folder after their sha256 is checked against the record,
 * stray managed bundles are removed, all are resolved, started and gated; the record is rewritten
 * (keeping its id) if bundle ids or status changed. A failing app is isolated (its bundles
 * uninstalled) and the next app proceeds; failed apps are retried in further passes while any app
 * makes progress, so an app needing another app's packages comes up whatever the record order.
 * What still fails is marked {@link AppDTO.Status#FAILED} with the reason; its files stay so a later
 * boot or a new install can bring it back.
 *
 * <p><b>Foreign records</b> (written by another node, merged through the cluster) are the
 * cluster's desired state, and {@link #reconcile} applies one as soon as it is merged; the boot
 * replay treats them the same way. Before the framework is touched, missing files are obtained by
 * sha256 ({@link ForeignArtifacts}: local copies, peers, origin) and checked against this node's
 * own rules, so a refusal leaves whatever runs untouched; bundles of another version are updated in
 * place. Such a record is never rewritten (that would publish this node's bundle ids to everyone
 * and overwrite the desired state): this node's outcome goes to its own
 * {@link InstallRecords.NodeState}, and a failure is this node's alone. A tombstoned record's
 * leftovers (bundles, files, node state) are removed. Threading: takes each app's lock in turn;
 * stops between two apps when asked ({@code stopping}), never by interrupt.
 */
public final class Replayer {

    private static final System.Logger LOG = System.getLogger(Replayer.class.getName());

    /** Who the events and audit entries of a reconcile name as the requester. */
    public static final String CLUSTER = "cluster";

    private final TxnContext txn;
    private final BooleanSupplier stopping;

    public Replayer(TxnContext txn, BooleanSupplier stopping) {
        this.txn = txn;
        this.stopping = stopping;
    }

    /**
     * @return the apps as replayed, failed ones included
     * @throws InstallException {@code INTERRUPTED} if asked to stop; the app being replayed is left
     *     as it was, not marked failed
     */
    public List<AppDTO> run() {
        Map<String, AppDTO> replayed = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        txn.records.list().forEach(r -> pending.add(r.dto().app));
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            List<String> failed = new ArrayList<>();
            for (String app : pending) {
                if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new InstallException(INTERRUPTED, "replay stopped before app " + app);
                }
                try (AppLocks.Held held = txn.locks.acquire(app)) {
                    Optional<InstalledApp> now = txn.records.get(app);
                    if (now.isEmpty()) {
                        continue;
                    }
                    replayed.put(app, replayOne(now.get()));
                    failures.remove(app);
                    progress = true;
                } catch (InstallException e) {
                    if (e.reason() == INTERRUPTED) {
                        throw e;
                    }
                    failures.put(app, e.describe());
                    failed.add(app);
                }
            }
            pending.clear();
            pending.addAll(failed);
        }
        for (String app : pending) {
            try (AppLocks.Held held = txn.locks.acquire(app)) {
                txn.records.get(app).ifPresent(now -> replayed.put(app, markFailed(now, failures.get(app))));
            }
        }
        List<AppDTO> result = new ArrayList<>();
        for (InstalledApp r : txn.records.list()) {
            AppDTO dto = replayed.get(r.dto().app);
            if (dto != null) {
                result.add(dto);
            }
        }
        return result;
    }

    /**
     * Brings one app to its record after the cluster merged it (or its tombstone): a foreign record
     * is applied as at boot, its failure marked on this node only; a record this node wrote is left
     * alone (its own install did the work); no record removes this node's bundles, files and node
     * state of the app. Idempotent: an app already at its record is only checked (resolved, started).
     *
     * @param app the app name (already validated by the caller)
     * @return the app as it now stands on this node, empty if it has no record
     * @throws InstallException {@code INTERRUPTED} if asked to stop
     */
    public Optional<AppDTO> reconcile(String app) {
        if (stopping.getAsBoolean()) {
            throw new InstallException(INTERRUPTED, "reconcile stopped before app " + app);
        }
        try (AppLocks.Held held = txn.locks.acquire(app)) {
            Optional<InstalledApp> now = txn.records.get(app);
            if (now.isEmpty()) {
                if (txn.records.journal(app).isEmpty() && (!txn.deployer.managed(app).isEmpty()
                        || txn.records.nodeState(app).isPresent() || Files.isDirectory(txn.files.root().resolve(app)))) {
                    LOG.log(System.Logger.Level.INFO, "app " + app + " was uninstalled by the cluster: removing it here");
                    new Uninstaller(txn).finish(app);
                    txn.records.deleteNodeState(app);
                    txn.announce(TOPIC_UNINSTALLED, Map.of(EVENT_APP, app, EVENT_VERSION, "", EVENT_REQUESTED_BY, CLUSTER));
                    txn.audit().write(new AuditTrail.Entry(CLUSTER, "reconcile", "ok", app, "", "", "", "", "uninstalled"));
                }
                return Optional.empty();
            }
            InstalledApp recorded = now.get();
            if (!recorded.foreign() || (recorded.dto().status == AppDTO.Status.INSTALLED && upToDate(recorded))) {
                return Optional.of(recorded.dto());
            }
            try {
                return Optional.of(replayOne(recorded));
            } catch (InstallException e) {
                if (e.reason() == INTERRUPTED) {
                    throw e;
                }
                return Optional.of(markFailed(recorded, e.describe()));
            }
        }
    }

    /** @return true if every bundle of the applied record is still there and active (nothing to do) */
    private boolean upToDate(InstalledApp recorded) {
        Map<String, Bundle> managed = txn.deployer.managed(recorded.dto().app);
        if (managed.size() != recorded.dto().artifacts.length) {
            return false;
        }
        for (ArtifactDTO a : recorded.dto().artifacts) {
            Bundle b = managed.get(a.symbolicName);
            if (b == null || b.getBundleId() != a.bundleId
                    || (!BundleDeployer.isFragment(b) && b.getState() != Bundle.ACTIVE)) {
                return false;
            }
        }
        return true;
    }

    /** Replays one app; on failure isolates it and throws, leaving the record to {@link #markFailed}. */
    private AppDTO replayOne(InstalledApp recorded) {
        AppDTO dto = recorded.dto();
        String app = dto.app;
        List<Bundle> bundles = new ArrayList<>();
        // a foreign record not yet applied here (PENDING) may bring another version: update in place
        boolean upgrade = false;
        if (recorded.foreign()) {
            upgrade = dto.status != AppDTO.Status.INSTALLED;
            // before the framework is touched: a refusal (policy, digest, unavailable) leaves what runs as it is
            txn.foreignArtifacts().ensure(recorded);
        }
        try {
            Map<String, Bundle> managed = txn.deployer.managed(app);
            Set<String> listed = new HashSet<>();
            for (ArtifactDTO a : dto.artifacts) {
                listed.add(a.symbolicName);
            }
            Set<Long> touched = new HashSet<>();
            for (Map.Entry<String, Bundle> e : managed.entrySet()) {
                if (!listed.contains(e.getKey())) {
                    touched.add(e.getValue().getBundleId());
                    txn.deployer.stopQuietly(e.getValue());
                    txn.deployer.uninstall(e.getValue());
                }
            }
            boolean installed = false;
            for (ArtifactDTO a : dto.artifacts) {
                Bundle b = managed.get(a.symbolicName);
                if (b == null) {
                    b = txn.deployer.installOrUpdate(app, a.symbolicName, txn.files.verified(app, recorded.dir(), a), null);
                    installed = true;
                    txn.reached(app, Step.REPLAY_BUNDLE_INSTALLED);
                } else if (upgrade) {
                    touched.add(b.getBundleId());
                    b = txn.deployer.installOrUpdate(app, a.symbolicName, txn.files.verified(app, recorded.dir(), a), b);
                    installed = true;
                }
                bundles.add(b);
            }
            txn.deployer.refreshPending(touched);
            txn.deployer.resolve(bundles);
            txn.deployer.start(bundles);
            txn.gate().check(app, bundles, txn.settings.healthGateTimeout);
            boolean changed = dto.status != AppDTO.Status.INSTALLED;
            for (int i = 0; i < dto.artifacts.length; i++) {
                changed |= dto.artifacts[i].bundleId != bundles.get(i).getBundleId();
                dto.artifacts[i].bundleId = bundles.get(i).getBundleId();
            }
            if (recorded.foreign()) {
                return applied(recorded, bundles, installed);
            }
            AppDTO result = dto;
            if (changed) {
                dto.status = AppDTO.Status.INSTALLED;
                dto.failureReason = "";
                dto.updatedAt = System.currentTimeMillis();
                result = txn.records.put(dto, recorded.dir(), recorded.txid()).dto();
                txn.announce(TOPIC_REPLAYED, Map.of(EVENT_APP, app, EVENT_VERSION, dto.version, EVENT_REQUESTED_BY, ""));
            }
            if (changed || installed) {
                // a clean cache may give the reinstalled bundles their old ids: still a replay worth auditing
                txn.audit().write(new AuditTrail.Entry("", "replay", "ok", app, dto.version, dto.sha256, "", dto.source,
                        ""));
            }
            return result;
        } catch (RuntimeException e) {
            if (e instanceof InstallException ie && ie.reason() == INTERRUPTED) {
                // deactivation, not the app's fault: the next activation replays it again
                throw ie;
            }
            if (stopping.getAsBoolean() || txn.deployer.frameworkStopping()) {
                // shutdown overtook the replay: not the app's fault either
                throw new InstallException(INTERRUPTED, "replay of app " + app + " stopped by shutdown", e);
            }
            InstallException failure = e instanceof InstallException ie ? ie
                    : new InstallException(FRAMEWORK_ERROR, "replay of app " + app + " failed: " + e, e);
            Isolation.isolate(txn, app);
            throw failure;
        }
    }

    /** A foreign record applied: this node's outcome in its node state, the record untouched. */
    private AppDTO applied(InstalledApp recorded, List<Bundle> bundles, boolean changedFramework) {
        AppDTO dto = recorded.dto();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < dto.artifacts.length; i++) {
            ids.add(bundles.get(i).getBundleId());
            dto.artifacts[i].bundleId = bundles.get(i).getBundleId();
        }
        boolean first = dto.status != AppDTO.Status.INSTALLED;
        dto.status = AppDTO.Status.INSTALLED;
        dto.failureReason = "";
        txn.records.putNodeState(new InstallRecords.NodeState(dto.app, recorded.fingerprint(), AppDTO.Status.INSTALLED,
                "", ids, System.currentTimeMillis()));
        txn.files.deleteOtherVersions(dto.app, recorded.dir());
        if (first || changedFramework) {
            LOG.log(System.Logger.Level.INFO, "app " + dto.app + " " + dto.version + " (recorded by node " + dto.origin
                    + ") applied on this node");
            txn.announce(TOPIC_REPLAYED, Map.of(EVENT_APP, dto.app, EVENT_VERSION, dto.version, EVENT_REQUESTED_BY, CLUSTER));
            txn.audit().write(new AuditTrail.Entry(CLUSTER, "reconcile", "ok", dto.app, dto.version, dto.sha256,
                    dto.signer, dto.source, ""));
        }
        return dto;
    }

    private AppDTO markFailed(InstalledApp recorded, String reason) {
        AppDTO dto = recorded.dto();
        dto.status = AppDTO.Status.FAILED;
        dto.failureReason = reason;
        for (ArtifactDTO a : dto.artifacts) {
            a.bundleId = -1;
        }
        if (recorded.foreign()) {
            // this node's failure only: the record (the cluster's desired state) stays as merged
            LOG.log(System.Logger.Level.ERROR, "app " + dto.app + " " + dto.version + " (recorded by node " + dto.origin
                    + ") cannot be applied on this node: " + reason);
            txn.records.putNodeState(new InstallRecords.NodeState(dto.app, recorded.fingerprint(), AppDTO.Status.FAILED,
                    reason, List.of(), System.currentTimeMillis()));
            txn.announce(TOPIC_FAILED, Map.of(EVENT_APP, dto.app, EVENT_VERSION, dto.version, EVENT_REASON, reason,
                    EVENT_REQUESTED_BY, CLUSTER));
            txn.audit().write(new AuditTrail.Entry(CLUSTER, "reconcile", "failed", dto.app, dto.version, dto.sha256, "",
                    dto.source, reason));
            return dto;
        }
        LOG.log(System.Logger.Level.ERROR, "replay of app " + dto.app + " failed, isolated: " + reason);
        dto.updatedAt = System.currentTimeMillis();
        AppDTO failed = txn.records.put(dto, recorded.dir(), recorded.txid()).dto();
        txn.announce(TOPIC_FAILED, Map.of(EVENT_APP, dto.app, EVENT_VERSION, dto.version, EVENT_REASON, reason,
                EVENT_REQUESTED_BY, ""));
        txn.audit().write(new AuditTrail.Entry("", "replay", "failed", dto.app, dto.version, dto.sha256, "", dto.source,
                reason));
        return failed;
    }
}
