package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.NOT_INSTALLED;
import static io.hookline.installer.Installer.EVENT_APP;
import static io.hookline.installer.Installer.EVENT_REQUESTED_BY;
import static io.hookline.installer.Installer.EVENT_VERSION;
import static io.hookline.installer.Installer.TOPIC_UNINSTALLED;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.internal.txn.InstallRecords.Journal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.framework.Bundle;

/**
 * Uninstalls an app (protocol: journal, bundles, record, files, journal). Once its journal is
 * written an uninstall only goes forward, and {@link #finish} is idempotent, so recovery finishes
 * an interrupted one by calling it again. Threading: the caller holds the app's lock.
 */
public final class Uninstaller {

    private static final System.Logger LOG = System.getLogger(Uninstaller.class.getName());

    private final TxnContext txn;

    public Uninstaller(TxnContext txn) {
        this.txn = txn;
    }

    /**
     * @param app the app
     * @param version the version that must be installed, or null for any
     * @param requestedBy who asked, recorded in the event and the audit log
     * @return the app as it was
     */
    public AppDTO uninstall(String app, String version, String requestedBy) {
        InstalledApp current = txn.records.get(app).orElseThrow(
                () -> new InstallException(NOT_INSTALLED, "app " + app + " is not installed"));
        if (version != null && AppVersion.parse(version).compareTo(AppVersion.parse(current.dto().version)) != 0) {
            throw new InstallException(NOT_INSTALLED, "app " + app + " is installed in version "
                    + current.dto().version + ", not " + version);
        }
        txn.records.putJournal(Journal.uninstall(app, UUID.randomUUID().toString(), current.dir()));
        txn.reached(app, Step.UNINSTALL_JOURNAL_WRITTEN);
        finish(app);
        txn.announce(TOPIC_UNINSTALLED, Map.of(EVENT_APP, app, EVENT_VERSION, current.dto().version,
                EVENT_REQUESTED_BY, requestedBy));
        txn.audit().write(new AuditTrail.Entry(requestedBy, "uninstall", "ok", app, current.dto().version,
                current.dto().sha256, "", current.dto().source, ""));
        return current.dto();
    }

    /** Steps 2-4 of an uninstall; idempotent. */
    public void finish(String app) {
        Set<Long> ids = new HashSet<>();
        txn.deployer.managed(app).values().forEach(b -> ids.add(b.getBundleId()));
        try {
            txn.cleanup().unregisterPlugins(app, ids);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot unregister the plugins of app " + app, e);
        }
        for (Bundle b : txn.deployer.managed(app).values()) {
            txn.deployer.stopQuietly(b);
            txn.deployer.uninstall(b);
        }
        txn.deployer.refreshPending(ids);
        txn.reached(app, Step.UNINSTALL_BUNDLES_REMOVED);
        txn.records.delete(app);
        txn.reached(app, Step.UNINSTALL_RECORD_DELETED);
        txn.files.deleteOtherVersions(app, null);
        txn.records.deleteJournal(app);
    }
}
