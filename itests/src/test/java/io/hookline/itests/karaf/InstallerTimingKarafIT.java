package io.hookline.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.hookline.itests.karaf.fixture.TimingProbe;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * The performance comparison, measured inside the distribution: a local install of one
 * plugin jar through the {@code Installer} service next to {@code installBundle} + {@code start}
 * (what {@code bundle:install -s} does, without the shell's own cost) of the same jar, in the same
 * Karaf run, by a probe bundle ({@link TimingProbe}) installed with {@code bundle:install -s}. Prints
 * the medians; asserts only that every round succeeded (the figures depend on the machine, and the
 * target, within 2x, is for the closing note, not a gate).
 *
 * <p>Uses the same unpacked copy as {@link InstallerRestartIT} (one at a time, each boot clean, each
 * test with its own store and extensions folder).
 */
public class InstallerTimingKarafIT {

    private static final int WARMUP = 10;
    private static final int ROUNDS = 30;
    private static final Duration RESULT_DEADLINE = Duration.ofSeconds(120);

    private KarafProcess karaf;
    private Path kept;

    @Before
    public void setUp() throws Exception {
        String dir = System.getProperty("hookline.karaf.restart.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("timing-console"));
        kept = Files.createTempDirectory(unpacked, "timing-");
        karaf.useFreePorts();
        karaf.configure("io.hookline.store.cfg", "path", kept.resolve("store/hookline.mv.db").toString());
        karaf.configure("io.hookline.installer.cfg", "extensions.folder", kept.resolve("extensions").toString());
    }

    @After
    public void tearDown() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void installThroughTheInstallerNextToBundleInstall() throws Exception {
        Path jar = Files.write(kept.resolve("vip.jar"), InstallerRestartIT.vipBundle());
        Path out = kept.resolve("timing.txt");
        Path probe = kept.resolve("timing-probe.jar");
        try (InputStream in = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName("acme.timing.probe")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.IMPORT_PACKAGE, "io.hookline.installer;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.10,2)\",org.osgi.framework.wiring;version=\"[1.2,2)\"")
                .setHeader("Timing-Jar", jar.toString())
                .setHeader("Timing-Out", out.toString())
                .setHeader("Timing-Warmup", String.valueOf(WARMUP))
                .setHeader("Timing-Rounds", String.valueOf(ROUNDS))
                .activator(TimingProbe.class)
                .build(TinyBundles.rawBuilder())) {
            Files.copy(in, probe);
        }

        karaf.start(true);
        karaf.awaitClient("installer:list", o -> o.contains("Version") && o.contains("Status"), KarafProcess.BOOT_DEADLINE,
                "installer:list");
        String installed = karaf.client("bundle:install -s " + probe.toUri());
        assertFalse(installed, installed.contains("Error"));
        long end = System.nanoTime() + RESULT_DEADLINE.toNanos();
        while (!Files.exists(out) && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertTrue("no timing result within " + RESULT_DEADLINE + "; see " + karaf.consoleFile(), Files.exists(out));

        List<String> lines = Files.readAllLines(out);
        assertFalse(String.join("\n", lines), lines.get(0).startsWith("error"));
        List<Long> viaInstaller = nanos(lines, "installer");
        List<Long> viaBundle = nanos(lines, "bundle");
        assertEquals(ROUNDS, viaInstaller.size());
        assertEquals(ROUNDS, viaBundle.size());
        String installer = TimingProbe.medianMillis(viaInstaller);
        String bundle = TimingProbe.medianMillis(viaBundle);
        System.out.printf("InstallerTimingKarafIT (inside Karaf, %d rounds after %d warm-up): Installer.install(path)"
                + " median %s ms; installBundle+start (bundle:install -s) median %s ms; ratio %.2f%n", ROUNDS, WARMUP,
                installer, bundle, Double.parseDouble(installer) / Double.parseDouble(bundle));
    }

    private static List<Long> nanos(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).findFirst()
                .map(l -> Stream.of(l.substring(key.length() + 1).trim().split(" ")).map(Long::valueOf).toList())
                .orElseThrow(() -> new AssertionError("no " + key + " line in " + lines));
    }
}
