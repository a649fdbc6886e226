package io.hookline.itests.karaf;

import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static io.hookline.itests.karaf.KarafProcess.cells;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.itests.karaf.fixture.VipPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * The installer's restart proof, in the packaged distribution run as a process: an app installed
 * from a local HTTP server through {@code installer:install} comes back after {@code kill -9} of the
 * Karaf JVM and a start with a clean cache ({@code bin/karaf server clean} wipes {@code data/}),
 * because the record store and the extensions folder live, as shipped, in
 * {@code ${karaf.base}/hookline/}, outside {@code data/}. Its plugin, stopped by the operator before
 * the kill, comes back stopped under the same record id, and answers again once enabled.
 *
 * <p>Runs on its own copy of the distribution ({@code hookline.karaf.restart.dir}, unpacked by the
 * build) with the store and installer paths left at their shipped defaults; it only sets free ports
 * and allows 127.0.0.1 as a download host.
 */
public class InstallerRestartIT {

    private static final String APP = "vip";
    private static final String BSN = "acme.plugins.vip";
    private static final Duration REPLAY_DEADLINE = Duration.ofSeconds(60);

    private KarafProcess karaf;
    private HttpServer http;
    private final AtomicInteger downloads = new AtomicInteger();

    @Before
    public void setUp() throws Exception {
        String dir = System.getProperty("hookline.karaf.restart.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("console"));
        karaf.useFreePorts();
        // store path and extensions folder as shipped: the defaults are what this test proves (and
        // InstallerTimingKarafIT, on the same copy, may have run first and set its own)
        karaf.unset("io.hookline.store.cfg", "path");
        karaf.unset("io.hookline.installer.cfg", "extensions.folder");
        KarafProcess.deleteTree(karaf.state()); // a run of this test before, on the same copy
    }

    @After
    public void tearDown() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            if (http != null) {
                http.stop(0);
            }
        }
    }

    /** hook:list: Name, Event, Priority, Status, Reason, Bundle, ID, Event Type. */
    private static final int ID_COLUMN = 6;

    @Test
    public void installedAppSurvivesKillAndCleanCacheWithItsPluginStoppedUnderTheSameId() throws Exception {
        long t0 = System.nanoTime();
        byte[] jar = vipBundle();
        String sha256 = sha256(jar);
        String url = serve(jar);
        // an entry without a port allows only the scheme's default port: name the server's
        karaf.configure("io.hookline.installer.cfg", "allowed.hosts", java.net.URI.create(url).getAuthority());

        karaf.start(true); // the copy may have booted before (InstallerTimingKarafIT): start from an empty data/
        awaitInstallerAndEngine();
        long booted = System.nanoTime();

        String installed = karaf.client("installer:install --url " + url + " --app " + APP + " --version 1.0.0 --sha256 "
                + sha256);
        assertTrue(installed, installed.contains("Installed vip 1.0.0"));
        assertTrue(installed, installed.contains(BSN));
        assertEquals(1, downloads.get());
        String appId = appId();
        assertInstalled(karaf.client("installer:list"));
        assertEquals("VIP:hello", karaf.client("hook:call vip_check hello").strip());

        List<String> before = cells(karaf.client("hook:list"), VipPlugin.PLUGIN);
        String pluginId = before.get(ID_COLUMN);
        assertTrue(before.toString(), pluginId.length() > 8);
        assertTrue(before.toString(), before.contains(VipPlugin.EVENT));
        String stopped = karaf.client("hook:stop " + VipPlugin.PLUGIN);
        assertTrue(stopped, cells(stopped, VipPlugin.PLUGIN).contains("STOPPED"));
        assertEquals("a stopped plugin leaves its chain: the input comes back", "hello",
                karaf.client("hook:call vip_check hello").strip());

        long killed = karaf.killJvm();
        Files.writeString(karaf.data().resolve("clean-marker"), "must be wiped by clean");
        long restarted = System.nanoTime();
        karaf.start(true);
        String list = karaf.awaitClient("installer:list", out -> out.lines().anyMatch(l -> l.startsWith(APP + " ")),
                BOOT_DEADLINE.plus(REPLAY_DEADLINE), "app vip replayed in installer:list");
        long replayed = System.nanoTime();
        assertFalse("bin/karaf server clean wiped data/", Files.exists(karaf.data().resolve("clean-marker")));
        assertInstalled(list);
        assertEquals("the app record kept its id", appId, appId());
        assertEquals("replayed from the stored artifact, not downloaded again", 1, downloads.get());
        String bundles = karaf.client("bundle:list -s");
        assertTrue(bundles, bundles.lines().anyMatch(l -> l.contains(BSN) && l.contains("Active")));

        String hookList = karaf.awaitClient("hook:list", out -> out.contains(VipPlugin.PLUGIN), REPLAY_DEADLINE,
                "the vip plugin in hook:list");
        List<String> after = cells(hookList, VipPlugin.PLUGIN);
        assertTrue(after.toString(), after.contains("STOPPED"));
        assertEquals("the plugin record kept its id", pluginId, after.get(ID_COLUMN));
        assertEquals("still stopped: the input comes back", "hello", karaf.client("hook:call vip_check hello").strip());

        String enabled = karaf.client("hook:enable " + VipPlugin.PLUGIN);
        assertTrue(enabled, cells(enabled, VipPlugin.PLUGIN).contains("STARTED"));
        assertEquals("VIP:hello", karaf.client("hook:call vip_check hello").strip());

        // where the state lives as shipped (asserted last, so that a wrong default fails on what it loses)
        assertTrue("the store lives under ${karaf.base}/hookline",
                Files.isRegularFile(karaf.state().resolve("hookline.mv.db")));
        assertTrue("the app's files are kept under ${karaf.base}/hookline/extensions",
                Files.isDirectory(karaf.state().resolve("extensions").resolve(APP)));

        System.out.printf("InstallerRestartIT: first boot %d ms, install..kill %d ms (JVM %d killed),"
                + " clean boot to replayed app %d ms, total %d ms%n", ms(booted - t0), ms(restarted - booted), killed,
                ms(replayed - restarted), ms(System.nanoTime() - t0));
    }

    /** Waits until the engine's example plugins and the installer's commands answer. */
    private void awaitInstallerAndEngine() throws Exception {
        karaf.awaitClient("hook:list", out -> out.contains("shout"), BOOT_DEADLINE, "the example plugins in hook:list");
        karaf.awaitClient("installer:list", out -> out.contains("Version") && out.contains("Status"),
                BOOT_DEADLINE, "installer:list");
    }

    private void assertInstalled(String list) {
        String row = list.lines().filter(l -> l.startsWith(APP + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + APP + " in:\n" + list));
        assertTrue(row, row.contains("1.0.0") && row.contains("INSTALLED"));
    }

    private String appId() throws Exception {
        String info = karaf.client("installer:info " + APP);
        Optional<String> id = info.lines().filter(l -> l.startsWith("Id:")).map(l -> l.substring(3).strip()).findFirst();
        return id.orElseThrow(() -> new AssertionError("no Id in:\n" + info));
    }

    /** Serves {@code jar} at {@code /vip.jar} on 127.0.0.1; returns its URL. */
    private String serve(byte[] jar) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        http.createContext("/vip.jar", exchange -> {
            downloads.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/java-archive");
            exchange.sendResponseHeaders(200, jar.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jar);
            }
        });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/vip.jar";
    }

    /** The DS-free plugin bundle {@code acme.plugins.vip} 1.0.0, from {@link VipPlugin}. */
    static byte[] vipBundle() throws IOException {
        return vipBundle("1.0.0");
    }

    /** The DS-free plugin bundle {@code acme.plugins.vip} at {@code version}, from {@link VipPlugin}. */
    static byte[] vipBundle(String version) throws IOException {
        try (InputStream in = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(BSN)
                .setHeader(Constants.BUNDLE_VERSION, version)
                .setHeader(Constants.IMPORT_PACKAGE,
                        "io.hookline.event;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"")
                .activator(VipPlugin.class)
                .build(TinyBundles.rawBuilder())) {
            return in.readAllBytes();
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
