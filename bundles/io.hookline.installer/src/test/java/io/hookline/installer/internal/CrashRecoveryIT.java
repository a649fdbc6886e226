package io.hookline.installer.internal;

import io.hookline.installer.internal.txn.InstallRecords;

import static io.hookline.installer.internal.Fixtures.Entry.file;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.txn.Step;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * The crash proof: a child JVM runs an install, upgrade or uninstall and is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at each step of the protocol; this JVM then restarts on the
 * same store, extensions folder and framework cache (kept, or wiped as by Karaf's {@code clean})
 * and checks that recovery left either the complete old state or the complete new one.
 */
public class CrashRecoveryIT extends EngineTestSupport {

    private static final List<Step> INSTALL_STEPS = List.of(Step.STAGED, Step.FILES_MOVED, Step.JOURNAL_WRITTEN,
            Step.BUNDLES_APPLIED, Step.RESOLVED, Step.STARTED, Step.COMMITTED, Step.CLEANED);

    private Path v1;
    private Path v2;
    /** A v2 whose second bundle does not resolve: its install rolls back. */
    private Path v2bad;

    private void fixtures() throws Exception {
        v1 = writeFile("v1.zip", Fixtures.zip(file("a.jar", quiet("com.acme.crash.a", "1.0.0").bytes()),
                file("b.jar", quiet("com.acme.crash.b", "1.0.0").bytes()),
                file("hookline-app.properties", "version=1.0.0".getBytes())));
        v2 = writeFile("v2.zip", Fixtures.zip(file("a.jar", quiet("com.acme.crash.a", "2.0.0").bytes()),
                file("c.jar", quiet("com.acme.crash.c", "2.0.0").bytes()),
                file("hookline-app.properties", "version=2.0.0".getBytes())));
        v2bad = writeFile("v2bad.zip", Fixtures.zip(file("a.jar", quiet("com.acme.crash.a", "2.0.0").bytes()),
                file("c.jar", quiet("com.acme.crash.c", "2.0.0").header("Import-Package",
                        "org.osgi.framework,com.acme.missing").bytes()),
                file("hookline-app.properties", "version=2.0.0".getBytes())));
    }

    private static final List<String> OLD = List.of("com.acme.crash.a", "com.acme.crash.b");

    /** Killed after the first of two bundles of the new version was applied: the old version is back. */
    @Test
    public void killedInsideMultiBundleApplyKeepsOld() throws Exception {
        fixtures();
        for (boolean clean : new boolean[] {false, true}) {
            reset();
            engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(Step.BUNDLE_APPLIED, "install", "crash", v2.toString());
            boot(clean);
            assertVersion(Step.BUNDLE_APPLIED, "1.0.0", OLD, "com.acme.crash.c");
        }
    }

    /** Killed while a failed upgrade rolls back (before and after its first restored bundle). */
    @Test
    public void killedInsideRollbackKeepsOld() throws Exception {
        fixtures();
        for (Step step : List.of(Step.ROLLBACK_STARTED, Step.ROLLBACK_BUNDLE_RESTORED)) {
            reset();
            engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(step, "install", "crash", v2bad.toString());
            boot(false);
            assertVersion(step, "1.0.0", OLD, "com.acme.crash.c");
        }
    }

    /** Killed again inside the recovery of an interrupted upgrade, or of an interrupted uninstall. */
    @Test
    public void killedInsideRecoveryIsRecoveredByTheNext() throws Exception {
        fixtures();
        for (Step step : List.of(Step.RECOVERY_JOURNAL, Step.ROLLBACK_STARTED, Step.ROLLBACK_BUNDLE_RESTORED)) {
            reset();
            engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(Step.BUNDLES_APPLIED, "install", "crash", v2.toString());
            killChildAt(step, "boot", "crash", null);
            boot(false);
            assertVersion(step, "1.0.0", OLD, "com.acme.crash.c");
        }
        reset();
        engine.install(InstallRequest.path(v1).app("crash"));
        killChildAt(Step.UNINSTALL_JOURNAL_WRITTEN, "uninstall", "crash", null);
        killChildAt(Step.UNINSTALL_BUNDLES_REMOVED, "boot", "crash", null);
        boot(false);
        assertNothingLeft();
    }

    /**
     * Item 12 at boot: an upgrade killed mid-way whose previous stored file was tampered with is
     * rolled back by the recovery without running the tampered file: the app is isolated and FAILED.
     */
    @Test
    public void recoveryRollbackRefusesTamperedStoredFile() throws Exception {
        fixtures();
        reset();
        engine.install(InstallRequest.path(v1).app("crash"));
        killChildAt(Step.BUNDLES_APPLIED, "install", "crash", v2.toString());
        Path storedA;
        try (var s = java.nio.file.Files.walk(extensions)) {
            storedA = s.filter(p -> p.getFileName().toString().equals("com.acme.crash.a_1.0.0.jar")).findFirst().orElseThrow();
        }
        Files.write(storedA, quiet("com.acme.crash.a", "6.6.6").bytes());
        boot(false);
        AppDTO app = engine.get("crash").orElseThrow();
        assertEquals(AppDTO.Status.FAILED, app.status);
        assertTrue(app.failureReason, app.failureReason.startsWith("ARTIFACT_TAMPERED: stored artifact "));
        assertEquals("isolated", List.of(), managed());
        assertEquals(List.of(), store.list(InstallRecords.JOURNALS));
    }

    /** Killed after the replay of a clean cache reinstalled the first of two bundles: the next boot completes it. */
    @Test
    public void killedDuringReplayIsCompletedByTheNextBoot() throws Exception {
        fixtures();
        for (boolean clean : new boolean[] {false, true}) {
            reset();
            AppDTO old = engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(Step.REPLAY_BUNDLE_INSTALLED, "boot-clean", "crash", null);
            boot(clean);
            assertVersion(Step.REPLAY_BUNDLE_INSTALLED, "1.0.0", OLD, "com.acme.crash.c");
            assertEquals(old.id, engine.get("crash").orElseThrow().id);
        }
    }

    @Test
    public void upgradeKilledAtEveryStepKeepsOldOrNewWithKeptCache() throws Exception {
        upgradeAtEveryStep(false);
    }

    @Test
    public void upgradeKilledAtEveryStepKeepsOldOrNewWithCleanCache() throws Exception {
        upgradeAtEveryStep(true);
    }

    private void upgradeAtEveryStep(boolean clean) throws Exception {
        fixtures();
        for (Step step : INSTALL_STEPS) {
            reset();
            AppDTO old = engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(step, "install", "crash", v2.toString());
            boot(clean);
            AppDTO now = engine.get("crash").orElseThrow();
            assertEquals(step + ": record id kept", old.id, now.id);
            if (step.compareTo(Step.COMMITTED) < 0) {
                assertVersion(step, "1.0.0", List.of("com.acme.crash.a", "com.acme.crash.b"), "com.acme.crash.c");
            } else {
                assertVersion(step, "2.0.0", List.of("com.acme.crash.a", "com.acme.crash.c"), "com.acme.crash.b");
            }
        }
    }

    /**
     * Item 15: the rollback after a crash undoes what the journal says was done, not what the wall
     * clock suggests: a journal whose start time lies an hour after the bundles' update (a clock
     * stepped back by NTP after the journal was written) still has the updated bundle put back.
     */
    @Test
    public void rollbackAfterClockStepUsesTheJournal() throws Exception {
        fixtures();
        reset();
        engine.install(InstallRequest.path(v1).app("crash"));
        killChildAt(Step.BUNDLES_APPLIED, "install", "crash", v2.toString());
        try (io.hookline.store.internal.MvRecordStore s = io.hookline.store.internal.MvRecordStore.open(storeFile, false)) {
            var journal = s.get(InstallRecords.JOURNALS, "crash").orElseThrow();
            var fields = new java.util.HashMap<>(journal.fields());
            fields.put("startedAt", Long.toString(System.currentTimeMillis() + 3_600_000));
            s.put(InstallRecords.JOURNALS, "crash", fields);
        }
        boot(false);
        assertVersion(Step.BUNDLES_APPLIED, "1.0.0", List.of("com.acme.crash.a", "com.acme.crash.b"), "com.acme.crash.c");
    }

    @Test
    public void freshInstallKilledAtEveryStepLeavesNothingOrAll() throws Exception {
        fixtures();
        for (Step step : INSTALL_STEPS) {
            reset();
            killChildAt(step, "install", "crash", v1.toString());
            boot(false);
            if (step.compareTo(Step.COMMITTED) < 0) {
                assertNothingLeft();
                assertNull(step.toString(), bundle("com.acme.crash.a"));
            } else {
                assertVersion(step, "1.0.0", List.of("com.acme.crash.a", "com.acme.crash.b"), "com.acme.crash.c");
            }
        }
    }

    @Test
    public void uninstallKilledAtEveryStepFinishes() throws Exception {
        fixtures();
        for (Step step : List.of(Step.UNINSTALL_JOURNAL_WRITTEN, Step.UNINSTALL_BUNDLES_REMOVED,
                Step.UNINSTALL_RECORD_DELETED)) {
            reset();
            engine.install(InstallRequest.path(v1).app("crash"));
            killChildAt(step, "uninstall", "crash", null);
            boot(false);
            assertNothingLeft();
            assertNull(step.toString(), bundle("com.acme.crash.a"));
        }
    }

    /** A fresh framework cache, store and extensions folder, booted. */
    private void reset() throws Exception {
        felix.close();
        store.close();
        deleteTree(cache);
        deleteTree(extensions);
        Files.deleteIfExists(storeFile);
        boot(true);
    }

    private void killChildAt(Step step, String op, String app, String file) throws Exception {
        if (felix != null) {
            felix.close();
            store.close();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), cache.toString(),
                storeFile.toString(), extensions.toString(), step.name(), op, app));
        if (file != null) {
            cmd.add(file);
        }
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.equals("AT " + step)) {
                    break;
                }
            }
            assertTrue("child reached " + step + ": " + seen, seen.contains("AT " + step));
            child.destroyForcibly();
            assertTrue("child killed", child.waitFor(30, TimeUnit.SECONDS));
            assertEquals("killed by SIGKILL", 137, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
        felix = null;
        store = null;
    }

    private void assertVersion(Step step, String version, List<String> present, String absent) throws Exception {
        AppDTO app = engine.get("crash").orElseThrow();
        assertEquals(step + ": version", version, app.version);
        assertEquals(step + ": status", AppDTO.Status.INSTALLED, app.status);
        for (String bsn : present) {
            Bundle b = bundle(bsn);
            assertTrue(step + ": " + bsn + " installed", b != null);
            assertEquals(step + ": " + bsn + " version", bsn.endsWith(".a") ? version : b.getVersion().toString(),
                    b.getVersion().toString());
            assertEquals(step + ": " + bsn + " active", Bundle.ACTIVE, b.getState());
        }
        assertNull(step + ": " + absent + " gone", bundle(absent));
        assertEquals(step + ": managed bundles", present.size(), managed().size());
        List<Path> files = files();
        assertEquals(step + ": files " + files, present.size(), files.size());
        for (Path f : files) {
            assertTrue(step + ": " + f, f.getParent().getFileName().toString().startsWith(version + "~"));
        }
        assertEquals(step + ": journals", List.of(), store.list(InstallRecords.JOURNALS));
        for (int i = 0; i < app.artifacts.length; i++) {
            assertEquals(step + ": recorded bundle id", bundle(app.artifacts[i].symbolicName).getBundleId(),
                    app.artifacts[i].bundleId);
        }
    }

    private static void deleteTree(Path p) {
        io.hookline.installer.internal.txn.AppFiles.deleteTreeQuietly(p);
    }

    @Override
    public void stopAll() throws Exception {
        if (felix != null) {
            felix.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
