package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.deploy.AppStager;
import io.hookline.installer.internal.deploy.BundleDeployer;
import io.hookline.installer.internal.deploy.StagedApp;
import io.hookline.installer.internal.deploy.StagedBundle;
import io.hookline.installer.internal.fetch.ArtifactFetcher;
import io.hookline.installer.internal.fetch.Urls;
import io.hookline.installer.internal.gate.HealthGate;
import io.hookline.installer.internal.gate.PluginCleanup;
import io.hookline.installer.internal.reconcile.ArtifactMaterializer;
import io.hookline.installer.spi.ArtifactSource;
import io.hookline.installer.internal.txn.AppFiles;
import io.hookline.installer.internal.txn.AppLocks;
import io.hookline.installer.internal.txn.AuditTrail;
import io.hookline.installer.internal.txn.InstallRecords;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallTransaction;
import io.hookline.installer.internal.txn.Recovery;
import io.hookline.installer.internal.txn.Replayer;
import io.hookline.installer.internal.txn.StepListener;
import io.hookline.installer.internal.txn.TxnContext;
import io.hookline.installer.internal.txn.Uninstaller;
import io.hookline.store.RecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The {@link Installer} façade: {@link #install}, {@link #plan}, {@link #uninstall}, {@link #list},
 * {@link #get}, plus the boot-time {@link #recover} and {@link #replay}. It stages a request
 * ({@link AppStager}) outside any lock (the app's name may only be known from the artifact), then
 * hands it, under the app's lock, to the transaction roles of {@code internal.txn}
 * ({@link InstallTransaction}, {@link Uninstaller}, {@link Recovery}, {@link Replayer}), whose
 * package description gives the crash protocol. Plain Java over a {@link BundleContext} and a
 * {@link RecordStore}, so tests drive it in a real framework without DS; {@link InstallerComponent}
 * wraps it as a service. Threading: thread-safe; one app's operations are serialised by its lock
 * ({@link AppLocks}), different apps run in parallel; {@link #close} waits for operations in
 * flight and refuses new ones.
 */
public final class InstallerEngine implements Installer, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InstallerEngine.class.getName());

    private final InstallerSettings settings;
    private final InstallRecords records;
    private final BundleDeployer deployer;
    private final AppStager stager;
    private final AppLocks locks = new AppLocks();
    private final TxnContext txn;
    private final ExecutorService storeThread;
    private volatile boolean stopping;
    /** Told of every step of the crash protocol (tests kill the process there). */
    volatile StepListener steps = StepListener.NONE;
    /** Told of every completed change; see {@link InstallListener}. */
    volatile InstallListener listener = (topic, properties) -> { };
    /** Where every operation is written down; {@link AuditTrail#NONE} without an audit log. */
    volatile AuditTrail audit = AuditTrail.NONE;
    /** Where a foreign record's missing artifacts are asked for after local copies (the cluster's peers). */
    volatile Supplier<List<ArtifactSource>> sources = List::of;

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
        this.settings = settings;
        this.storeThread = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "hookline-installer-store");
            t.setDaemon(true);
            return t;
        });
        this.records = new InstallRecords(store, storeThread);
        this.deployer = new BundleDeployer(context);
        this.stager = new AppStager(settings, context);
        ArtifactMaterializer materializer = new ArtifactMaterializer(settings, records, context, () -> sources.get());
        this.txn = new TxnContext(settings, records, deployer, locks, gate, cleanup, () -> steps, this::announce,
                () -> audit, () -> materializer);
    }

    /**
     * Makes a running {@link #replay()} stop before its next app (used on deactivation instead of
     * an interrupt, which could close the store's file channel).
     */
    public void stopReplay() {
        stopping = true;
    }

    /**
     * Refuses new operations, waits for those in flight (an install past its download, an
     * uninstall, a replay step) so that no other engine ever works on an app this one is changing,
     * then stops the store thread once its queued calls are done.
     */
    @Override
    public void close() {
        stopping = true;
        Duration bound = settings.healthGateTimeout.plusMinutes(2);
        if (!locks.drain(bound)) {
            LOG.log(System.Logger.Level.ERROR, "installer operations still running after " + bound.toSeconds()
                    + " s; closing anyway (their journals are recovered at the next activation)");
        }
        storeThread.shutdown();
    }

    private void announce(String topic, Map<String, Object> properties) {
        try {
            listener.changed(topic, properties);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "install listener failed on " + topic, e);
        }
    }

    @Override
    public AppDTO install(InstallRequest request) {
        Objects.requireNonNull(request, "request");
        AdminRole.require("install");
        if (locks.isClosed()) {
            InstallException closing = new InstallException(INTERRUPTED,
                    "the installer is shutting down (reconfigured or stopped); try again");
            audit.write(new AuditTrail.Entry(request.requestedBy(), "install", "refused", nz(request.app()),
                    nz(request.version()), nz(request.sha256()), "", request.describeSource(), closing.describe()));
            throw closing;
        }
        String txid = UUID.randomUUID().toString();
        Path staging = txn.files.createStaging(txid);
        StagedApp staged = null;
        // held until the outcome is announced and audited, so close() waits for all of it
        AppLocks.Held held = null;
        try {
            staged = stager.stage(request, staging);
            ArtifactFetcher.report(request.progressListener(), "verify", 0, 0);
            held = locks.acquire(staged.app());
            return new InstallTransaction(txn, request, staged, txid).run();
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
            audit.write(new AuditTrail.Entry(request.requestedBy(), "install", outcome(e), app == null ? "" : app,
                    version == null ? "" : version, staged != null ? staged.fetched().sha256() : nz(request.sha256()),
                    "", Urls.redact(request.describeSource()), e.describe()));
            throw e;
        } finally {
            AppFiles.deleteTreeQuietly(staging);
            if (held != null) {
                held.close();
            }
        }
    }

    /** @return {@code failed} when something was rolled back, {@code refused} when nothing was touched */
    private static String outcome(InstallException e) {
        return switch (e.reason()) {
            case UNRESOLVED, START_FAILED, HEALTH_CHECK_FAILED, FRAMEWORK_ERROR, IO_ERROR, INTERRUPTED -> "failed";
            default -> "refused";
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public InstallPlanDTO plan(InstallRequest request) {
        Objects.requireNonNull(request, "request");
        Path staging = txn.files.createStaging(UUID.randomUUID().toString());
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
            plan.action = InstallTransaction.action(current, staged);
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
                artifacts.add(InstallTransaction.artifact(staged.app(), b, -1));
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
                InstallTransaction.checkVersion(current, staged, request.isForced());
                for (StagedBundle b : staged.bundles()) {
                    deployer.checkConflict(staged.app(), b.symbolicName());
                }
            } catch (InstallException e) {
                plan.refusal = e.describe();
            }
            return plan;
        } finally {
            AppFiles.deleteTreeQuietly(staging);
        }
    }

    @Override
    public AppDTO uninstall(String app) {
        return uninstall(app, null, "");
    }

    @Override
    public AppDTO uninstall(String app, String version) {
        return uninstall(app, version, "");
    }

    @Override
    public AppDTO uninstall(String app, String version, String requestedBy) {
        Objects.requireNonNull(app, "app");
        AdminRole.require("uninstall");
        Objects.requireNonNull(requestedBy, "requestedBy");
        AppLocks.Held held = null;
        try {
            AppStager.checkAppName(app, settings);
            held = locks.acquire(app);
            return new Uninstaller(txn).uninstall(app, version, requestedBy);
        } catch (InstallException e) {
            audit.write(new AuditTrail.Entry(requestedBy, "uninstall", outcome(e), app, nz(version), "", "", "",
                    e.describe()));
            throw e;
        } finally {
            if (held != null) {
                held.close();
            }
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

    /**
     * Finishes or undoes every interrupted operation, then removes what no record accounts for
     * (see {@link Recovery}). Call once at activation, before {@link #replay()}.
     */
    public void recover() {
        new Recovery(txn).run();
    }

    /**
     * Replays every record (see {@link Replayer}); each app's failure is isolated.
     *
     * @return the apps as replayed, failed ones included
     * @throws InstallException {@code INTERRUPTED} if stopped ({@link #stopReplay}); the app being
     *     replayed is left as it was, not marked failed
     */
    public List<AppDTO> replay() {
        return new Replayer(txn, () -> stopping).run();
    }

    /**
     * Applies the app's record as the cluster merged it (see {@link Replayer#reconcile}); never
     * rewrites it.
     *
     * @param app the app name
     * @return the app as it now stands here, empty if it has no record
     */
    public Optional<AppDTO> reconcile(String app) {
        return new Replayer(txn, () -> stopping).reconcile(app);
    }

    /**
     * @param sha256 a digest
     * @return a stored jar some record names with that digest, if it is on disk
     */
    public Optional<Path> artifact(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        for (InstalledApp r : records.list()) {
            for (ArtifactDTO a : r.dto().artifacts) {
                if (sha256.equals(a.sha256)) {
                    Path file = txn.files.versionDir(r.dto().app, r.dir()).resolve(a.file).normalize();
                    if (file.startsWith(txn.files.root()) && java.nio.file.Files.isRegularFile(file)) {
                        return Optional.of(file);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
