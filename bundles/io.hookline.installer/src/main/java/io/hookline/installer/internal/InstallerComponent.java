package io.hookline.installer.internal;

import io.hookline.installer.internal.gate.HealthGate;
import io.hookline.installer.internal.gate.PluginCleanup;
import io.hookline.installer.internal.gate.PluginHealthGate;
import io.hookline.installer.internal.reconcile.Reconciler;
import io.hookline.installer.spi.ArtifactRepository;
import io.hookline.installer.spi.ArtifactSource;

import static io.hookline.installer.InstallException.Reason.INTERRUPTED;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.store.RecordStore;
import io.hookline.store.audit.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the {@link Installer} service: builds an {@link InstallerEngine} from the typed
 * configuration, then, on its own thread, recovers interrupted operations and replays every
 * record, so activation does not block SCR while bundles are reinstalled and gated. API calls wait
 * for the recovery (not for the replay: each app's replay holds that app's lock, which serialises
 * it with calls on the same app). The engine's {@link PluginAdmin} is an optional, dynamic, greedy
 * reference read for each health gate, so the installer works without the engine and uses it as
 * soon as it appears; the store's {@link AuditLog} is bound the same way and receives every install, upgrade,
 * uninstall, refusal and replay; {@link InstallListener}s (the {@link EventAdminNotifier}) are bound the same
 * way and told of every change. It also runs the {@link Reconciler} (install records other nodes wrote,
 * as the cluster merges them, applied after recovery), registers {@link ArtifactRepository} (the
 * stored jars by sha256, for peers) and binds every {@link ArtifactSource} (the cluster's peers) the
 * same dynamic way: without the cluster bundle nothing is merged and no source is bound, and the
 * installer works as on one node. No {@code @Modified}: a configuration change re-activates the component,
 * which re-runs the (idempotent) recovery and replay with the new settings. Threading: as
 * {@link InstallerEngine}; on deactivation the replay is asked to stop between two apps and joined
 * (not interrupted), and operations in flight are drained (see {@link #deactivate()}).
 */
@Component(name = InstallerComponent.PID, configurationPid = InstallerComponent.PID,
        service = {Installer.class, ArtifactRepository.class}, immediate = true)
@Designate(ocd = InstallerComponent.Config.class)
public final class InstallerComponent implements Installer, ArtifactRepository {

    /** The configuration PID and component name. */
    public static final String PID = "io.hookline.installer";

    private static final System.Logger LOG = System.getLogger(InstallerComponent.class.getName());

    @ObjectClassDefinition(name = "Hookline installer",
            description = "Installs apps (bundle jars or archives of bundle jars) at run time from local paths, URLs,"
                    + " GitHub releases and Maven repositories, with fail-closed allowlists.")
    @interface Config {

        @AttributeDefinition(name = "Extensions folder", description = "Where installed apps' files are kept"
                + " (and replayed from after a clean cache). Empty means ${karaf.base}/hookline/extensions under Karaf (outside data/, which clean wipes),"
                + " else extensions in the bundle's data area. A relative path is resolved against ${karaf.base}/hookline"
                + " (else the data area), as the store's path is, never against the working directory.")
        String extensions_folder() default "";

        @AttributeDefinition(name = "Allowed hosts", description = "Hosts that url sources, redirects and GitHub asset"
                + " downloads may reach: host, host:port or *.domain; comma-separated values are split. Empty refuses"
                + " every remote download (fail-closed). GitHub downloads need github.com and"
                + " objects.githubusercontent.com (or release-assets.githubusercontent.com).")
        String[] allowed_hosts() default {};

        @AttributeDefinition(name = "Allowed GitHub repositories", description = "owner/repo pairs that github_tag and"
                + " github_latest_release sources may name. Empty refuses all.")
        String[] allowed_github_repos() default {};

        @AttributeDefinition(name = "Maven repositories", description = "Base URLs of the Maven repositories maven"
                + " sources are fetched from (a direct GET of groupId/artifactId/version/file), tried in order; they are"
                + " the Maven allowlist (redirects must stay on them or on allowed hosts). Empty refuses maven sources.")
        String[] maven_repositories() default {};

        @AttributeDefinition(name = "Protected bundles", description = "Extra symbolic names (or prefixes ending in *)"
                + " no app may bring. io.hookline.*, system.bundle, org.apache.felix.*, org.apache.karaf.*,"
                + " org.eclipse.osgi and org.osgi.* are always protected, whatever this says.")
        String[] protected_bundles() default {};

        @AttributeDefinition(name = "Maximum download bytes", description = "Largest artifact that may be downloaded.")
        long max_download_bytes() default 100L * 1024 * 1024;

        @AttributeDefinition(name = "Maximum archive entries", description = "Most entries an archive may hold.")
        int max_entries() default 1000;

        @AttributeDefinition(name = "Maximum unpacked bytes", description = "Most bytes an archive may unpack to"
                + " (counted while unpacking, so a zip bomb stops here).")
        long max_unpacked_bytes() default 500L * 1024 * 1024;

        @AttributeDefinition(name = "Connect timeout (ms)", description = "Timeout to open an HTTP connection.")
        int connect_timeout_millis() default 10_000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "Longest wait for the next bytes of an answer.")
        int read_timeout_millis() default 30_000;

        @AttributeDefinition(name = "GitHub API URL", description = "Base URL of the GitHub REST API.")
        String github_api_url() default "https://api.github.com";

        @AttributeDefinition(name = "Require sha256", description = "Refuse remote installs without a sha256 pin.")
        boolean require_sha256() default false;

        @AttributeDefinition(name = "Allow plain http", description = "Allow plain http downloads (first URL,"
                + " redirects, Maven repositories, the GitHub API) without a sha256 pin. Off by default: over plain http"
                + " anyone on the path can swap the artifact, so only a pin makes it safe.")
        boolean allow_plain_http() default false;

        @AttributeDefinition(name = "Download deadline (ms)", description = "The longest one fetch may take in"
                + " total (API calls, redirects, body), however steadily a server drips bytes inside the read timeout.")
        long download_deadline_millis() default 600_000;

        @AttributeDefinition(name = "GitHub web hosts", description = "Hosts (host or host:port) whose URLs name"
                + " /owner/repo first; a url source or redirect there must name a repository on allowed.github.repos.")
        String[] github_hosts() default {"github.com", "www.github.com", "codeload.github.com",
            "raw.githubusercontent.com"};

        @AttributeDefinition(name = "GitHub asset hosts", description = "GitHub's release-asset hosts; their URLs"
                + " name no repository, so they are reachable only through a redirect from an allowed repository's URL"
                + " or a github_* source (they must be on allowed.hosts as well).")
        String[] github_asset_hosts() default {"objects.githubusercontent.com", "release-assets.githubusercontent.com",
            "github-releases.githubusercontent.com"};

        @AttributeDefinition(name = "Signature policy", description = "off: signatures are ignored; if-signed: a"
                + " signed jar must verify like jarsigner -verify (every entry signed by one signer, digests checked)"
                + " and, if signature.truststore is set, be signed by a pinned certificate; required: every jar must be"
                + " signed by a pinned certificate.")
        String signature_policy() default "if-signed";

        @AttributeDefinition(name = "Signature trust store", description = "A file of pinned signer certificates"
                + " (X.509, PEM or DER, one or several). Empty: no signer is pinned. A file that cannot be read trusts"
                + " no signer (fail-closed).")
        String signature_truststore() default "";

        @AttributeDefinition(name = "Health gate timeout (ms)", description = "How long a freshly started app's"
                + " plugins may take to be healthy (not FAILED, no active plugin DOWN) before the install is rolled back.")
        long health_gate_timeout_millis() default 2_000;
    }

    private final InstallerEngine engine;
    private final Reconciler reconciler;
    private final CountDownLatch recovered = new CountDownLatch(1);
    private final Thread replayThread;

    /** Where a foreign record's missing artifacts are fetched from (the cluster registers one); none without it. */
    private final List<ArtifactSource> artifactSources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginAdmin pluginAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog auditLog;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<InstallListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param context this bundle's context, for {@code karaf.base}, the data area and installing bundles
     * @param config the configuration
     * @param store the record store holding the {@code installs} records
     */
    @Activate
    public InstallerComponent(BundleContext context, Config config, @Reference(name = "store") RecordStore store) {
        this.engine = new InstallerEngine(settings(context, config), store, context, () -> {
            PluginAdmin admin = pluginAdmin;
            return admin == null ? HealthGate.NONE : new PluginHealthGate(admin);
        }, () -> {
            PluginAdmin admin = pluginAdmin;
            return admin == null ? PluginCleanup.NONE : new PluginHealthGate(admin);
        });
        engine.audit = new StoreAuditTrail(() -> auditLog);
        engine.sources = () -> List.copyOf(artifactSources);
        // listening from now on, applying only after recovery (started by the replay thread)
        this.reconciler = new Reconciler(store, engine::reconcile);
        engine.listener = (topic, properties) -> {
            for (InstallListener l : listeners) {
                l.changed(topic, properties);
            }
        };
        this.replayThread = new Thread(() -> {
            try {
                engine.recover();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "installer recovery failed", e);
            } finally {
                recovered.countDown();
            }
            // merges queued while the replay runs wait for each app's lock, so they follow its replay
            reconciler.start();
            long sources = reconciler.sourceGeneration();
            try {
                for (AppDTO app : engine.replay()) {
                    if (app.status == AppDTO.Status.FAILED) {
                        LOG.log(System.Logger.Level.ERROR, "app " + app.app + " " + app.version + " failed to replay: "
                                + app.failureReason);
                        // another node's record: its peers may hold the jars later; tried again
                        reconciler.retryLater(app, sources);
                    }
                }
            } catch (InstallException e) {
                if (e.reason() == INTERRUPTED) {
                    LOG.log(System.Logger.Level.DEBUG, "installer replay stopped by deactivation");
                } else {
                    LOG.log(System.Logger.Level.ERROR, "installer replay failed", e);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "installer replay failed", e);
            }
        }, "hookline-installer-replay");
        replayThread.setDaemon(true);
    }

    /**
     * A new source of artifacts (the cluster's peers): apps whose reconcile failed are tried again,
     * since a joining node merges the cluster's records before its peer source is bound.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeArtifactSource")
    void addArtifactSource(ArtifactSource source) {
        artifactSources.add(source);
        reconciler.sourcesChanged();
    }

    void removeArtifactSource(ArtifactSource source) {
        artifactSources.remove(source);
    }

    /** Starts recovery and replay once SCR has injected the dynamic references (plugin admin, listeners). */
    @Activate
    void start() {
        replayThread.start();
    }

    /**
     * Stops the replay between two apps and waits for it; never interrupts it, as an interrupt
     * inside a store write would close the node's store. Then closes the engine, which refuses new
     * operations and waits for those in flight, so the re-activated component's recovery never
     * meets an operation of this one.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        reconciler.close();
        engine.stopReplay();
        replayThread.join(60_000);
        engine.close();
    }

    static InstallerSettings settings(BundleContext context, Config config) {
        String folder = config.extensions_folder() == null ? "" : config.extensions_folder().trim();
        String relative = folder.isEmpty() ? "extensions" : folder;
        Path extensions;
        if (Path.of(relative).isAbsolute()) {
            extensions = Path.of(relative);
        } else if (context.getProperty("karaf.base") != null) {
            // as the store's relative path: never the working directory, which changes between starts
            extensions = Path.of(context.getProperty("karaf.base"), "hookline").resolve(relative);
        } else {
            extensions = context.getDataFile(relative).toPath();
        }
        InstallerSettings.Builder builder = InstallerSettings.builder(extensions)
                .allowHosts(split(config.allowed_hosts()))
                .allowGithubRepos(split(config.allowed_github_repos()))
                .mavenRepositories(split(config.maven_repositories()))
                .protect(split(config.protected_bundles()))
                .maxDownloadBytes(config.max_download_bytes())
                .maxEntries(config.max_entries())
                .maxUnpackedBytes(config.max_unpacked_bytes())
                .connectTimeout(Duration.ofMillis(config.connect_timeout_millis()))
                .readTimeout(Duration.ofMillis(config.read_timeout_millis()))
                .githubApiUrl(config.github_api_url())
                .requireSha256(config.require_sha256())
                .healthGateTimeout(Duration.ofMillis(config.health_gate_timeout_millis()))
                .allowPlainHttp(config.allow_plain_http())
                .downloadDeadline(Duration.ofMillis(config.download_deadline_millis()))
                .githubHosts(split(config.github_hosts()))
                .githubAssetHosts(split(config.github_asset_hosts()))
                .signaturePolicy(signaturePolicy(config.signature_policy()));
        String trustStore = config.signature_truststore() == null ? "" : config.signature_truststore().trim();
        if (!trustStore.isEmpty()) {
            builder.trustStore(Path.of(trustStore));
        }
        return builder.build();
    }

    /** An unknown policy is logged and read as {@code required}: a typo must not switch checking off. */
    private static InstallerSettings.SignaturePolicy signaturePolicy(String value) {
        try {
            return InstallerSettings.SignaturePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; using required");
            return InstallerSettings.SignaturePolicy.REQUIRED;
        }
    }

    /** A .cfg file gives "a, b" as one string: split every value on commas and blanks. */
    static String[] split(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split("[,\\s]+")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            }
        }
        return out.toArray(String[]::new);
    }

    private void awaitRecovery() {
        try {
            recovered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException(INTERRUPTED, "interrupted while the installer recovers");
        }
    }

    @Override
    public AppDTO install(InstallRequest request) {
        awaitRecovery();
        return engine.install(request);
    }

    @Override
    public InstallPlanDTO plan(InstallRequest request) {
        awaitRecovery();
        return engine.plan(request);
    }

    @Override
    public AppDTO uninstall(String app) {
        awaitRecovery();
        return engine.uninstall(app);
    }

    @Override
    public AppDTO uninstall(String app, String version) {
        awaitRecovery();
        return engine.uninstall(app, version);
    }

    @Override
    public AppDTO uninstall(String app, String version, String requestedBy) {
        awaitRecovery();
        return engine.uninstall(app, version, requestedBy);
    }

    @Override
    public List<AppDTO> list() {
        return engine.list();
    }

    @Override
    public Optional<AppDTO> get(String app) {
        return engine.get(app);
    }

    @Override
    public Optional<Path> find(String sha256) {
        return engine.artifact(sha256);
    }

    /** For tests in this package: the reconciler's queue. */
    Reconciler reconciler() {
        return reconciler;
    }
}
