package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.store.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Kills a writing JVM with SIGKILL and checks that every write it acknowledged is in the store.
 * This runs with {@code sync=false}, the default, on purpose: {@code kill -9} takes the JVM, not
 * the kernel, so whatever {@code commit()} handed to the OS page cache must be readable afterwards
 * without any fsync. (Power loss is what {@code sync=true} is for; no test here can pull the plug,
 * so the sync run only shows that mode behaves the same under a kill.) The child is
 * {@link KillDashNineWriter}, started from this JVM's own java and class path.
 */
public class KillDashNineDurabilityTest {

    private static final int MIN_ACKS = 200;
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
    public void acknowledgedWritesSurviveKillDashNineWithoutSync() throws Exception {
        killWhileWritingAndVerify(false);
    }

    @Test
    public void acknowledgedWritesSurviveKillDashNineWithSync() throws Exception {
        killWhileWritingAndVerify(true);
    }

    private void killWhileWritingAndVerify(boolean sync) throws Exception {
        Path file = tmp.getRoot().toPath().resolve("data/hookline.mv.db");
        child = KilledWriter.start(tmp.getRoot(), KillDashNineWriter.class, file.toString(), Boolean.toString(sync));
        child.awaitAcks(MIN_ACKS, DEADLINE_SECONDS);
        child.kill();
        List<Integer> acked = new ArrayList<>();
        for (int n : child.acks()) {
            assertEquals("ACKs arrive in order", acked.size(), n);
            acked.add(n);
        }

        try (MvRecordStore store = MvRecordStore.open(file, sync)) {
            for (int n : acked) {
                Optional<StoredRecord> record = store.get(KillDashNineWriter.COLLECTION, KillDashNineWriter.key(n));
                assertTrue("acknowledged record " + n + " of " + acked.size() + " is missing", record.isPresent());
                assertEquals(KillDashNineWriter.fields(n), record.get().fields());
            }
            int last = acked.get(acked.size() - 1);
            int counter = Integer.parseInt(store.get(KillDashNineWriter.COUNTER_COLLECTION, KillDashNineWriter.COUNTER_KEY)
                    .orElseThrow().field("n"));
            assertTrue("counter " + counter + " behind the last ACK " + last, counter >= last);
            // at most the one write in flight when the kill came is there unacknowledged
            int stored = store.list(KillDashNineWriter.COLLECTION).size();
            assertTrue(stored + " records for " + acked.size() + " ACKs", stored == acked.size() || stored == acked.size() + 1);
        }
    }
}
