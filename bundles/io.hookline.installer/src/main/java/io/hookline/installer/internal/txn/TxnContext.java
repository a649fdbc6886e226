package io.hookline.installer.internal.txn;

import io.hookline.installer.internal.InstallerSettings;
import io.hookline.installer.internal.deploy.BundleDeployer;
import io.hookline.installer.internal.gate.HealthGate;
import io.hookline.installer.internal.gate.PluginCleanup;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What every transaction role ({@link InstallTransaction}, {@link Rollback}, {@link Uninstaller},
 * {@link Recovery}, {@link Replayer}) works with: one engine's settings, records, files, deployer,
 * locks, health gate, plugin cleanup and outlets (steps for the crash tests, change events, audit).
 * Built once by the engine. Threading: immutable references to thread-safe parts; the suppliers are
 * read per use because the engine's optional services come and go.
 */
public final class TxnContext {

    public final InstallerSettings settings;
    public final InstallRecords records;
    public final AppFiles files;
    public final BundleDeployer deployer;
    public final AppLocks locks;
    private final Supplier<HealthGate> gate;
    private final Supplier<PluginCleanup> cleanup;
    private final Supplier<StepListener> steps;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Supplier<AuditTrail> audit;
    private final Supplier<ForeignArtifacts> foreign;

    public TxnContext(InstallerSettings settings, InstallRecords records, BundleDeployer deployer, AppLocks locks,
            Supplier<HealthGate> gate, Supplier<PluginCleanup> cleanup, Supplier<StepListener> steps,
            BiConsumer<String, Map<String, Object>> events, Supplier<AuditTrail> audit) {
        this(settings, records, deployer, locks, gate, cleanup, steps, events, audit, () -> ForeignArtifacts.NONE);
    }

    public TxnContext(InstallerSettings settings, InstallRecords records, BundleDeployer deployer, AppLocks locks,
            Supplier<HealthGate> gate, Supplier<PluginCleanup> cleanup, Supplier<StepListener> steps,
            BiConsumer<String, Map<String, Object>> events, Supplier<AuditTrail> audit,
            Supplier<ForeignArtifacts> foreign) {
        this.foreign = foreign;
        this.settings = settings;
        this.records = records;
        this.files = new AppFiles(settings.extensionsDir);
        this.deployer = deployer;
        this.locks = locks;
        this.gate = gate;
        this.cleanup = cleanup;
        this.steps = steps;
        this.events = events;
        this.audit = audit;
    }

    /** @return the current health gate */
    public HealthGate gate() {
        return gate.get();
    }

    /** @return the current plugin cleanup */
    public PluginCleanup cleanup() {
        return cleanup.get();
    }

    /** Reports a step of the crash protocol. */
    public void reached(String app, Step step) {
        steps.get().reached(app, step);
    }

    /** Tells the listeners of a completed change (their failures are theirs). */
    public void announce(String topic, Map<String, Object> properties) {
        events.accept(topic, Map.copyOf(properties));
    }

    /** @return how a foreign record's missing files are obtained */
    public ForeignArtifacts foreignArtifacts() {
        return foreign.get();
    }

    /** @return where operations are written down for the audit log */
    public AuditTrail audit() {
        return audit.get();
    }
}
