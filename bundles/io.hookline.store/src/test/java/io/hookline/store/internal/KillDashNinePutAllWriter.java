package io.hookline.store.internal;

import io.hookline.store.RecordWrite;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link KillDashNinePutAllTest}: writes records in batches of
 * {@link #BATCH} with one {@code putAll} each (the engine's group commit), printing
 * {@code ACK <n>} for the last record of a batch only after {@code putAll} returned, until killed.
 * Halts by itself when its parent goes away (stdin closes) or after two minutes.
 */
public final class KillDashNinePutAllWriter {

    static final int BATCH = 10;

    private KillDashNinePutAllWriter() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Thread watchdog = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the parent never writes; EOF means it is gone
                }
            } catch (IOException ignored) {
                // same
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        PrintStream out = System.out;
        long stopAt = System.nanoTime() + 120_000_000_000L;
        MvRecordStore store = MvRecordStore.open(file, false);
        out.println("OPEN " + store.nodeId());
        out.flush();
        for (int n = 0; System.nanoTime() < stopAt; n += BATCH) {
            List<RecordWrite> batch = new ArrayList<>(BATCH);
            for (int i = n; i < n + BATCH; i++) {
                batch.add(new RecordWrite(KillDashNineWriter.key(i), "id-" + i, KillDashNineWriter.fields(i)));
            }
            store.putAll(KillDashNineWriter.COLLECTION, batch);
            out.println("ACK " + (n + BATCH - 1));
            out.flush();
        }
        Runtime.getRuntime().halt(4);
    }
}
