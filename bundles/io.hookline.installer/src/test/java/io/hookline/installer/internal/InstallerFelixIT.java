package io.hookline.installer.internal;

import io.hookline.installer.internal.txn.InstallRecords;

import static io.hookline.installer.InstallException.Reason.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.fixture.ThrowingActivator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.osgi.framework.Bundle;

/** Install, upgrade, rollback, uninstall and replay in a real Felix framework. */
public class InstallerFelixIT extends EngineTestSupport {

    @Test
    public void installsStartsAndRecords() throws Exception {
        Path jar = jar(quiet("com.acme.greeter", "1.0.0"));
        AppDTO app = engine.install(InstallRequest.path(jar).requestedBy("tester"));
        assertEquals("com.acme.greeter", app.app);
        assertEquals("1.0.0", app.version);
        assertEquals(AppDTO.Status.INSTALLED, app.status);
        assertEquals("tester", app.requestedBy);
        assertEquals("path", app.sourceType);
        assertEquals(Fixtures.sha256(Files.readAllBytes(jar)), app.sha256);
        Bundle b = bundle("com.acme.greeter");
        assertEquals(b.getBundleId(), app.artifacts[0].bundleId);
        assertEquals("hookline:com.acme.greeter/com.acme.greeter", b.getLocation());
        assertStarted(b, "1.0.0");
        assertEquals(app.id, engine.get("com.acme.greeter").orElseThrow().id);
        assertEquals(1, files().size());
        assertEquals(List.of(), store.list(InstallRecords.JOURNALS));
    }

    @Test
    public void archiveOfBundlesResolvesTogether() throws Exception {
        byte[] api = Fixtures.bundle("com.acme.api", "1.0.0").header("Export-Package", "com.acme.api;version=1.0")
                .entry("com/acme/api/Marker.txt", "x").bytes();
        byte[] impl = quiet("com.acme.impl", "1.0.0").header("Import-Package", "org.osgi.framework,com.acme.api").bytes();
        byte[] tgz = Fixtures.tarGz(Fixtures.Entry.file("hookline-app.properties", "name=acme\nversion=1.0.0".getBytes()),
                Fixtures.Entry.file("impl.jar", impl), Fixtures.Entry.file("api.jar", api));
        AppDTO app = engine.install(InstallRequest.path(writeFile("acme.tar.gz", tgz)));
        assertEquals(2, app.artifacts.length);
        assertStarted(bundle("com.acme.impl"), "1.0.0");
    }

    @Test
    public void upgradeUpdatesInPlaceKeepsIdsAndDeletesOldFiles() throws Exception {
        AppDTO v1 = engine.install(InstallRequest.path(jar(quiet("com.acme.up", "1.0.0"))).app("up"));
        long id = bundle("com.acme.up").getBundleId();
        AppDTO v2 = engine.install(InstallRequest.path(jar(quiet("com.acme.up", "1.1.0"))).app("up"));
        assertEquals("1.1.0", v2.version);
        assertEquals(v1.id, v2.id);
        assertEquals(v1.installedAt, v2.installedAt);
        assertEquals(id, bundle("com.acme.up").getBundleId());
        assertStarted(bundle("com.acme.up"), "1.1.0");
        List<Path> files = files();
        assertEquals(1, files.size());
        assertTrue(files.get(0).toString(), files.get(0).getFileName().toString().equals("com.acme.up_1.1.0.jar"));
    }

    @Test
    public void upgradeDropsBundlesTheNewVersionNoLongerHas() throws Exception {
        byte[] a = quiet("com.acme.a", "1.0.0").bytes();
        byte[] b = quiet("com.acme.b", "1.0.0").bytes();
        engine.install(InstallRequest.path(writeFile("v1.zip", Fixtures.zip(Fixtures.Entry.file("a.jar", a), Fixtures.Entry.file("b.jar", b))))
                .app("pair").version("1.0.0"));
        engine.install(InstallRequest.path(writeFile("v2.zip", Fixtures.zip(Fixtures.Entry.file("a.jar", quiet("com.acme.a", "2.0.0").bytes()))))
                .app("pair").version("2.0.0"));
        assertNull(bundle("com.acme.b"));
        assertNotRunning("com.acme.b");
        assertStarted(bundle("com.acme.a"), "2.0.0");
    }

    @Test
    public void sameOrLowerVersionRefusedUnlessForced() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.v", "2.0.0"))).app("v"));
        InstallException same = expect(() -> engine.install(InstallRequest.path(jar(quiet("com.acme.v", "2.0.0"))).app("v")));
        assertEquals(VERSION_NOT_NEWER, same.reason());
        assertEquals("app v 2.0.0 is installed; 2.0.0 is the same version (use --force, or InstallRequest.force(), to replace it)", same.getMessage());
        InstallException lower = expect(() -> engine.install(InstallRequest.path(jar(quiet("com.acme.v", "1.9.9"))).app("v")));
        assertEquals("app v 2.0.0 is installed; 1.9.9 is lower (use --force, or InstallRequest.force(), to replace it)", lower.getMessage());
        assertEquals(1, files().size());
        AppDTO down = engine.install(InstallRequest.path(jar(quiet("com.acme.v", "1.9.9"))).app("v").force());
        assertEquals("1.9.9", down.version);
        assertStarted(bundle("com.acme.v"), "1.9.9");
        assertEquals(1, files().size());
    }

    @Test
    public void unresolvableImportRollsBackAFreshInstall() throws Exception {
        Path jar = jar(quiet("com.acme.needy", "1.0.0").header("Import-Package", "org.osgi.framework,com.missing.pkg"));
        assertRefused(() -> engine.install(InstallRequest.path(jar)), UNRESOLVED, e -> {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bundle com.acme.needy does not resolve: "));
            assertTrue(e.getMessage(), e.getMessage().contains("com.missing.pkg"));
        });
    }

    @Test
    public void throwingActivatorDuringUpgradeRestoresTheOldVersion() throws Exception {
        AppDTO v1 = engine.install(InstallRequest.path(jar(quiet("com.acme.flaky", "1.0.0"))).app("flaky"));
        Path bad = jar(Fixtures.bundle("com.acme.flaky", "2.0.0").activator(ThrowingActivator.class));
        InstallException e = expect(() -> engine.install(InstallRequest.path(bad).app("flaky")));
        assertEquals(START_FAILED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().startsWith("bundle com.acme.flaky failed to start: "));
        assertTrue(e.getMessage(), e.getMessage().contains("java.lang.IllegalStateException: boom from the activator"));
        AppDTO after = engine.get("flaky").orElseThrow();
        assertEquals("1.0.0", after.version);
        assertEquals(v1.id, after.id);
        assertStarted(bundle("com.acme.flaky"), "1.0.0");
        assertEquals("1.0.0", bundle("com.acme.flaky").getVersion().toString());
        assertEquals(1, files().size());
        assertEquals(List.of(), store.list(InstallRecords.JOURNALS));
    }

    @Test
    public void failingHealthGateRollsBack() throws Exception {
        gate = (app, ids, timeout) -> {
            throw new InstallException(HEALTH_CHECK_FAILED, "app " + app + " failed its health gate after 0 ms: plugin p is DOWN: nope");
        };
        Path jar = jar(quiet("com.acme.sick", "1.0.0"));
        assertRefused(InstallRequest.path(jar), HEALTH_CHECK_FAILED,
                "app com.acme.sick failed its health gate after 0 ms: plugin p is DOWN: nope");
        assertNotRunning("com.acme.sick");
    }

    @Test
    public void uninstallRemovesBundlesFilesAndRecord() throws Exception {
        AppDTO installed = engine.install(InstallRequest.path(jar(quiet("com.acme.gone", "1.0.0"))).app("gone"));
        List<Set<Long>> cleaned = new ArrayList<>();
        cleanup = (app, ids) -> cleaned.add(ids);
        InstallException wrong = expect(() -> engine.uninstall("gone", "2.0.0"));
        assertEquals(NOT_INSTALLED, wrong.reason());
        assertEquals("app gone is installed in version 1.0.0, not 2.0.0", wrong.getMessage());
        AppDTO was = engine.uninstall("gone", "1.0.0");
        assertEquals("1.0.0", was.version);
        assertNotRunning("com.acme.gone");
        assertEquals("plugins unregistered before the bundles went", List.of(Set.of(installed.artifacts[0].bundleId)), cleaned);
        assertNothingLeft();
        InstallException missing = expect(() -> engine.uninstall("gone"));
        assertEquals("app gone is not installed", missing.getMessage());
    }

    @Test
    public void replayAfterCleanCacheReinstallsAndKeepsTheRecordId() throws Exception {
        AppDTO first = engine.install(InstallRequest.path(jar(quiet("com.acme.back", "1.2.0"))).app("back"));
        restart(true);
        Bundle b = bundle("com.acme.back");
        assertNotNull("reinstalled", b);
        assertStarted(b, "1.2.0");
        AppDTO replayed = engine.get("back").orElseThrow();
        assertEquals(first.id, replayed.id);
        assertEquals(AppDTO.Status.INSTALLED, replayed.status);
        assertEquals(b.getBundleId(), replayed.artifacts[0].bundleId);
    }

    @Test
    public void replayWithKeptCacheChangesNothing() throws Exception {
        AppDTO first = engine.install(InstallRequest.path(jar(quiet("com.acme.kept", "1.0.0"))).app("kept"));
        restart(false);
        AppDTO after = engine.get("kept").orElseThrow();
        assertEquals(first.artifacts[0].bundleId, after.artifacts[0].bundleId);
        assertEquals(first.updatedAt, after.updatedAt);
        assertStarted(bundle("com.acme.kept"), "1.0.0");
    }

    @Test
    public void tamperedArtifactIsolatesOneAppOthersStillStart() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.good", "1.0.0"))).app("good"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.evil", "1.0.0"))).app("evil"));
        Path stored = files().stream().filter(p -> p.getFileName().toString().startsWith("com.acme.evil")).findFirst().orElseThrow();
        Files.write(stored, quiet("com.acme.evil", "6.6.6").bytes());
        restart(true);
        assertStarted(bundle("com.acme.good"), "1.0.0");
        assertNull(bundle("com.acme.evil"));
        AppDTO evil = engine.get("evil").orElseThrow();
        assertEquals(AppDTO.Status.FAILED, evil.status);
        assertTrue(evil.failureReason, evil.failureReason.startsWith("ARTIFACT_TAMPERED: stored artifact "));
        // a forced reinstall brings it back
        AppDTO fixed = engine.install(InstallRequest.path(jar(quiet("com.acme.evil", "1.0.0"))).app("evil"));
        assertEquals(AppDTO.Status.INSTALLED, fixed.status);
        assertEquals(evil.id, fixed.id);
    }

    @Test
    public void concurrentInstallsOfOneAppAreSerialised() throws Exception {
        Path jar = jar(quiet("com.acme.race", "1.0.0"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppDTO>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit((Callable<AppDTO>) () -> {
                go.await();
                return engine.install(InstallRequest.path(jar).app("race"));
            }));
        }
        go.countDown();
        int ok = 0, refused = 0;
        for (Future<AppDTO> f : results) {
            try {
                f.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals(VERSION_NOT_NEWER, ((InstallException) e.getCause()).reason());
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(3, refused);
        assertEquals(1, managed().size());
        assertEquals(1, files().size());
    }

    @Test
    public void differentAppsInstallInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<AppDTO>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path jar = jar(quiet("com.acme.par" + i, "1.0.0"));
            results.add(pool.submit(() -> engine.install(InstallRequest.path(jar))));
        }
        for (Future<AppDTO> f : results) {
            assertEquals(AppDTO.Status.INSTALLED, f.get().status);
        }
        pool.shutdown();
        assertEquals(3, engine.list().size());
    }

    @Test
    public void planChangesNothing() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.p", "1.0.0"))).app("p"));
        List<Path> before = files();
        byte[] zip = Fixtures.zip(Fixtures.Entry.file("p.jar", quiet("com.acme.p", "2.0.0").bytes()),
                Fixtures.Entry.file("q.jar", quiet("com.acme.q", "1.0.0").bytes()));
        InstallPlanDTO plan = engine.plan(InstallRequest.path(writeFile("p2.zip", zip)).app("p").version("2.0.0"));
        assertEquals(InstallPlanDTO.Action.UPGRADE, plan.action);
        assertEquals("1.0.0", plan.currentVersion);
        assertEquals(List.of("com.acme.q"), List.of(plan.install));
        assertEquals(List.of("com.acme.p"), List.of(plan.update));
        assertEquals(List.of("com.acme.p", "com.acme.q"), List.of(plan.start));
        assertNull(plan.refusal);
        assertEquals(before, files());
        assertEquals("1.0.0", engine.get("p").orElseThrow().version);
        InstallPlanDTO same = engine.plan(InstallRequest.path(jar(quiet("com.acme.p", "1.0.0"))).app("p"));
        assertEquals(InstallPlanDTO.Action.REINSTALL, same.action);
        assertEquals("VERSION_NOT_NEWER: app p 1.0.0 is installed; 1.0.0 is the same version (use --force, or InstallRequest.force(), to replace it)", same.refusal);
        assertFalse(Files.list(extensions.resolve(".staging")).findAny().isPresent());
    }

    @Test
    public void interruptedInstallingThreadNeverBreaksTheStore() throws Exception {
        engine.steps = (app, step) -> {
            if (step == io.hookline.installer.internal.txn.Step.JOURNAL_WRITTEN) {
                Thread.currentThread().interrupt();
            }
        };
        Path jar = jar(quiet("com.acme.intr", "1.0.0"));
        InstallException refused = null;
        AppDTO installed = null;
        try {
            installed = engine.install(InstallRequest.path(jar).app("intr"));
        } catch (InstallException e) {
            refused = e;
        }
        // the caller's interrupt is never swallowed, whatever the outcome
        assertTrue("interrupt status kept for the caller", Thread.interrupted());
        if (refused != null) {
            // Felix's resolver may honour the interrupt: then the install is cancelled and rolled back
            assertEquals(INTERRUPTED, refused.reason());
            assertEquals("install of app intr was interrupted and rolled back", refused.getMessage());
            assertNothingLeft();
        } else {
            assertEquals(AppDTO.Status.INSTALLED, installed.status);
            assertEquals(List.of(), store.list(InstallRecords.JOURNALS));
        }
        store.put("probe", "k", java.util.Map.of("still", "open"));
        assertEquals("open", store.get("probe", "k").orElseThrow().field("still"));
    }

    @Test
    public void replayBringsUpAppsThatNeedALaterApp() throws Exception {
        // "a-consumer" sorts before "b-provider" but imports its package
        engine.install(InstallRequest.path(jar(Fixtures.bundle("com.acme.provider", "1.0.0")
                .header("Export-Package", "com.acme.provided;version=1.0").entry("com/acme/provided/x.txt", "x")))
                .app("b-provider"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.consumer", "1.0.0")
                .header("Import-Package", "org.osgi.framework,com.acme.provided"))).app("a-consumer"));
        restart(true);
        assertEquals(AppDTO.Status.INSTALLED, engine.get("a-consumer").orElseThrow().status);
        assertEquals(AppDTO.Status.INSTALLED, engine.get("b-provider").orElseThrow().status);
        assertStarted(bundle("com.acme.consumer"), "1.0.0");
    }

    @Test
    public void concurrentAppsCannotBothClaimOneSymbolicName() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppDTO>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path jar = jar(quiet("com.acme.claimed", "1." + i + ".0"));
            String app = "claim" + i;
            results.add(pool.submit(() -> {
                go.await();
                return engine.install(InstallRequest.path(jar).app(app));
            }));
        }
        go.countDown();
        int ok = 0;
        for (Future<AppDTO> f : results) {
            try {
                f.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals(BUNDLE_CONFLICT, ((InstallException) e.getCause()).reason());
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(1, managed().size());
        assertEquals(1, engine.list().size());
        assertEquals(1, files().size());
    }

    @Test
    public void failedInstallOverAFailedAppKeepsItIsolated() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.iso", "1.0.0"))).app("iso"));
        Path stored = files().get(0);
        Files.write(stored, quiet("com.acme.iso", "6.6.6").bytes());
        restart(true);
        assertEquals(AppDTO.Status.FAILED, engine.get("iso").orElseThrow().status);
        Path bad = jar(Fixtures.bundle("com.acme.iso", "2.0.0").activator(ThrowingActivator.class));
        assertEquals(START_FAILED, expect(() -> engine.install(InstallRequest.path(bad).app("iso"))).reason());
        assertNull("a FAILED app stays without bundles", bundle("com.acme.iso"));
        assertEquals(AppDTO.Status.FAILED, engine.get("iso").orElseThrow().status);
    }

    @Test
    public void announcesEveryChange() throws Exception {
        List<String> seen = new ArrayList<>();
        engine.listener = (topic, props) -> seen.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + props.get("app")
                + " " + props.get("version") + (props.containsKey("previousVersion") ? " from " + props.get("previousVersion") : "")
                + (props.containsKey("reason") ? " " + props.get("reason") : ""));
        engine.install(InstallRequest.path(jar(quiet("com.acme.ev", "1.0.0"))).app("ev").requestedBy("me"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.ev", "1.1.0"))).app("ev"));
        expect(() -> engine.install(InstallRequest.path(jar(quiet("com.acme.ev", "1.0.0"))).app("ev")));
        engine.uninstall("ev");
        assertEquals(List.of("INSTALLED ev 1.0.0", "UPGRADED ev 1.1.0 from 1.0.0",
                "FAILED ev 1.0.0 VERSION_NOT_NEWER: app ev 1.1.0 is installed; 1.0.0 is lower (use --force, or InstallRequest.force(), to replace it)",
                "UNINSTALLED ev 1.1.0"), seen);
    }

    static InstallException expect(ThrowingRunnable r) {
        try {
            r.run();
        } catch (InstallException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no InstallException");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Item 17: an uninstall names who asked (it used to record no requester: the event said ""). */
    @Test
    public void uninstallRecordsTheRequester() throws Exception {
        engine.install(InstallRequest.path(jar(quiet("com.acme.who", "1.0.0"))).app("who").requestedBy("shell:alice"));
        List<String> seen = new ArrayList<>();
        engine.listener = (topic, props) -> seen.add(topic.substring(topic.lastIndexOf('/') + 1) + " "
                + props.get(io.hookline.installer.Installer.EVENT_REQUESTED_BY));
        engine.uninstall("who", null, "shell:bob");
        assertEquals(List.of("UNINSTALLED shell:bob"), seen);
    }
}
