package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.reconcile.Reconciler;
import io.hookline.installer.internal.txn.InstallRecords;
import io.hookline.installer.spi.ArtifactSource;
import io.hookline.store.RecordListener;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * Node B (the support's framework, store and engine) receives install records node A (a second
 * real Felix, store and engine in this JVM) wrote, through the store's {@code mergeAll} as the
 * cluster delivers them, and reconciles: artifacts from a peer (a source reading A's repository)
 * with the origin gone, upgrade in place, uninstall by tombstone, a record refused by B's own
 * protection rules marked failed on B only, the record kept and never rewritten (no echo).
 */
public class ReconcilerIT extends EngineTestSupport {

    private FelixFramework felixA;
    private MvRecordStore storeA;
    private InstallerEngine engineA;
    private Reconciler reconciler;
    private final List<StoredRecord> localInstallWritesOnB = new CopyOnWriteArrayList<>();
    private final AtomicInteger peerFetches = new AtomicInteger();
    private volatile boolean peerUp = true;
    private LocalHttpServer origin;

    /** A's repository as a peer: what the cluster's source does, minus the network. */
    private final ArtifactSource peerA = new ArtifactSource() {
        @Override
        public boolean fetch(String sha256, long maxBytes, Path target) throws IOException {
            if (!peerUp) {
                return false;
            }
            Optional<Path> held = engineA.artifact(sha256);
            if (held.isEmpty()) {
                return false;
            }
            peerFetches.incrementAndGet();
            Files.copy(held.get(), target);
            return true;
        }

        @Override
        public String describe() {
            return "node A";
        }
    };

    @Override
    protected InstallerSettings.Builder settings() {
        // B: no allowed host at all (a peer fetch needs none), its own protected pattern
        return InstallerSettings.builder(extensions).protect("com.acme.secret*");
    }

    @Override
    protected void prepare(InstallerEngine fresh) {
        fresh.sources = () -> List.of(peerA);
    }

    @Before
    public void startNodeA() throws Exception {
        origin = new LocalHttpServer();
        Path a = root.resolve("node-a");
        felixA = new FelixFramework(a.resolve("cache"), true);
        storeA = MvRecordStore.open(a.resolve("store.mv.db"), false);
        engineA = new InstallerEngine(InstallerSettings.builder(a.resolve("extensions"))
                .allowHosts("127.0.0.1:" + origin.port()).allowPlainHttp(true).build(), storeA, felixA.context(),
                () -> io.hookline.installer.internal.gate.HealthGate.NONE);
        engineA.recover();
        engineA.replay();
        startReconciler();
    }

    private void startReconciler() {
        store.addListener((RecordListener) (records, merged) -> {
            for (StoredRecord r : records) {
                if (!merged && r.collection().equals(InstallRecords.APPS)) {
                    localInstallWritesOnB.add(r);
                }
            }
        });
        reconciler = new Reconciler(store, engine::reconcile);
        reconciler.start();
    }

    @After
    public void stopNodeA() throws Exception {
        reconciler.close();
        engineA.close();
        felixA.close();
        storeA.close();
        origin.close();
    }

    /** What the cluster does: merges A's install records (tombstones included) into B's store. */
    private void replicateAtoB() {
        store.mergeAll(storeA.snapshot(InstallRecords.APPS));
    }

    private AppDTO awaitOnB(String app, AppDTO.Status status) {
        Await.awaitUntil("app " + app + " " + status + " on B (now " + engine.get(app).map(d -> d.status + " "
                + d.failureReason).orElse("no record") + ", pending " + reconciler.pending() + ")",
                Duration.ofSeconds(20), () -> reconciler.idle()
                        && engine.get(app).map(d -> d.status == status).orElse(false));
        return engine.get(app).orElseThrow();
    }

    @Test
    public void aRecordMergedOnBIsInstalledFromAPeerWithTheOriginGoneAndNeverRewritten() throws Exception {
        byte[] jar = quiet("com.acme.greeter", "1.0.0").bytes();
        origin.body("/greeter.jar", jar);
        AppDTO onA = engineA.install(InstallRequest.url(origin.url("/greeter.jar")).app("greeter"));
        origin.close(); // no route to the original URL any more

        replicateAtoB();
        AppDTO onB = awaitOnB("greeter", AppDTO.Status.INSTALLED);

        Bundle b = bundle("com.acme.greeter");
        assertNotNull("bundle on B", b);
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals(1, peerFetches.get());
        assertEquals(onA.version, onB.version);
        assertEquals(storeA.nodeId(), onB.origin);
        assertEquals(b.getBundleId(), onB.artifacts[0].bundleId);
        // the record on B is A's, byte for byte: B wrote no install record of its own (no echo)
        assertEquals(storeA.get(InstallRecords.APPS, "greeter").orElseThrow(),
                store.get(InstallRecords.APPS, "greeter").orElseThrow());
        assertEquals(List.of(), localInstallWritesOnB);
        assertTrue("B keeps the jar", Files.isRegularFile(extensions.resolve("greeter")
                .resolve(onA.version + "~" + store.get(InstallRecords.APPS, "greeter").orElseThrow().field("txid"))
                .resolve(onA.artifacts[0].file)));

        // B restarts with a clean cache: its boot replay applies the foreign record from its own files
        reconciler.close();
        restart(true);
        startReconciler();
        assertEquals(AppDTO.Status.INSTALLED, engine.get("greeter").orElseThrow().status);
        assertEquals(Bundle.ACTIVE, bundle("com.acme.greeter").getState());
        assertEquals("no second fetch", 1, peerFetches.get());
        assertEquals(storeA.nodeId(), store.get(InstallRecords.APPS, "greeter").orElseThrow().version().node());
    }

    @Test
    public void anUpgradeOnAIsAppliedInPlaceOnBAndAnUninstallRemovesIt() throws Exception {
        engineA.install(InstallRequest.path(jar(quiet("com.acme.up", "1.0.0"))).app("up"));
        replicateAtoB();
        awaitOnB("up", AppDTO.Status.INSTALLED);
        long id = bundle("com.acme.up").getBundleId();

        engineA.install(InstallRequest.path(jar(quiet("com.acme.up", "2.0.0"))).app("up").version("2.0.0"));
        replicateAtoB();
        Await.awaitUntil("up 2.0.0 on B", Duration.ofSeconds(20), () -> reconciler.idle()
                && engine.get("up").map(d -> d.version.equals("2.0.0") && d.status == AppDTO.Status.INSTALLED).orElse(false));
        Bundle up = bundle("com.acme.up");
        assertEquals("updated in place", id, up.getBundleId());
        assertEquals("2.0.0", up.getVersion().toString());
        assertEquals(Bundle.ACTIVE, up.getState());
        try (var s = Files.list(extensions.resolve("up"))) {
            assertEquals("only the new version's folder", 1, s.count());
        }

        engineA.uninstall("up");
        replicateAtoB();
        Await.awaitUntil("up gone from B", Duration.ofSeconds(20), () -> reconciler.idle() && bundle("com.acme.up") == null);
        assertTrue(engine.get("up").isEmpty());
        assertFalse(Files.exists(extensions.resolve("up")));
        assertTrue(store.list(InstallRecords.NODE).isEmpty());
        assertEquals(List.of(), localInstallWritesOnB);
    }

    @Test
    public void aRecordRefusedByBsOwnProtectionIsMarkedFailedOnBAndTheRecordStays() throws Exception {
        // A protects nothing extra, B protects com.acme.secret*
        AppDTO onA = engineA.install(InstallRequest.path(jar(quiet("com.acme.secret.tool", "1.0.0"))).app("tool"));
        engineA.install(InstallRequest.path(jar(quiet("com.acme.fine", "1.0.0"))).app("fine"));
        replicateAtoB();

        AppDTO failed = awaitOnB("tool", AppDTO.Status.FAILED);
        assertTrue(failed.failureReason, failed.failureReason.startsWith("PROTECTED_BUNDLE:"));
        assertTrue(failed.failureReason, failed.failureReason.contains("com.acme.secret.tool"));
        assertNull("nothing installed on B", bundle("com.acme.secret.tool"));
        assertFalse("nothing kept on B", Files.exists(extensions.resolve("tool")));
        // the cluster's desired record is untouched, on B and on A
        StoredRecord kept = store.get(InstallRecords.APPS, "tool").orElseThrow();
        assertEquals(storeA.get(InstallRecords.APPS, "tool").orElseThrow(), kept);
        assertEquals(AppDTO.Status.INSTALLED, engineA.get("tool").orElseThrow().status);
        assertEquals(onA.version, failed.version);
        // B's failure is B's own: a node-local record, never in the replicated collection
        assertEquals(AppDTO.Status.FAILED.name(), store.get(InstallRecords.NODE, "tool").orElseThrow().field("status"));
        assertEquals(List.of(), localInstallWritesOnB);
        // and B kept going: the next app is installed
        awaitOnB("fine", AppDTO.Status.INSTALLED);
        assertEquals(Bundle.ACTIVE, bundle("com.acme.fine").getState());
    }

    @Test
    public void anArtifactNoPeerHoldsWithTheOriginGoneFailsOnBNamingWhy() throws Exception {
        peerUp = false;
        origin.body("/lonely.jar", quiet("com.acme.lonely", "1.0.0").bytes());
        engineA.install(InstallRequest.url(origin.url("/lonely.jar")).app("lonely"));
        origin.close();

        replicateAtoB();
        AppDTO failed = awaitOnB("lonely", AppDTO.Status.FAILED);
        assertTrue(failed.failureReason, failed.failureReason.startsWith("SOURCE_NOT_FOUND:"));
        assertTrue(failed.failureReason, failed.failureReason.contains("node A: no holder of " + failed.artifacts[0].sha256));
        assertTrue(failed.failureReason, failed.failureReason.contains("origin url " + "http://127.0.0.1:"));
        assertNull(bundle("com.acme.lonely"));
        assertTrue(store.get(InstallRecords.APPS, "lonely").isPresent());
        assertFalse(Files.exists(extensions.resolve("lonely")));

        // a peer comes back and the record changes again (any merged write retries)
        peerUp = true;
        store.mergeAll(storeA.snapshot(InstallRecords.APPS));
        reconciler.enqueue("lonely");
        awaitOnB("lonely", AppDTO.Status.INSTALLED);
    }
}
