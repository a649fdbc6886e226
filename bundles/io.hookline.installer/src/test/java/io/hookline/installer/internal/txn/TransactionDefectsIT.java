package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.ARTIFACT_TAMPERED;
import static io.hookline.installer.InstallException.Reason.INTERRUPTED;
import static io.hookline.installer.InstallException.Reason.IO_ERROR;
import static io.hookline.installer.InstallException.Reason.UNRESOLVED;
import static io.hookline.installer.internal.Await.awaitUntil;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.EngineTestSupport;
import io.hookline.installer.internal.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Defects of the install transaction seen in a running framework (issue 8, items 10-16), each
 * pinned in a real Felix with the file-backed store.
 */
public class TransactionDefectsIT extends EngineTestSupport {

    /** Item 10: a store failure at commit rolls the new bundles back instead of leaving them unrecorded. */
    @Test
    public void failedCommitRollsBack() throws Exception {
        Path jar = jar(quiet("com.acme.commit", "1.0.0"));
        faults.failPutsTo = InstallRecords.APPS;
        try {
            engine.install(InstallRequest.path(jar).app("commit"));
            fail("expected IO_ERROR");
        } catch (InstallException e) {
            assertEquals(e.getMessage(), IO_ERROR, e.reason());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot commit the record of app commit: "));
        }
        faults.failPutsTo = null;
        assertNotRunning("com.acme.commit");
        assertNothingLeft();
    }

    /** Item 10, upgrade: the previous version is back and running after a failed commit. */
    @Test
    public void failedCommitOfUpgradeRestoresPreviousVersion() throws Exception {
        AppDTO v1 = engine.install(InstallRequest.path(jar(quiet("com.acme.commit", "1.0.0"))).app("commit"));
        faults.failPutsTo = InstallRecords.APPS;
        try {
            engine.install(InstallRequest.path(jar(quiet("com.acme.commit", "2.0.0"))).app("commit"));
            fail("expected IO_ERROR");
        } catch (InstallException e) {
            assertEquals(e.getMessage(), IO_ERROR, e.reason());
        }
        faults.failPutsTo = null;
        assertStarted(bundle("com.acme.commit"), "1.0.0");
        assertEquals(v1.id, engine.get("commit").orElseThrow().id);
        assertEquals("1.0.0", engine.get("commit").orElseThrow().version);
        assertEquals(1, files().size());
    }

    /** Item 12: a rollback re-hashes the stored files it restores; a tampered one is not run. */
    @Test
    public void rollbackRefusesTamperedStoredArtifact() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.tamper", "1.0.0"))).app("tamper"));
        Path stored = files().get(0);
        Files.write(stored, quiet("com.acme.tamper", "6.6.6").bytes());
        try {
            engine.install(InstallRequest.path(jar(quiet("com.acme.tamper", "2.0.0")
                    .header("Import-Package", "org.osgi.framework,com.acme.missing"))).app("tamper"));
            fail("expected UNRESOLVED");
        } catch (InstallException e) {
            assertEquals(e.getMessage(), UNRESOLVED, e.reason());
        }
        Bundle b = bundle("com.acme.tamper");
        assertTrue("tampered code must not run", b == null || !b.getVersion().toString().equals("6.6.6"));
        assertNotRunning("com.acme.tamper");
        AppDTO app = engine.get("tamper").orElseThrow();
        assertEquals(AppDTO.Status.FAILED, app.status);
        assertTrue(app.failureReason, app.failureReason.startsWith(ARTIFACT_TAMPERED + ": stored artifact "));
    }

    /** Item 16: recovery leaves alone whatever in the extensions folder is not Hookline's. */
    @Test
    public void recoveryTouchesOnlyHooklineFolders() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.mine", "1.0.0"))).app("mine"));
        Path notes = Fixtures.write(extensions, "notes.txt", "keep me".getBytes());
        Path photo = Fixtures.write(extensions.resolve("photos"), "cat.jpg", "meow".getBytes());
        Path inMine = Fixtures.write(extensions.resolve("mine"), "README", "mine too".getBytes());
        Path inVersion = Fixtures.write(extensions.resolve("mine").resolve("1.0.0-notes"), "x.txt", "x".getBytes());
        restart(false);
        assertTrue(Files.exists(notes));
        assertTrue(Files.exists(photo));
        assertTrue(Files.exists(inMine));
        assertTrue(Files.exists(inVersion));
        assertStarted(bundle("com.acme.mine"), "1.0.0");
        engine.uninstall("mine");
        assertTrue("uninstall keeps foreign files", Files.exists(inMine) && Files.exists(notes) && Files.exists(photo));
    }

    /**
     * Item 16, empty folders: an operator's empty directory in the extensions folder (a mount point,
     * a folder made ready for later) is not Hookline's either, so neither recovery nor an uninstall
     * removes it; only an app folder that Hookline emptied goes.
     */
    @Test
    public void recoveryKeepsForeignEmptyFolders() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.mine", "1.0.0"))).app("mine"));
        Path mountPoint = Files.createDirectories(extensions.resolve("mnt"));
        Path emptyInside = Files.createDirectories(extensions.resolve("backups").resolve("2026"));
        restart(false);
        assertTrue("recovery keeps an empty foreign folder", Files.isDirectory(mountPoint));
        assertTrue("recovery keeps an empty foreign subfolder", Files.isDirectory(emptyInside));
        engine.uninstall("mine");
        assertFalse("the app folder Hookline emptied goes", Files.exists(extensions.resolve("mine")));
        restart(false);
        assertTrue(Files.isDirectory(mountPoint));
        assertTrue(Files.isDirectory(emptyInside));
    }

    /** Item 14: an install refreshes only its own pending bundles, not another's left pending by someone else. */
    @Test
    public void installRefreshesOnlyItsOwnPendingBundles() throws Exception {
        var ctx = felix.context();
        Bundle provider = ctx.installBundle("test:provider", new java.io.ByteArrayInputStream(Fixtures
                .bundle("com.acme.other.provider", "1.0.0").header("Export-Package", "com.acme.other;version=1.0").bytes()));
        Bundle consumer = ctx.installBundle("test:consumer", new java.io.ByteArrayInputStream(Fixtures
                .bundle("com.acme.other.consumer", "1.0.0").header("Import-Package", "com.acme.other").bytes()));
        consumer.start();
        provider.update(new java.io.ByteArrayInputStream(Fixtures.bundle("com.acme.other.provider", "1.1.0")
                .header("Export-Package", "com.acme.other;version=1.1").bytes()));
        FrameworkWiring fw = ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        assertTrue("set up: provider pending", fw.getRemovalPendingBundles().contains(provider));
        engine.install(InstallRequest.path(jar(quiet("com.acme.own", "1.0.0"))).app("own"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.own", "1.1.0"))).app("own"));
        engine.uninstall("own");
        assertTrue("another's pending bundle is not refreshed", fw.getRemovalPendingBundles().contains(provider));
        assertEquals(Bundle.ACTIVE, consumer.getState());
    }

    /** Item 11: an upgrade that takes a package away from another app's bundle is rolled back, naming it. */
    @Test
    public void upgradeLeavingDependentUnresolvedRollsBack() throws Exception {
        engine.install(InstallRequest.path(jar(Fixtures.bundle("com.acme.shared", "1.0.0")
                .header("Export-Package", "com.acme.shared;version=1.0").entry("com/acme/shared/x.txt", "x"))).app("shared"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.user", "1.0.0")
                .header("Import-Package", "org.osgi.framework,com.acme.shared"))).app("user"));
        try {
            engine.install(InstallRequest.path(jar(Fixtures.bundle("com.acme.shared", "2.0.0"))).app("shared"));
            fail("expected UNRESOLVED");
        } catch (InstallException e) {
            assertEquals(e.getMessage(), UNRESOLVED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().startsWith("upgrade of app shared would leave bundle com.acme.user"
                    + " of app user unresolved: "));
        }
        assertEquals("1.0.0", engine.get("shared").orElseThrow().version);
        assertEquals("1.0.0", bundle("com.acme.shared").getVersion().toString());
        assertStarted(bundle("com.acme.user"), "1.0.0");
    }

    /** Item 13: closing the engine waits for an install in flight, which commits; later calls are refused. */
    @Test
    public void closeDrainsInFlightInstall() throws Exception {
        CountDownLatch inGate = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        gate = (app, ids, timeout) -> {
            inGate.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Path jar = jar(quiet("com.acme.drain", "1.0.0"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<AppDTO> install = pool.submit(() -> engine.install(InstallRequest.path(jar).app("drain")));
            assertTrue("install reached the gate", inGate.await(30, TimeUnit.SECONDS));
            Thread[] closer = new Thread[1];
            Future<?> close = pool.submit(() -> {
                closer[0] = Thread.currentThread();
                engine.close();
            });
            awaitUntil("close() is waiting or done", Duration.ofSeconds(10),
                    () -> close.isDone() || (closer[0] != null && (closer[0].getState() == Thread.State.TIMED_WAITING
                            || closer[0].getState() == Thread.State.WAITING)));
            assertFalse("close() returned while an install was in flight", close.isDone());
            release.countDown();
            AppDTO app = install.get(30, TimeUnit.SECONDS);
            close.get(30, TimeUnit.SECONDS);
            assertEquals(AppDTO.Status.INSTALLED, app.status);
            assertEquals(1, store.list(InstallRecords.APPS).size());
            assertEquals(0, store.list(InstallRecords.JOURNALS).size());
            try {
                engine.install(InstallRequest.path(jar).app("drain2"));
                fail("expected INTERRUPTED after close");
            } catch (InstallException e) {
                assertEquals(INTERRUPTED, e.reason());
                assertEquals("the installer is shutting down (reconfigured or stopped); try again", e.getMessage());
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertNotEquals(null, bundle("com.acme.drain"));
    }
}
