package io.hookline.installer.internal.reconcile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

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

    private Reconciler reconciler(Function<String, AppDTO.Status> outcome) {
        reconciler = new Reconciler(store, app -> {
            applied.add(app);
            AppDTO dto = new AppDTO();
            dto.app = app;
            dto.status = outcome.apply(app);
            return Optional.of(dto);
        });
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
}
