package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.InstallRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * Figures for the performance targets, printed to the test output: a local install of one
 * bundle end to end (stage, verify, journal, install, resolve, start, persist) next to a plain
 * {@code installBundle + start} of the same jar (what {@code bundle:install -s} does) in the same
 * JVM, and a boot replay of 100 installed bundles after a clean cache. Only the replay bound (5 s)
 * is asserted; the install ratio is reported, as timings on a shared machine are noisy.
 */
public class InstallerTimingIT extends EngineTestSupport {

    @Test
    public void installNextToPlainInstallAndReplayOfHundredBundles() throws Exception {
        int rounds = 30;
        List<Long> plain = new ArrayList<>();
        List<Long> ours = new ArrayList<>();
        for (int i = 0; i < rounds + 10; i++) {
            Path a = jar(quiet("com.acme.t.plain" + i, "1.0.0"));
            Path b = jar(quiet("com.acme.t.app" + i, "1.0.0"));
            long t0 = System.nanoTime();
            Bundle bundle;
            try (InputStream in = Files.newInputStream(a)) {
                bundle = felix.context().installBundle("file:" + a, in);
            }
            bundle.start();
            long t1 = System.nanoTime();
            engine.install(InstallRequest.path(b));
            long t2 = System.nanoTime();
            bundle.uninstall();
            if (i >= 10) {
                plain.add(t1 - t0);
                ours.add(t2 - t1);
            }
        }
        double plainMs = median(plain) / 1e6;
        double oursMs = median(ours) / 1e6;
        System.out.printf("install one bundle: installer %.2f ms median, installBundle+start %.2f ms median, ratio %.2f%n",
                oursMs, plainMs, oursMs / plainMs);

        for (int i = rounds + 10; i < 100; i++) {
            engine.install(InstallRequest.path(jar(quiet("com.acme.t.app" + i, "1.0.0"))));
        }
        assertEquals(100, engine.list().size());
        felix.close();
        store.close();
        long t0 = System.nanoTime();
        boot(true);
        long replayMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("boot replay of 100 apps after a clean cache (framework start included): %d ms%n", replayMs);
        assertEquals(100, managed().size());
        for (Bundle b : managed()) {
            assertEquals(Bundle.ACTIVE, b.getState());
        }
        assertTrue("replay of 100 bundles took " + replayMs + " ms", replayMs < 5_000);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
