package io.hookline.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link KillDashNineDurabilityTest}: opens a store and writes records as fast
 * as it can, printing {@code ACK <n>} only after record {@code n} and the counter update were
 * acknowledged by the store, until it is killed. It halts by itself if its parent goes away
 * (stdin closes) or after two minutes, so a broken test run leaves no orphan behind.
 */
public final class KillDashNineWriter {

    static final String COLLECTION = "acked";
    static final String COUNTER_COLLECTION = "counter";
    static final String COUNTER_KEY = "last";

    private KillDashNineWriter() {
    }

    static String key(int n) {
        return String.format("k%07d", n);
    }

    static Map<String, String> fields(int n) {
        return Map.of("n", Integer.toString(n), "payload", "payload-" + n + "-" + "x".repeat(n % 300));
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        boolean sync = Boolean.parseBoolean(args[1]);
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
        MvRecordStore store = MvRecordStore.open(file, sync);
        out.println("OPEN " + store.nodeId());
        out.flush();
        for (int n = 0; System.nanoTime() < stopAt; n++) {
            store.put(COLLECTION, key(n), fields(n));
            store.put(COUNTER_COLLECTION, COUNTER_KEY, Map.of("n", Integer.toString(n)));
            out.println("ACK " + n);
            out.flush();
        }
        Runtime.getRuntime().halt(4); // never close cleanly: the test wants a killed writer
    }
}
