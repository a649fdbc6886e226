package io.hookline.installer.internal.reconcile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.internal.Await;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The reconciler's queue, with the apply faked: what is tried again when an artifact source
 * arrives. Seen in the distribution: a node joining a running cluster merged the install record
 * in its catch-up before the cluster's peer artifact source was bound to the installer, so the
 * reconcile found no peer and the origin was not on its allowlist; the app stayed FAILED on that
 * node until the record changed again.
 */
public class ReconcilerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private MvRecordStore store;
    private Reconciler reconciler;
    private final List<String> applied = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("reconciler-test");
        store = MvRecordStore.open(dir.resolve("store.mv.db"), false);
    }

    @After
    public void tearDown() {
        if (reconciler != null) {
            reconciler.close();
        }
        store.close();
    }

    private final List<Long> appliedAt = new CopyOnWriteArrayList<>();

    private Reconciler reconciler(Function<String, AppDTO.Status> outcome) {
        return reconciler(outcome, Reconciler.RETRY_FIRST, Reconciler.RETRY_MAX);
    }

    private Reconciler reconciler(Function<String, AppDTO.Status> outcome, Duration first, Duration max) {
        reconciler = new Reconciler(store, app -> {
            appliedAt.add(System.nanoTime());
            AppDTO dto = new AppDTO();
            dto.app = app;
            dto.status = outcome.apply(app);
            applied.add(app);
            return Optional.of(dto);
        }, first, max);
        reconciler.start();
        return reconciler;
    }

    private void awaitApplied(int n) {
        Await.awaitUntil(n + " reconciles (so far " + applied + ")", DEADLINE, () -> applied.size() >= n && reconciler.idle());
    }

    @Test
    public void anAppThatFailedIsTriedAgainWhenAnArtifactSourceArrives() {
        List<AppDTO.Status> outcomes = new ArrayList<>(List.of(AppDTO.Status.FAILED, AppDTO.Status.INSTALLED));
        Reconciler r = reconciler(app -> outcomes.remove(0));
        r.enqueue("vip");
        awaitApplied(1);

        r.sourcesChanged();
        awaitApplied(2);

        assertEquals(List.of("vip", "vip"), applied);
        assertArrayEquals(new long[] {1, 1}, r.counts());
    }

    @Test
    public void anAppThatWasAppliedIsNotTriedAgainWhenASourceArrives() {
        Reconciler r = reconciler(app -> AppDTO.Status.INSTALLED);
        r.enqueue("vip");
        awaitApplied(1);

        r.sourcesChanged();
        r.enqueue("other"); // the queue is in order: a re-queued vip would come before it
        awaitApplied(2);

        assertEquals(List.of("vip", "other"), applied);
    }

    @Test
    public void anAppThatFailedAndThenSucceededIsNotTriedAgain() {
        List<AppDTO.Status> outcomes = new ArrayList<>(List.of(AppDTO.Status.FAILED, AppDTO.Status.INSTALLED));
        Reconciler r = reconciler(app -> app.equals("vip") ? outcomes.remove(0) : AppDTO.Status.INSTALLED);
        r.enqueue("vip");
        awaitApplied(1);
        r.enqueue("vip"); // the record changed again: applied
        awaitApplied(2);

        r.sourcesChanged();
        r.enqueue("other");
        awaitApplied(3);

        assertEquals(List.of("vip", "vip", "other"), applied);
    }

    /**
     * Seen in ClusterKarafIT: the restarted node merged the record in its catch-up and began the
     * reconcile; the cluster's peer source was bound while that reconcile was still failing (the app
     * was not yet among the failed ones), so nothing queued it again and it stayed FAILED.
     */
    @Test
    public void aSourceThatArrivesWhileTheFailingApplyStillRunsQueuesTheAppAgain() throws Exception {
        CountDownLatch inApply = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<AppDTO.Status> outcomes = new ArrayList<>(List.of(AppDTO.Status.FAILED, AppDTO.Status.INSTALLED));
        Reconciler r = reconciler(app -> {
            if (outcomes.size() == 2) {
                inApply.countDown();
                await(release);
            }
            return outcomes.remove(0);
        }, Duration.ofMinutes(5), Duration.ofMinutes(5)); // no back-off retry within the test: only the source heals it
        r.enqueue("vip");
        assertTrue("the first apply began", inApply.await(10, TimeUnit.SECONDS));
        r.sourcesChanged(); // the apply is still running: vip is not failed yet
        release.countDown();
        awaitApplied(2);

        assertEquals(List.of("vip", "vip"), applied);
        assertArrayEquals(new long[] {1, 1}, r.counts());
        assertEquals(List.of(), r.failed());
    }

    @Test
    public void aFailedAppIsTriedAgainAfterItsBackOffWithoutAnyEvent() {
        List<AppDTO.Status> outcomes = new ArrayList<>(List.of(AppDTO.Status.FAILED, AppDTO.Status.INSTALLED));
        Reconciler r = reconciler(app -> outcomes.remove(0), Duration.ofMillis(200), Duration.ofSeconds(1));
        r.enqueue("vip");
        awaitApplied(1);
        assertEquals(List.of("vip"), r.failed());

        awaitApplied(2);
        long gap = appliedAt.get(1) - appliedAt.get(0);
        assertTrue("retried after its back-off, not at once: " + gap / 1_000_000 + " ms", gap >= 200_000_000L);
        assertEquals(List.of(), r.failed());
        assertArrayEquals(new long[] {1, 1}, r.counts());
    }

    @Test
    public void theWaitBetweenRetriesDoublesUpToItsMaximum() {
        Reconciler r = reconciler(app -> AppDTO.Status.FAILED, Duration.ofMillis(100), Duration.ofMillis(400));
        r.enqueue("vip");
        awaitApplied(5);
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) {
            gaps[i] = (appliedAt.get(i + 1) - appliedAt.get(i)) / 1_000_000;
        }
        String all = java.util.Arrays.toString(gaps) + " ms";
        assertTrue("first wait 100 ms: " + all, gaps[0] >= 100);
        assertTrue("then 200 ms: " + all, gaps[1] >= 200);
        assertTrue("then 400 ms: " + all, gaps[2] >= 400);
        assertTrue("never more than the maximum (400 ms, with slack): " + all, gaps[3] >= 400 && gaps[3] < 4_000);
        assertEquals(List.of("vip"), r.failed());
    }

    @Test
    public void aRecordThisNodeWroteItselfIsNotRetriedByTheCluster() {
        reconciler = new Reconciler(store, app -> {
            applied.add(app);
            AppDTO dto = new AppDTO();
            dto.app = app;
            dto.status = AppDTO.Status.FAILED;
            dto.origin = store.nodeId();
            return Optional.of(dto);
        }, Duration.ofMillis(50), Duration.ofMillis(50));
        reconciler.start();
        reconciler.enqueue("vip");
        awaitApplied(1);

        assertEquals(List.of(), reconciler.failed());
        reconciler.sourcesChanged();
        reconciler.enqueue("other");
        awaitApplied(2);
        assertEquals(List.of("vip", "other"), applied);
    }

    @Test
    public void anAppWhoseBootReplayFailedIsRetriedAndAtOnceIfASourceCameDuringTheReplay() {
        Reconciler r = reconciler(app -> AppDTO.Status.INSTALLED, Duration.ofMinutes(5), Duration.ofMinutes(5));
        long before = r.sourceGeneration();
        r.retryLater(foreign("later"), before); // no source since: waits for its back-off (5 min here)
        r.sourcesChanged(); // a source arrives: both failed apps go now
        awaitApplied(1);
        assertEquals(List.of("later"), applied);

        long during = r.sourceGeneration();
        r.sourcesChanged(); // a source arrived while the replay ran, before it reported the failure
        r.retryLater(foreign("vip"), during);
        awaitApplied(2);
        assertEquals(List.of("later", "vip"), applied);
        assertEquals(List.of(), r.failed());
    }

    /**
     * An apply that throws an Error (a NoClassDefFoundError from a bundle refreshed under the
     * engine, an AssertionError): the worker thread died with it, the app was neither applied nor
     * scheduled for a retry, idle() stayed false for ever and nothing merged afterwards was applied.
     */
    @Test
    public void anApplyThatThrowsAnErrorIsRetriedAndTheWorkerGoesOn() {
        List<String> outcomes = new CopyOnWriteArrayList<>(List.of("error", "ok"));
        Reconciler r = reconciler(app -> {
            if (app.equals("vip") && outcomes.remove(0).equals("error")) {
                throw new NoClassDefFoundError("io/acme/Gone (its bundle was refreshed)");
            }
            return AppDTO.Status.INSTALLED;
        }, Duration.ofMillis(100), Duration.ofMillis(100));
        r.enqueue("vip");
        r.enqueue("other");
        awaitApplied(2); // the apply that threw added nothing
        assertEquals(List.of("other", "vip"), applied);
        assertEquals(3, appliedAt.size());
        assertEquals(List.of(), r.failed());
    }

    /** A permanently failing app with a retry minutes away: close() returns at once and the worker ends. */
    @Test
    public void closeStopsPromptlyWhileARetryIsScheduled() throws Exception {
        Reconciler r = reconciler(app -> AppDTO.Status.FAILED, Duration.ofMinutes(5), Duration.ofMinutes(5));
        r.enqueue("vip");
        awaitApplied(1);
        assertEquals(List.of("vip"), r.failed());
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hookline-installer-reconcile") && t.isAlive()).findFirst().orElseThrow();
        long t0 = System.nanoTime();
        r.close();
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("close took " + tookMillis + " ms", tookMillis < 2_000);
        worker.join(2_000);
        assertTrue("the worker ended", !worker.isAlive());
        r.retryLater(foreign("late"), r.sourceGeneration()); // after close: nothing scheduled, nothing applied
        r.enqueue("later");
        assertEquals(List.of("vip"), applied);
    }

    /**
     * Found by the attack on the retries: an app whose record changed again kept the back-off its
     * older record had grown (up to 5 min) instead of starting again from the first wait.
     */
    @Test
    public void aNewRecordOfAFailedAppStartsItsBackOffAgain() {
        Reconciler r = reconciler(app -> AppDTO.Status.FAILED, Duration.ofMillis(100), Duration.ofMinutes(5));
        r.enqueue("vip");
        awaitApplied(3); // failed three times: 100, then 200 ms waits; the next wait is 400 ms
        Await.awaitUntil("the third failure scheduled", DEADLINE, () -> r.retryDelayMillis("vip") >= 400);

        io.hookline.store.StoredRecord record = store.put(io.hookline.installer.internal.txn.InstallRecords.APPS, "vip",
                java.util.Map.of("v", "2"));
        int before = applied.size();
        r.recordsChanged(List.of(record), true); // the cluster merged a newer record of the app
        awaitApplied(before + 1);
        Await.awaitUntil("the new record's failure scheduled", DEADLINE, () -> r.retryDelayMillis("vip") != -1);
        assertEquals("the back-off of a new record starts again", 100, r.retryDelayMillis("vip"));
    }

    @Test
    public void aBootReplayThatFailedOnThisNodesOwnRecordIsNotScheduled() {
        Reconciler r = reconciler(app -> AppDTO.Status.INSTALLED);
        AppDTO own = foreign("own");
        own.origin = store.nodeId();
        r.retryLater(own, r.sourceGeneration());
        r.sourcesChanged();
        r.enqueue("other");
        awaitApplied(1);
        assertEquals(List.of("other"), applied);
        assertEquals(List.of(), r.failed());
    }

    /** An app as a boot replay reports it, failed on another node's record. */
    private static AppDTO foreign(String app) {
        AppDTO dto = new AppDTO();
        dto.app = app;
        dto.status = AppDTO.Status.FAILED;
        dto.origin = "another-node";
        return dto;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
