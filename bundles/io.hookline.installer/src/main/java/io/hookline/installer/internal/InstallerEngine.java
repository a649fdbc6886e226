package io.hookline.installer.internal;

import io.hookline.installer.internal.deploy.BundleInspector;
import io.hookline.installer.internal.deploy.StagedApp;
import io.hookline.installer.internal.deploy.StagedBundle;
import io.hookline.installer.internal.fetch.ArtifactFetcher;

import io.hookline.installer.internal.deploy.AppStager;
import io.hookline.installer.internal.deploy.BundleDeployer;
import io.hookline.installer.internal.gate.HealthGate;
import io.hookline.installer.internal.gate.PluginCleanup;
import io.hookline.installer.internal.txn.InstallRecords;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallRecords.Journal;
import io.hookline.store.RecordStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The {@link Installer}: stages a request ({@link AppStager}), then, under the app's lock, deploys
 * it all or nothing ({@link BundleDeployer}), records it ({@link InstallRecords}) and, at boot,
 * recovers interrupted operations and replays every record. Plain Java over a
 * {@link BundleContext} and a {@link RecordStore}, so tests drive it in a real framework without
 * DS; {@link InstallerComponent} wraps it as a service. Threading: thread-safe; operations on one
 * app are serialised by a per-app {@link ReentrantLock}, different apps run in parallel; the
 * download happens before the lock (the app's name may only be known from the artifact).
 *
 * <p><b>Files.</b> An app's files live in {@code <extensions>/<app>/<version>~<txid>/}, one
 * {@code <symbolic name>_<bundle version>.jar} per bundle; a new operation stages in
 * {@code <extensions>/.staging/<txid>/} (same file system, so moving is a rename). The framework
 * copies each bundle into its own cache; our copies are what a replay reinstalls after a clean
 * cache.
 *
 * <p><b>Crash-safety protocol (write-ahead intent, commit by record).</b> Every operation has a
 * fresh {@code txid}.
 * <ol>
 * <li>Install / upgrade: (1) fetch and verify into staging, (2) move the verified jars into the new
 * version folder, (3) write a journal record {@code installs.journal/<app>} = {txid, op=install,
 * new folder, startedAt} <em>before touching the framework</em>, (4) install new bundles, stop and
 * update existing ones in place, uninstall those the new version dropped, refresh what is pending
 * removal, resolve together, start, health gate, (5) <b>commit</b>: write the app record carrying
 * the txid (one atomic store write), (6) delete the old version's folder and the journal.</li>
 * <li>Uninstall: (1) write the journal {txid, op=uninstall}, (2) stop and uninstall the app's
 * bundles and refresh, (3) delete the record, (4) delete the files and the journal. Once its
 * journal is written an uninstall only ever goes forward.</li>
 * <li>Recovery, at every activation before the replay, for each journal: an uninstall is finished
 * (steps 2-4 are idempotent); an install whose txid the app record carries is committed, so only
 * step 6 is finished (roll forward); any other install is rolled back: managed bundles of the app
 * that the old record does not list are uninstalled, the old record's bundles that are missing are
 * installed from its files and those modified since {@code startedAt} are updated back from them,
 * pending bundles refreshed, the new folder deleted, the journal deleted. Rollback is idempotent,
 * so a crash during recovery is recovered the same way. Then the staging folder is wiped, managed
 * bundles of apps with neither record nor journal are uninstalled, and folders no record points at
 * are deleted (a crash between steps 2 and 3 leaves one).</li>
 * </ol>
 * A crash before (3) therefore leaves the old state (plus garbage the recovery removes); between (3)
 * and (5) it is rolled back to the old state; after (5) it is rolled forward to the new one. The
 * record store commits each write durably before returning (see {@link RecordStore}), which is what
 * makes (3) and (5) reliable under {@code kill -9}.
 *
 * <p><b>Replay</b> (after recovery): for each record, the app's bundles missing from the framework
 * are reinstalled from its folder after their sha256 is checked against the record, stray managed
 * bundles are removed, all are resolved, started and gated; the record is rewritten (keeping its
 * id) if bundle ids or status changed. A failing app is isolated (its bundles uninstalled) and the
 * next app proceeds; failed apps are retried in further passes while any app makes progress, so an
 * app needing another app's packages comes up whatever the record order. What still fails is
 * marked {@link AppDTO.Status#FAILED} with the reason; its files stay so a later boot or a new
 * install can bring it back.
 *
 * <p><b>Symbolic-name ownership.</b> Two apps installed concurrently must not both bring the same
 * new symbolic name: the ownership check and the framework installs of one deploy run under one
 * short engine-wide lock ({@code claimLock}), so the second deploy sees the first one's bundles.
 */
public final class InstallerEngine implements Installer, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InstallerEngine.class.getName());

    /** Points of an operation, reported to {@link #steps}; tests stop the "process" there. */
    enum Step {
        STAGED, FILES_MOVED, JOURNAL_WRITTEN, BUNDLES_APPLIED, RESOLVED, STARTED, COMMITTED, CLEANED,
        UNINSTALL_JOURNAL_WRITTEN, UNINSTALL_BUNDLES_REMOVED, UNINSTALL_RECORD_DELETED
    }

    /** Receives every {@link Step}; the default does nothing. */
    interface StepListener {
        void reached(String app, Step step);
    }

    private final InstallerSettings settings;
    private final InstallRecords records;
    private final BundleDeployer deployer;
    private final AppStager stager;
    private final Supplier<HealthGate> gate;
    private final Supplier<PluginCleanup> cleanup;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Held from the symbolic-name ownership check until the app's bundles are installed (short). */
    private final ReentrantLock claimLock = new ReentrantLock();
    private final ExecutorService storeThread;
    private volatile boolean stopping;
    volatile StepListener steps = (app, step) -> { };
    /** Told of every completed change; see {@link InstallListener}. */
    volatile InstallListener listener = (topic, properties) -> { };

    /**
     * @param settings the configuration snapshot
     * @param store the record store
     * @param context a bundle context to install through
     * @param gate the current health gate (re-read for each install, as the engine may come and go)
     */
    public InstallerEngine(InstallerSettings settings, RecordStore store, BundleContext context,
            Supplier<HealthGate> gate) {
        this(settings, store, context, gate, () -> PluginCleanup.NONE);
    }

    /**
     * @param settings the configuration snapshot
     * @param store the record store
     * @param context a bundle context to install through
     * @param gate the current health gate
     * @param cleanup the current plugin cleanup, run before an uninstall removes bundles
     */
    public InstallerEngine(InstallerSettings settings, RecordStore store, BundleContext context,
            Supplier<HealthGate> gate, Supplier<PluginCleanup> cleanup) {
        this.cleanup = cleanup;
        this.settings = settings;
        this.storeThread = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "hookline-installer-store");
            t.setDaemon(true);
            return t;
        });
        this.records = new InstallRecords(store, storeThread);
        this.deployer = new BundleDeployer(context);
        this.stager = new AppStager(settings, context);
        this.gate = gate;
    }

    /**
     * Makes a running {@link #replay()} stop before its next app (used on deactivation instead of
     * an interrupt, which could close the store's file channel).
     */
    public void stopReplay() {
        stopping = true;
    }

    /** Stops the store thread once its queued calls are done. */
    @Override
    public void close() {
        stopping = true;
        storeThread.shutdown();
    }

    // ---- API ----

    @Override
    public AppDTO install(InstallRequest request) {
        Objects.requireNonNull(request, "request");
        String txid = UUID.randomUUID().toString();
        Path staging = createStaging(txid);
        StagedApp staged = null;
        try {
            staged = stager.stage(request, staging);
            report(request, "verify");
            ReentrantLock lock = lock(staged.app());
            try {
                return deploy(request, staged, txid);
            } finally {
                lock.unlock();
            }
        } catch (InstallException e) {
            Map<String, Object> props = new HashMap<>();
            String app = staged != null ? staged.app() : request.app();
            if (app != null) {
                props.put(EVENT_APP, app);
            }
            String version = staged != null ? staged.version().toString() : request.version();
            if (version != null) {
                props.put(EVENT_VERSION, version);
            }
            props.put(EVENT_REASON, e.describe());
            props.put(EVENT_REQUESTED_BY, request.requestedBy());
            announce(TOPIC_FAILED, props);
            throw e;
        } finally {
            deleteTreeQuietly(staging);
        }
    }

    private void announce(String topic, Map<String, Object> properties) {
        try {
            listener.changed(topic, Map.copyOf(properties));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "install listener failed on " + topic, e);
        }
    }

    @Override
    public InstallPlanDTO plan(InstallRequest request) {
        Objects.requireNonNull(request, "request");
        Path staging = createStaging(UUID.randomUUID().toString());
        try {
            StagedApp staged = stager.stage(request, staging);
            InstallPlanDTO plan = new InstallPlanDTO();
            plan.app = staged.app();
            plan.version = staged.version().toString();
            plan.fetch = staged.fetched().resolvedFrom();
            plan.fetchedBytes = staged.fetched().size();
            plan.sha256 = staged.fetched().sha256();
            Optional<InstalledApp> current = records.get(staged.app());
            plan.currentVersion = current.map(c -> c.dto().version).orElse(null);
            plan.action = action(current, staged);
            Map<String, Bundle> existing = deployer.managed(staged.app());
            List<String> install = new ArrayList<>(), update = new ArrayList<>(), start = new ArrayList<>();
            List<ArtifactDTO> artifacts = new ArrayList<>();
            Set<String> incoming = new HashSet<>();
            for (StagedBundle b : staged.bundles()) {
                incoming.add(b.symbolicName());
                (existing.containsKey(b.symbolicName()) ? update : install).add(b.symbolicName());
                if (!b.fragment()) {
                    start.add(b.symbolicName());
                }
                artifacts.add(artifact(staged.app(), b, -1));
            }
            List<String> uninstall = new ArrayList<>();
            List<Bundle> touched = new ArrayList<>();
            Set<Long> own = new HashSet<>();
            existing.forEach((bsn, bundle) -> {
                own.add(bundle.getBundleId());
                touched.add(bundle);
                if (!incoming.contains(bsn)) {
                    uninstall.add(bsn);
                }
            });
            plan.install = install.toArray(String[]::new);
            plan.update = update.toArray(String[]::new);
            plan.uninstall = uninstall.toArray(String[]::new);
            plan.start = start.toArray(String[]::new);
            plan.refresh = deployer.dependents(touched, own).toArray(String[]::new);
            plan.artifacts = artifacts.toArray(ArtifactDTO[]::new);
            try {
                checkVersion(current, staged, request.isForced());
                for (StagedBundle b : staged.bundles()) {
                    deployer.checkConflict(staged.app(), b.symbolicName());
                }
            } catch (InstallException e) {
                plan.refusal = e.describe();
            }
            return plan;
        } finally {
            deleteTreeQuietly(staging);
        }
    }

    @Override
    public AppDTO uninstall(String app) {
        return uninstall(app, null);
    }

    @Override
    public AppDTO uninstall(String app, String version) {
        Objects.requireNonNull(app, "app");
        AppStager.checkAppName(app, settings);
        ReentrantLock lock = lock(app);
        try {
            InstalledApp current = records.get(app).orElseThrow(
                    () -> new InstallException(NOT_INSTALLED, "app " + app + " is not installed"));
            if (version != null && AppVersion.parse(version).compareTo(AppVersion.parse(current.dto().version)) != 0) {
                throw new InstallException(NOT_INSTALLED, "app " + app + " is installed in version "
                        + current.dto().version + ", not " + version);
            }
            records.putJournal(new Journal(app, UUID.randomUUID().toString(), "uninstall", current.dir(),
                    System.currentTimeMillis()));
            steps.reached(app, Step.UNINSTALL_JOURNAL_WRITTEN);
            finishUninstall(app);
            announce(TOPIC_UNINSTALLED, Map.of(EVENT_APP, app, EVENT_VERSION, current.dto().version,
                    EVENT_REQUESTED_BY, ""));
            return current.dto();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AppDTO> list() {
        List<AppDTO> apps = new ArrayList<>();
        records.list().forEach(a -> apps.add(a.dto()));
        return apps;
    }

    @Override
    public Optional<AppDTO> get(String app) {
        Objects.requireNonNull(app, "app");
        return records.get(app).map(InstalledApp::dto);
    }

    // ---- install ----

    private AppDTO deploy(InstallRequest request, StagedApp staged, String txid) {
        String app = staged.app();
        Optional<InstalledApp> current = records.get(app);
        checkVersion(current, staged, request.isForced());
        for (StagedBundle b : staged.bundles()) {
            deployer.checkConflict(app, b.symbolicName());
        }
        steps.reached(app, Step.STAGED);

        String dirName = staged.version() + "~" + txid;
        Path appDir = settings.extensionsDir.resolve(app).resolve(dirName);
        List<Path> stored = new ArrayList<>();
        try {
            Files.createDirectories(appDir);
            for (StagedBundle b : staged.bundles()) {
                stored.add(Files.move(b.file(), appDir.resolve(b.storedFileName()), StandardCopyOption.ATOMIC_MOVE));
            }
        } catch (IOException e) {
            deleteTreeQuietly(appDir);
            deleteIfEmpty(appDir.getParent());
            throw new InstallException(IO_ERROR, "cannot store the files of app " + app + " in " + appDir + ": "
                    + e.getMessage(), e);
        }
        steps.reached(app, Step.FILES_MOVED);

        long startedAt = System.currentTimeMillis();
        records.putJournal(new Journal(app, txid, "install", dirName, startedAt));
        steps.reached(app, Step.JOURNAL_WRITTEN);

        List<Bundle> bundles = new ArrayList<>();
        try {
            Map<String, Bundle> existing = deployer.managed(app);
            report(request, "install");
            claimLock.lock();
            try {
                // again, now that no other deploy can install between the check and ours
                for (StagedBundle b : staged.bundles()) {
                    deployer.checkConflict(app, b.symbolicName());
                }
                for (int i = 0; i < staged.bundles().size(); i++) {
                    StagedBundle b = staged.bundles().get(i);
                    bundles.add(deployer.installOrUpdate(app, b.symbolicName(), stored.get(i),
                            existing.remove(b.symbolicName())));
                }
            } finally {
                claimLock.unlock();
            }
            for (Bundle dropped : existing.values()) {
                deployer.stopQuietly(dropped);
                deployer.uninstall(dropped);
            }
            deployer.refreshPending();
            steps.reached(app, Step.BUNDLES_APPLIED);
            report(request, "resolve");
            deployer.resolve(bundles);
            steps.reached(app, Step.RESOLVED);
            report(request, "start");
            deployer.start(bundles);
            steps.reached(app, Step.STARTED);
            report(request, "health");
            gate.get().check(app, ids(bundles), settings.healthGateTimeout);
        } catch (RuntimeException failure) {
            InstallException reported = failure instanceof InstallException ie ? ie
                    : interruption(failure) ? new InstallException(INTERRUPTED, "install of app " + app
                            + " was interrupted and rolled back", failure)
                    : new InstallException(FRAMEWORK_ERROR, "install of app " + app + " failed: " + failure, failure);
            // a cancelled install (interrupted shell command) must still finish its rollback
            boolean interrupted = Thread.interrupted() || reported.reason() == INTERRUPTED;
            try {
                rollback(app, current, startedAt, dirName);
                records.deleteJournal(app);
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
            throw reported;
        }

        report(request, "commit");
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
        InstalledApp committed = records.put(dto, dirName, txid);
        steps.reached(app, Step.COMMITTED);

        if (current.isPresent()) {
            deleteOtherVersions(app, dirName);
        }
        records.deleteJournal(app);
        steps.reached(app, Step.CLEANED);
        Map<String, Object> props = new HashMap<>();
        props.put(EVENT_APP, app);
        props.put(EVENT_VERSION, dto.version);
        props.put(EVENT_REQUESTED_BY, request.requestedBy());
        current.ifPresent(c -> props.put(EVENT_PREVIOUS_VERSION, c.dto().version));
        announce(current.isPresent() ? TOPIC_UPGRADED : TOPIC_INSTALLED, props);
        return committed.dto();
    }

    private static boolean interruption(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static InstallPlanDTO.Action action(Optional<InstalledApp> current, StagedApp staged) {
        if (current.isEmpty()) {
            return InstallPlanDTO.Action.INSTALL;
        }
        int c = staged.version().compareTo(AppVersion.parse(current.get().dto().version));
        return c > 0 ? InstallPlanDTO.Action.UPGRADE : c == 0 ? InstallPlanDTO.Action.REINSTALL
                : InstallPlanDTO.Action.DOWNGRADE;
    }

    private static void checkVersion(Optional<InstalledApp> current, StagedApp staged, boolean force) {
        if (current.isEmpty() || force || current.get().dto().status == AppDTO.Status.FAILED) {
            return;
        }
        AppVersion installed = AppVersion.parse(current.get().dto().version);
        int c = staged.version().compareTo(installed);
        if (c <= 0) {
            throw new InstallException(VERSION_NOT_NEWER, "app " + staged.app() + " " + installed + " is installed; "
                    + staged.version() + " is " + (c == 0 ? "the same version" : "lower")
                    + " (use --force, or InstallRequest.force(), to replace it)");
        }
    }

    private static ArtifactDTO artifact(String app, StagedBundle b, long bundleId) {
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

    /** @return the app's signer: the distinct signers of its bundles joined by "; ", "" if none is signed */
    private static String signer(StagedApp staged) {
        Set<String> signers = new java.util.LinkedHashSet<>();
        staged.bundles().forEach(b -> {
            if (!b.signer().isEmpty()) {
                signers.add(b.signer());
            }
        });
        return String.join("; ", signers);
    }

    // ---- rollback, uninstall, recovery, replay ----

    /**
     * Puts the framework back to {@code current} (or to no bundle of the app) and deletes the new
     * version's folder. Idempotent.
     */
    private void rollback(String app, Optional<InstalledApp> current, long startedAt, String newDir) {
        // a FAILED previous version had its bundles isolated (uninstalled): that is the state to restore
        Optional<InstalledApp> restore = current.filter(c -> c.dto().status == AppDTO.Status.INSTALLED);
        Set<String> keep = new HashSet<>();
        restore.ifPresent(c -> {
            for (ArtifactDTO a : c.dto().artifacts) {
                keep.add(a.symbolicName);
            }
        });
        Map<String, Bundle> managed = deployer.managed(app);
        for (Map.Entry<String, Bundle> e : managed.entrySet()) {
            if (!keep.contains(e.getKey())) {
                deployer.stopQuietly(e.getValue());
                deployer.uninstall(e.getValue());
            }
        }
        if (restore.isPresent()) {
            InstalledApp old = restore.get();
            Path oldDir = settings.extensionsDir.resolve(app).resolve(old.dir());
            List<Bundle> restored = new ArrayList<>();
            for (ArtifactDTO a : old.dto().artifacts) {
                Bundle b = managed.get(a.symbolicName);
                if (b == null || b.getState() == Bundle.UNINSTALLED) {
                    restored.add(deployer.installOrUpdate(app, a.symbolicName, oldDir.resolve(a.file), null));
                } else if (b.getLastModified() >= startedAt) {
                    restored.add(deployer.installOrUpdate(app, a.symbolicName, oldDir.resolve(a.file), b));
                } else {
                    restored.add(b);
                }
            }
            deployer.refreshPending();
            deployer.resolve(restored);
            deployer.start(restored);
        } else {
            deployer.refreshPending();
        }
        if (newDir != null && current.map(c -> !c.dir().equals(newDir)).orElse(true)) {
            deleteTreeQuietly(settings.extensionsDir.resolve(app).resolve(newDir));
        }
        if (current.isEmpty()) {
            deleteIfEmpty(settings.extensionsDir.resolve(app));
        }
    }

    private void finishUninstall(String app) {
        Set<Long> ids = new HashSet<>();
        deployer.managed(app).values().forEach(b -> ids.add(b.getBundleId()));
        try {
            cleanup.get().unregisterPlugins(app, ids);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot unregister the plugins of app " + app, e);
        }
        for (Bundle b : deployer.managed(app).values()) {
            deployer.stopQuietly(b);
            deployer.uninstall(b);
        }
        deployer.refreshPending();
        steps.reached(app, Step.UNINSTALL_BUNDLES_REMOVED);
        records.delete(app);
        steps.reached(app, Step.UNINSTALL_RECORD_DELETED);
        deleteTreeQuietly(settings.extensionsDir.resolve(app));
        records.deleteJournal(app);
    }

    /**
     * Finishes or undoes every interrupted operation, then removes what no record accounts for.
     * Call once at activation, before {@link #replay()}.
     */
    public void recover() {
        for (Journal j : records.journals()) {
            ReentrantLock lock = lock(j.app());
            try {
                if ("uninstall".equals(j.op())) {
                    LOG.log(System.Logger.Level.INFO, "finishing the interrupted uninstall of app " + j.app());
                    finishUninstall(j.app());
                    continue;
                }
                Optional<InstalledApp> current = records.get(j.app());
                if (current.isPresent() && j.txid().equals(current.get().txid())) {
                    LOG.log(System.Logger.Level.INFO, "rolling forward the committed install of app " + j.app());
                    deleteOtherVersions(j.app(), current.get().dir());
                } else {
                    LOG.log(System.Logger.Level.INFO, "rolling back the interrupted install of app " + j.app());
                    rollback(j.app(), current, j.startedAt(), j.dir());
                }
                records.deleteJournal(j.app());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "recovery of app " + j.app() + " failed; the journal is kept", e);
            } finally {
                lock.unlock();
            }
        }
        deleteTreeQuietly(settings.stagingDir());
        Set<String> recorded = new HashSet<>();
        Map<String, String> dirs = new LinkedHashMap<>();
        for (InstalledApp a : records.list()) {
            recorded.add(a.dto().app);
            dirs.put(a.dto().app, a.dir());
        }
        Set<String> journaled = new HashSet<>();
        records.journals().forEach(j -> journaled.add(j.app()));
        for (String app : deployer.managedApps()) {
            if (!recorded.contains(app) && !journaled.contains(app)) {
                LOG.log(System.Logger.Level.WARNING, "uninstalling bundles of unrecorded app " + app);
                deployer.managed(app).values().forEach(b -> {
                    deployer.stopQuietly(b);
                    deployer.uninstall(b);
                });
            }
        }
        deployer.refreshPending();
        if (Files.isDirectory(settings.extensionsDir)) {
            try (DirectoryStream<Path> apps = Files.newDirectoryStream(settings.extensionsDir)) {
                for (Path appDir : apps) {
                    String app = appDir.getFileName().toString();
                    if (app.startsWith(".") || journaled.contains(app)) {
                        continue;
                    }
                    if (!recorded.contains(app)) {
                        deleteTreeQuietly(appDir);
                    } else {
                        deleteOtherVersions(app, dirs.get(app));
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list " + settings.extensionsDir, e);
            }
        }
    }

    /**
     * Replays every record (see the class comment). Each app's failure is isolated.
     *
     * @return the apps as replayed, failed ones included
     * @throws InstallException {@code INTERRUPTED} if the thread is interrupted (deactivation); the
     *     app being replayed is left as it was, not marked failed
     */
    public List<AppDTO> replay() {
        // passes until no app makes progress, so an app whose bundles need another app's packages
        // comes up whatever the order of the records
        Map<String, AppDTO> replayed = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        records.list().forEach(r -> pending.add(r.dto().app));
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            List<String> failed = new ArrayList<>();
            for (String app : pending) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    throw new InstallException(INTERRUPTED, "replay stopped before app " + app);
                }
                ReentrantLock lock = lock(app);
                try {
                    Optional<InstalledApp> now = records.get(app);
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
                } finally {
                    lock.unlock();
                }
            }
            pending.clear();
            pending.addAll(failed);
        }
        for (String app : pending) {
            ReentrantLock lock = lock(app);
            try {
                records.get(app).ifPresent(now -> replayed.put(app, markFailed(now, failures.get(app))));
            } finally {
                lock.unlock();
            }
        }
        List<AppDTO> result = new ArrayList<>();
        for (InstalledApp r : records.list()) {
            AppDTO dto = replayed.get(r.dto().app);
            if (dto != null) {
                result.add(dto);
            }
        }
        return result;
    }

    /**
     * Replays one app; on failure isolates it (its bundles uninstalled) and throws, leaving the
     * record to {@link #markFailed} once no later pass can help.
     */
    private AppDTO replayOne(InstalledApp recorded) {
        AppDTO dto = recorded.dto();
        String app = dto.app;
        List<Bundle> bundles = new ArrayList<>();
        try {
            Map<String, Bundle> managed = deployer.managed(app);
            Set<String> listed = new HashSet<>();
            for (ArtifactDTO a : dto.artifacts) {
                listed.add(a.symbolicName);
            }
            for (Map.Entry<String, Bundle> e : managed.entrySet()) {
                if (!listed.contains(e.getKey())) {
                    deployer.stopQuietly(e.getValue());
                    deployer.uninstall(e.getValue());
                }
            }
            Path dir = settings.extensionsDir.resolve(app).resolve(recorded.dir());
            for (ArtifactDTO a : dto.artifacts) {
                Bundle b = managed.get(a.symbolicName);
                if (b == null) {
                    Path file = dir.resolve(a.file);
                    String sha;
                    try {
                        sha = BundleInspector.sha256(file);
                    } catch (NoSuchFileException e) {
                        throw new InstallException(IO_ERROR, "stored artifact " + file + " of app " + app + " is missing");
                    } catch (IOException e) {
                        throw new InstallException(IO_ERROR, "cannot read stored artifact " + file + ": " + e.getMessage(), e);
                    }
                    if (!sha.equals(a.sha256)) {
                        throw new InstallException(ARTIFACT_TAMPERED, "stored artifact " + file + " of app " + app
                                + " has sha256 " + sha + ", recorded " + a.sha256);
                    }
                    b = deployer.installOrUpdate(app, a.symbolicName, file, null);
                }
                bundles.add(b);
            }
            deployer.refreshPending();
            deployer.resolve(bundles);
            deployer.start(bundles);
            gate.get().check(app, ids(bundles), settings.healthGateTimeout);
            boolean changed = dto.status != AppDTO.Status.INSTALLED;
            for (int i = 0; i < dto.artifacts.length; i++) {
                changed |= dto.artifacts[i].bundleId != bundles.get(i).getBundleId();
                dto.artifacts[i].bundleId = bundles.get(i).getBundleId();
            }
            if (changed) {
                dto.status = AppDTO.Status.INSTALLED;
                dto.failureReason = "";
                dto.updatedAt = System.currentTimeMillis();
                AppDTO replayed = records.put(dto, recorded.dir(), recorded.txid()).dto();
                announce(TOPIC_REPLAYED, Map.of(EVENT_APP, app, EVENT_VERSION, dto.version, EVENT_REQUESTED_BY, ""));
                return replayed;
            }
            return dto;
        } catch (RuntimeException e) {
            if (e instanceof InstallException ie && ie.reason() == INTERRUPTED) {
                // deactivation, not the app's fault: the next activation replays it again
                throw ie;
            }
            if (stopping || deployer.frameworkStopping()) {
                // shutdown overtook the replay: not the app's fault either
                throw new InstallException(INTERRUPTED, "replay of app " + app + " stopped by shutdown", e);
            }
            InstallException failure = e instanceof InstallException ie ? ie
                    : new InstallException(FRAMEWORK_ERROR, "replay of app " + app + " failed: " + e, e);
            isolate(app);
            throw failure;
        }
    }

    /** Uninstalls every managed bundle of the app, best effort: a failing app must not hold packages or services. */
    private void isolate(String app) {
        for (Bundle b : deployer.managed(app).values()) {
            try {
                deployer.stopQuietly(b);
                deployer.uninstall(b);
            } catch (RuntimeException ignored) {
                // keep isolating the rest
            }
        }
        try {
            deployer.refreshPending();
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    private AppDTO markFailed(InstalledApp recorded, String reason) {
        AppDTO dto = recorded.dto();
        LOG.log(System.Logger.Level.ERROR, "replay of app " + dto.app + " failed, isolated: " + reason);
        dto.status = AppDTO.Status.FAILED;
        dto.failureReason = reason;
        dto.updatedAt = System.currentTimeMillis();
        for (ArtifactDTO a : dto.artifacts) {
            a.bundleId = -1;
        }
        AppDTO failed = records.put(dto, recorded.dir(), recorded.txid()).dto();
        announce(TOPIC_FAILED, Map.of(EVENT_APP, dto.app, EVENT_VERSION, dto.version, EVENT_REASON, reason,
                EVENT_REQUESTED_BY, ""));
        return failed;
    }

    // ---- helpers ----

    private ReentrantLock lock(String app) {
        ReentrantLock lock = locks.computeIfAbsent(app, k -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException(INTERRUPTED, "interrupted while waiting for another operation on app " + app);
        }
        return lock;
    }

    private static Set<Long> ids(List<Bundle> bundles) {
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        return ids;
    }

    private static void report(InstallRequest request, String step) {
        ArtifactFetcher.report(request.progressListener(), step, 0, 0);
    }

    private Path createStaging(String txid) {
        Path dir = settings.stagingDir().resolve(txid);
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot create staging folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void deleteOtherVersions(String app, String keep) {
        Path appDir = settings.extensionsDir.resolve(app);
        if (!Files.isDirectory(appDir)) {
            return;
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(appDir)) {
            for (Path v : versions) {
                if (!v.getFileName().toString().equals(keep)) {
                    deleteTreeQuietly(v);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + appDir, e);
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // still holds another version
        }
    }

    static void deleteTreeQuietly(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + root, e);
        }
    }
}
