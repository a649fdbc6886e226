package io.hookline.cluster.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.cluster.internal.artifacts.PeerArtifactSource;
import io.hookline.installer.spi.ArtifactRepository;
import io.hookline.store.internal.MvRecordStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The artifact lane on the real, encrypted JGroups stack: nodes in one JVM (SHARED_LOOPBACK), and
 * two nodes over TCP on 127.0.0.1 for the 10 MB figure beside an HTTP fetch of the same bytes
 * from 127.0.0.1, both written to disk while hashed. Each fetch goes through
 * {@link PeerArtifactSource}, the installer's {@code ArtifactSource} as the cluster registers it.
 */
public class PeerArtifactNodesTest {

    @ClassRule
    public static final TemporaryFolder KEYS = new TemporaryFolder();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Path key;
    private static int clusters;

    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();
    private final String cluster = "artifacts-" + System.nanoTime() + "-" + (clusters++);

    @BeforeClass
    public static void keys() throws Exception {
        key = TestKeys.aesKeystore(KEYS.getRoot().toPath().resolve("cluster.p12"), 256);
    }

    @After
    public void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).deactivate();
        }
        stores.forEach(MvRecordStore::close);
    }

    private ClusterComponent node(String name, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(extra);
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.put("keystore_path", key.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.putIfAbsent("transport", "loopback");
        c.putIfAbsent("join_timeout_ms", 500L);
        MvRecordStore s = MvRecordStore.inMemory();
        stores.add(s);
        ClusterComponent n = new ClusterComponent(s, TestConfig.of(c));
        nodes.add(n);
        return n;
    }

    private static PeerArtifactSource source(ClusterComponent lane, ArtifactRepository repository, long maxBytes) {
        Map<String, Object> values = Map.of("max_bytes", maxBytes, "idle_timeout_ms", 10_000L);
        PeerArtifactSource.Config config = (PeerArtifactSource.Config) Proxy.newProxyInstance(
                PeerArtifactNodesTest.class.getClassLoader(), new Class<?>[] {PeerArtifactSource.Config.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
        return new PeerArtifactSource(lane, repository, config);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static ArtifactRepository holding(String sha, Path file) {
        return s -> s.equals(sha) ? Optional.of(file) : Optional.empty();
    }

    private static void awaitView(int n, ClusterComponent... members) throws Exception {
        Util.waitUntil(15_000, 20, () -> Arrays.stream(members).allMatch(m -> m.status().members.size() == n),
                () -> "a view of " + n + ": " + members[0].status().members);
    }

    @Test
    public void aNodeFetchesAnArtifactFromThePeerThatHoldsItAndIsToldNoForOneNobodyHolds() throws Exception {
        byte[] content = new byte[1_500_000];
        new Random(7).nextBytes(content);
        String sha = sha256(content);
        Path held = Files.write(tmp.newFile("held.jar").toPath(), content);
        ClusterComponent a = node("A", Map.of()), b = node("B", Map.of()), c = node("C", Map.of());
        awaitView(3, a, b, c);
        source(a, holding(sha, held), Long.MAX_VALUE);
        source(b, s -> Optional.empty(), Long.MAX_VALUE);
        PeerArtifactSource fetcher = source(c, s -> Optional.empty(), Long.MAX_VALUE);

        Path target = tmp.getRoot().toPath().resolve("fetched.jar");
        assertTrue(fetcher.fetch(sha, 10_000_000, target));
        assertArrayEquals(content, Files.readAllBytes(target));

        Path none = tmp.getRoot().toPath().resolve("none.jar");
        assertFalse(fetcher.fetch("0".repeat(64), 10_000_000, none));
        assertFalse(Files.exists(none));
    }

    @Test
    public void theClusterCapIsTheSmallerOfItsOwnAndTheInstallers() throws Exception {
        byte[] content = new byte[200_000];
        new Random(8).nextBytes(content);
        String sha = sha256(content);
        Path held = Files.write(tmp.newFile("held.jar").toPath(), content);
        ClusterComponent a = node("A", Map.of()), b = node("B", Map.of());
        awaitView(2, a, b);
        source(a, holding(sha, held), Long.MAX_VALUE);
        PeerArtifactSource capped = source(b, s -> Optional.empty(), 100_000);
        Path target = tmp.getRoot().toPath().resolve("big.jar");
        java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class,
                () -> capped.fetch(sha, 10_000_000, target));
        assertTrue(e.getMessage(), e.getMessage().contains("is 200000 bytes, more than the cap of 100000 bytes"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void tenMegabytesFromAPeerOverTcpBesideTheSameFromHttpOn127001() throws Exception {
        byte[] content = new byte[10 * 1024 * 1024];
        new Random(10).nextBytes(content);
        String sha = sha256(content);
        Path held = Files.write(tmp.newFile("ten.jar").toPath(), content);
        int p1 = freePort(), p2 = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
        ClusterComponent a = node("T1", Map.of("transport", "tcp", "bind_port", p1, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L));
        ClusterComponent b = node("T2", Map.of("transport", "tcp", "bind_port", p2, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L));
        awaitView(2, a, b);
        source(a, holding(sha, held), Long.MAX_VALUE);
        PeerArtifactSource fetcher = source(b, s -> Optional.empty(), Long.MAX_VALUE);

        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        http.createContext("/ten.jar", ex -> {
            ex.sendResponseHeaders(200, content.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(content);
            }
        });
        http.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/ten.jar");
            int rounds = 7;
            long[] peer = new long[rounds];
            long[] web = new long[rounds];
            long[] peerCpu = new long[rounds];
            long[] webCpu = new long[rounds];
            // two warm-up rounds by default; -Dartifact.warmups=15 measures a warm node: the JDK's
            // AES intrinsics are used only once the JIT has compiled the cipher's callers, which
            // takes thousands of 60 KB fragments, so the first fetches run part of the cipher in Java
            int warmups = Integer.getInteger("artifact.warmups", 2);
            for (int i = -warmups; i < rounds; i++) {
                Path viaPeer = tmp.getRoot().toPath().resolve("peer-" + i + ".jar");
                long c0 = processCpu();
                long t0 = System.nanoTime();
                assertTrue(fetcher.fetch(sha, 100_000_000, viaPeer));
                long t1 = System.nanoTime();
                long c1 = processCpu();
                Path viaHttp = tmp.getRoot().toPath().resolve("http-" + i + ".jar");
                assertEquals(sha, httpGet(uri, viaHttp));
                long t2 = System.nanoTime();
                long c2 = processCpu();
                assertEquals(content.length, Files.size(viaPeer));
                if (i >= 0) {
                    peer[i] = t1 - t0;
                    web[i] = t2 - t1;
                    peerCpu[i] = c1 - c0;
                    webCpu[i] = c2 - c1;
                }
                Files.delete(viaPeer);
                Files.delete(viaHttp);
            }
            Arrays.sort(peer);
            Arrays.sort(web);
            Arrays.sort(peerCpu);
            Arrays.sort(webCpu);
            System.out.printf("10 MiB artifact, %d rounds after " + warmups + " warm-ups: peer fetch over TCP"
                    + " (AES-GCM sealed) median %.1f ms (min %.1f, max %.1f); HTTP GET from 127.0.0.1 median %.1f ms"
                    + " (min %.1f, max %.1f); ratio %.2f%n", rounds,
                    peer[rounds / 2] / 1e6, peer[0] / 1e6, peer[rounds - 1] / 1e6, web[rounds / 2] / 1e6, web[0] / 1e6,
                    web[rounds - 1] / 1e6, (double) peer[rounds / 2] / web[rounds / 2]);
            // CPU time of the whole JVM (both nodes, the HTTP server and client are all in it): less
            // sensitive than wall time to the other processes sharing the cores
            System.out.printf("10 MiB artifact, CPU of the JVM: peer fetch median %.1f ms, HTTP GET median %.1f ms;"
                    + " CPU ratio %.2f%n", peerCpu[rounds / 2] / 1e6, webCpu[rounds / 2] / 1e6,
                    (double) peerCpu[rounds / 2] / webCpu[rounds / 2]);
        } finally {
            http.stop(0);
        }
    }

    /** As the installer downloads: streamed to a new file while hashed, forced at the end. */
    private static String httpGet(URI uri, Path target) throws Exception {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = c.getInputStream();
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(false);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
