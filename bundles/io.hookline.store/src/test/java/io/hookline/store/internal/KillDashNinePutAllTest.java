package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.store.StoredRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The batched path under SIGKILL: every batch a {@code putAll} acknowledged is whole in the store
 * afterwards, and nothing of a batch is half there (the engine's write-behind relies on both).
 * The child is {@link KillDashNinePutAllWriter}.
 */
public class KillDashNinePutAllTest {

    private static final int MIN_ACKED_BATCHES = 50;
    private static final long DEADLINE_SECONDS = 60;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private KilledWriter child;

    @After
    public void killLeftovers() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    public void acknowledgedBatchesSurviveKillDashNineWhole() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("data/hookline.mv.db");
        child = KilledWriter.start(tmp.getRoot(), KillDashNinePutAllWriter.class, file.toString());
        child.awaitAcks(MIN_ACKED_BATCHES, DEADLINE_SECONDS);
        child.kill();
        List<Integer> acks = child.acks();
        int lastAcked = acks.get(acks.size() - 1);

        try (MvRecordStore store = MvRecordStore.open(file, false)) {
            for (int n = 0; n <= lastAcked; n++) {
                Optional<StoredRecord> record = store.get(KillDashNineWriter.COLLECTION, KillDashNineWriter.key(n));
                assertTrue("record " + n + " of an acknowledged batch (last ACK " + lastAcked + ") is missing",
                        record.isPresent());
                assertEquals(KillDashNineWriter.fields(n), record.get().fields());
                assertEquals("id-" + n, record.get().id());
            }
            int stored = store.list(KillDashNineWriter.COLLECTION).size();
            int acked = lastAcked + 1;
            assertTrue(stored + " records for " + acked + " acknowledged: a batch is all or nothing",
                    stored == acked || stored == acked + KillDashNinePutAllWriter.BATCH);
        }
    }
}
