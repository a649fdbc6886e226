package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.store.StoredRecord;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private static final String END = "\u0000EOF";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Process child;

    @After
    public void killLeftovers() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    public void acknowledgedBatchesSurviveKillDashNineWhole() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("data/hookline.mv.db");
        File stderr = tmp.newFile("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), KillDashNinePutAllWriter.class.getName(), file.toString());
        builder.redirectError(stderr);
        child = builder.start();

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the pipe breaks when the child dies
            }
            lines.add(END);
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();

        int lastAcked = -1;
        int batches = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (batches < MIN_ACKED_BATCHES) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals(END)) {
                fail("waited for " + MIN_ACKED_BATCHES + " acknowledged batches, got " + batches + "; child stderr:\n"
                        + Files.readString(stderr.toPath()));
            }
            if (line.startsWith("ACK ")) {
                lastAcked = Integer.parseInt(line.substring(4));
                batches++;
            }
        }
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue("the writer did not die within 10 s of SIGKILL", child.waitFor(10, TimeUnit.SECONDS));
        reader.join(TimeUnit.SECONDS.toMillis(10));
        for (String line; (line = lines.poll()) != null;) {
            if (line.startsWith("ACK ")) {
                lastAcked = Integer.parseInt(line.substring(4));
            }
        }

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
