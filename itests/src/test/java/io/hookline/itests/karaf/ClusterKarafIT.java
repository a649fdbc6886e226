package io.hookline.itests.karaf;

import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static io.hookline.itests.karaf.KarafProcess.cells;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.itests.karaf.fixture.VipPlugin;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The cluster in real distributions: five copies of the packaged distribution run as processes on
 * 127.0.0.1, each with its own free SSH, JMX, HTTP and JGroups ports, booting {@code hookline-cluster}
 * from their {@code featuresBoot}. A, B and C boot in parallel without credentials (the cluster
 * refuses to start, saying why); {@code hcluster:keygen} on A makes the cluster's keystore, which the
 * test copies to B and C and names in their {@code etc/io.hookline.cluster.cfg}: the three form a
 * view. Then, through {@code bin/client} only: an app installed on A from the test's HTTP server runs
 * and answers {@code hook:call} on B and C (fetched from A by sha256: only A's allowlist names the
 * server); a stop on B stops the plugin on all three; after {@code kill -9} of C, A's health check
 * and {@code hook:health} name C missing; A upgrades the app and enables the plugin; C, started
 * again, catches up; with the HTTP server stopped, a fourth node D booting with the key gets the app
 * from its peers; a node X booting at the same time with another keystore (also from keygen) never
 * appears in A's view and gets nothing.
 *
 * <p>Each node's copy is {@code target/karaf-cluster/<name>}, its console output
 * {@code <name>/console-<boot>.out} and log {@code <name>/.../data/log/karaf.log}.
 */
public class ClusterKarafIT {

    private static final String APP = "vip";
    private static final String BSN = "acme.plugins.vip";
    private static final String PASSWORD = "cluster-karaf-it-secret";
    private static final Duration REPLICATION_DEADLINE = Duration.ofSeconds(60);
    /**
     * Three distributions boot at once on a shared machine (2 cores here: 44-87 s each when quiet,
     * past 2 minutes once in CI): a longer deadline than one boot's {@link KarafProcess#BOOT_DEADLINE}.
     */
    private static final Duration PARALLEL_BOOT_DEADLINE = Duration.ofSeconds(240);
    /** A killed member: FD_SOCK2 sees its socket close, FD_ALL3 (10 s by default) backs it up. */
    private static final Duration FAILURE_DEADLINE = Duration.ofSeconds(45);
    /** Boot plus catch-up of a node started after the others. */
    private static final Duration JOIN_DEADLINE = BOOT_DEADLINE.plus(REPLICATION_DEADLINE);

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private Path root;
    private Path dist;
    private HttpServer http;

    /** One distribution copy and its JGroups port. */
    private static final class Node {
        final String name;
        final KarafProcess karaf;
        final int port;

        Node(String name, KarafProcess karaf, int port) {
            this.name = name;
            this.karaf = karaf;
            this.port = port;
        }

        String client(String command) throws Exception {
            return karaf.client(command);
        }

        String await(String command, java.util.function.Predicate<String> ready, Duration deadline, String what)
                throws Exception {
            return karaf.awaitClient(command, ready, deadline, what + " on " + name);
        }

        Path etc() {
            return karaf.home().resolve("etc");
        }
    }

    @Before
    public void setUp() throws Exception {
        String dir = System.getProperty("hookline.karaf.cluster.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        root = Path.of(dir);
        dist = KarafProcess.findHome(root.resolve("dist"));
    }

    @After
    public void tearDown() throws Exception {
        try {
            inParallel(new ArrayList<>(nodes.values()), n -> n.karaf.close());
        } finally {
            if (http != null) {
                http.stop(0);
            }
        }
    }

    @Test
    public void threeNodesShareAnAppAndItsSwitchesCatchUpAfterKillServeAFourthAndRefuseAnotherKey() throws Exception {
        long t0 = System.nanoTime();
        byte[] v1 = InstallerRestartIT.vipBundle("1.0.0");
        byte[] v11 = InstallerRestartIT.vipBundle("1.1.0");
        String base = serve(Map.of("/vip-1.0.0.jar", v1, "/vip-1.1.0.jar", v11));

        // ports first: every node's initial.hosts names all four members (the intruder's names itself too)
        for (String name : List.of("A", "B", "C", "D", "X")) {
            nodes.put(name, copy(name));
        }
        List<String> members = Stream.of("A", "B", "C", "D").map(n -> "127.0.0.1[" + nodes.get(n).port + "]").toList();
        for (Node n : nodes.values()) {
            List<String> hosts = new ArrayList<>(members);
            if (n.name.equals("X")) {
                hosts.add("127.0.0.1[" + n.port + "]");
            }
            clusterConfig(n, hosts);
        }
        Node a = nodes.get("A");
        Node b = nodes.get("B");
        Node c = nodes.get("C");
        Node d = nodes.get("D");
        Node x = nodes.get("X");
        // only A may download from the test's server: B, C and D get the jars from their peers
        a.karaf.configure("io.hookline.installer.cfg", "allowed.hosts", URI.create(base).getAuthority());

        // --- A, B, C boot in parallel, without credentials: the cluster refuses to start and says why
        inParallel(List.of(a, b, c), n -> boot(n, "Waiting"));
        long booted = System.nanoTime();
        progress("A, B, C booted in parallel in %d ms", ms(booted - t0));
        for (Node n : List.of(a, b, c)) {
            String log = n.await("log:display", out -> out.contains("cluster refuses to start: keystore.path is not set"),
                    REPLICATION_DEADLINE, "the cluster's refusal to start without a keystore in the log");
            String notRunning = n.client("hcluster:members");
            assertTrue(notRunning, notRunning.contains("the cluster is not running on this node"));
            // nothing half-registered: no ClusterRuntime whose every get fails in its consumers' logs
            String health = n.client("hook:health");
            assertTrue(health, health.contains("welcome-message") && !health.contains("Cluster"));
            String karafLog = Files.readString(n.karaf.data().resolve("log/karaf.log"));
            assertFalse(n.name + ": a consumer got a service of the cluster that refused to start",
                    karafLog.contains("Service factory returned null"));
        }

        // --- the cluster's key from hcluster:keygen on A, copied to B and C; another one for the intruder
        Path key = a.etc().resolve("hookline-cluster.p12");
        String keygen = a.client("hcluster:keygen -p " + PASSWORD);
        assertTrue(keygen, keygen.contains("Wrote " + key));
        Path otherKey = a.etc().resolve("another-cluster.p12");
        String other = a.client("hcluster:keygen -p " + PASSWORD + " " + otherKey); // Karaf reads options before arguments only
        assertTrue(other, other.contains("Wrote " + otherKey));
        byte[] keyBytes = Files.readAllBytes(key);
        String again = a.client("hcluster:keygen -p " + PASSWORD);
        assertFalse("keygen never overwrites: " + again, again.contains("Wrote"));
        assertTrue("keygen never overwrites", java.util.Arrays.equals(keyBytes, Files.readAllBytes(key)));
        for (Node n : List.of(b, c, d)) {
            Files.copy(key, n.etc().resolve("hookline-cluster.p12"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(otherKey, x.etc().resolve("hookline-cluster.p12"), StandardCopyOption.REPLACE_EXISTING);
        long keyed = System.nanoTime();
        for (Node n : nodes.values()) {
            giveKey(n);
        }
        progress("keys given at %s", java.time.Instant.now());
        for (Node n : List.of(a, b, c)) {
            awaitView(n, "A", "B", "C");
        }
        long formed = System.nanoTime();
        progress("view of A, B, C %d ms after the keys were given", ms(formed - keyed));

        // --- install on A: active and answering on B and C, from A's copy (B and C may not download)
        String installed = a.client("installer:install --url " + base + "/vip-1.0.0.jar --app " + APP
                + " --version 1.0.0 --sha256 " + InstallerRestartIT.sha256(v1));
        assertTrue(installed, installed.contains("Installed vip 1.0.0"));
        long installedAt = System.nanoTime();
        Map<String, Long> replicated = new java.util.concurrent.ConcurrentHashMap<>();
        inParallel(List.of(b, c), n -> {
            n.await("hook:call " + VipPlugin.EVENT + " hello", out -> out.strip().equals("VIP:hello"), REPLICATION_DEADLINE,
                    "the app installed on A answering hook:call");
            replicated.put(n.name, System.nanoTime() - installedAt);
        });
        for (Node n : List.of(a, b, c)) {
            assertApp(n, "1.0.0");
        }
        assertEquals("B and C got the jar from a peer, not from the origin", 1, downloads.get());
        progress("install on A answering on B after %d ms, on C after %d ms", ms(replicated.get("B")),
                ms(replicated.get("C")));

        // --- a stop on B: stopped on all three
        String stopped = b.client("hook:stop " + VipPlugin.PLUGIN);
        assertTrue(stopped, cells(stopped, VipPlugin.PLUGIN).contains("STOPPED"));
        long stoppedAt = System.nanoTime();
        inParallel(List.of(a, c), n -> n.await("hook:list", out -> out.contains(VipPlugin.PLUGIN)
                && cells(out, VipPlugin.PLUGIN).contains("STOPPED"), REPLICATION_DEADLINE, "the vip plugin STOPPED"));
        long stopSeen = System.nanoTime() - stoppedAt;
        progress("stop on B seen STOPPED on A and C after %d ms", ms(stopSeen));
        for (Node n : List.of(a, b, c)) {
            assertEquals(n.name + ": a stopped plugin leaves its chain", "hello",
                    n.client("hook:call " + VipPlugin.EVENT + " hello").strip());
        }

        // --- kill -9 C: A names it missing, in hcluster, the health check and hook:health
        long killedPid = c.karaf.killJvm();
        long killedAt = System.nanoTime();
        a.await("hcluster:members", out -> out.lines().anyMatch(l -> l.startsWith("C ") && l.contains("MISSING")),
                FAILURE_DEADLINE, "C missing from the view");
        long missingSeen = System.nanoTime() - killedAt;
        progress("kill -9 of C seen MISSING on A after %d ms", ms(missingSeen));
        // hc:exec returns its report as the command's value, which bin/client -b does not print: echo it
        String hc = a.await("echo -- (hc:exec -v cluster)", out -> out.contains("Hookline cluster")
                && out.contains("missing C"), REPLICATION_DEADLINE, "the cluster health check naming C missing");
        assertTrue(hc, hc.contains("WARN"));
        String health = a.client("hook:health");
        assertTrue(health, health.lines().anyMatch(l -> l.startsWith("Cluster") && l.contains("missing C")));
        // the same facts over JMX (io.hookline:type=Cluster on A's RMI connector, karaf is admin): C missing,
        // and a forced sync asks the members of the view only
        String[] asked = clusterOverJmx(a, "karaf", "karaf");
        assertEquals(List.of("B"), List.of(asked));

        // --- changes on A while C is away: the plugin enabled again, the app upgraded
        String enabled = a.client("hook:enable " + VipPlugin.PLUGIN);
        assertTrue(enabled, cells(enabled, VipPlugin.PLUGIN).contains("STARTED"));
        String upgraded = a.client("installer:install --url " + base + "/vip-1.1.0.jar --app " + APP
                + " --version 1.1.0 --sha256 " + InstallerRestartIT.sha256(v11));
        assertTrue(upgraded, upgraded.contains("Upgraded vip 1.0.0 -> 1.1.0"));
        b.await("installer:list", out -> appRow(out).contains("1.1.0") && appRow(out).contains("INSTALLED"),
                REPLICATION_DEADLINE, "vip 1.1.0");
        b.await("hook:call " + VipPlugin.EVENT + " hello", out -> out.strip().equals("VIP:hello"), REPLICATION_DEADLINE,
                "the enabled plugin answering");

        // --- C starts again on its old state: caught up
        long restartedAt = System.nanoTime();
        c.karaf.start(false);
        c.await("installer:list", out -> appRow(out).contains("1.1.0") && appRow(out).contains("INSTALLED"),
                JOIN_DEADLINE, "vip 1.1.0 after the restart");
        c.await("hook:call " + VipPlugin.EVENT + " hello", out -> out.strip().equals("VIP:hello"), REPLICATION_DEADLINE,
                "the plugin enabled while C was away answering");
        long caughtUp = System.nanoTime() - restartedAt;
        progress("C restarted and caught up after %d ms", ms(caughtUp));
        awaitView(a, "A", "B", "C");
        a.await("echo -- (hc:exec -v cluster)", out -> out.contains("Hookline cluster") && !out.contains("missing"),
                REPLICATION_DEADLINE, "the cluster health check back to whole");

        // --- the origin gone: D boots with the key and gets the app from its peers; X, with another key, gets nothing
        http.stop(0);
        http = null;
        int downloadsBefore = downloads.get();
        long dStartedAt = System.nanoTime();
        List<String> viewsOfA = new java.util.concurrent.CopyOnWriteArrayList<>();
        inParallel(List.of(d, x), n -> boot(n, "Active"));
        d.await("hook:call " + VipPlugin.EVENT + " hello", out -> out.strip().equals("VIP:hello"), JOIN_DEADLINE,
                "the app from the peers answering");
        long dFromPeers = System.nanoTime() - dStartedAt;
        progress("D booted and answering with the app from its peers after %d ms", ms(dFromPeers));
        assertApp(d, "1.1.0");
        // X gave up joining and runs alone: its own view, never A's
        x.await("hcluster:status", out -> out.contains("View") && out.contains("1 member(s), coordinator X"),
                JOIN_DEADLINE, "X alone in its own view");
        for (int i = 0; i < 5; i++) {
            viewsOfA.add(awaitView(a, "A", "B", "C", "D"));
        }
        for (String view : viewsOfA) {
            assertFalse(view, view.lines().anyMatch(l -> l.startsWith("X ")));
        }
        String xList = x.client("installer:list");
        assertFalse(xList, xList.contains(APP + " "));
        assertFalse("X has no vip plugin", x.client("hook:list").contains(VipPlugin.PLUGIN));
        assertEquals("nobody downloaded from the stopped origin", downloadsBefore, downloads.get());

        System.out.printf("ClusterKarafIT: A+B+C parallel boot %d ms; keys given to view of 3 %d ms; install on A to"
                + " answering on B %d ms, C %d ms; stop on B seen on A and C %d ms; kill -9 of C (pid %d) to missing"
                + " on A %d ms; C restart to caught up %d ms; D boot to the app from peers %d ms; total %d ms%n",
                ms(booted - t0), ms(formed - keyed), ms(replicated.get("B")), ms(replicated.get("C")), ms(stopSeen),
                killedPid, ms(missingSeen), ms(caughtUp), ms(dFromPeers), ms(System.nanoTime() - t0));
    }

    /** Polls {@code hcluster:members} until the view is exactly {@code expected}; returns the listing. */
    private static String awaitView(Node n, String... expected) throws Exception {
        return n.await("hcluster:members", out -> {
            List<String> view = out.lines().filter(l -> l.contains("coordinator") || l.contains("member"))
                    .filter(l -> !l.startsWith("Member") && !l.contains("MISSING"))
                    .map(l -> l.split("\\s+")[0]).sorted().toList();
            return view.equals(List.of(expected));
        }, JOIN_DEADLINE, "a view of " + String.join(", ", expected));
    }

    /**
     * Polls {@code n}'s {@code io.hookline:type=Cluster} MBean over its RMI connector until it names C
     * missing in {@code MissingMembers} and {@code Health}, then invokes {@code sync}.
     *
     * @return the members {@code sync} asked
     */
    private static String[] clusterOverJmx(Node n, String user, String password) throws Exception {
        javax.management.ObjectName bean = new javax.management.ObjectName("io.hookline:type=Cluster");
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("not tried");
        java.util.concurrent.atomic.AtomicReference<String[]> asked = new java.util.concurrent.atomic.AtomicReference<>();
        io.hookline.itests.felix.Await.awaitUntil("io.hookline:type=Cluster on " + n.name + " naming C missing",
                REPLICATION_DEADLINE, () -> {
                    try (javax.management.remote.JMXConnector c = javax.management.remote.JMXConnectorFactory.connect(
                            new javax.management.remote.JMXServiceURL(n.karaf.jmxUrl()),
                            Map.of(javax.management.remote.JMXConnector.CREDENTIALS, new String[] {user, password}))) {
                        javax.management.MBeanServerConnection mbs = c.getMBeanServerConnection();
                        if (!mbs.isRegistered(bean)) {
                            last.set("connected; no io.hookline:type=Cluster yet");
                            return false;
                        }
                        List<String> missing = List.of((String[]) mbs.getAttribute(bean, "MissingMembers"));
                        String health = (String) mbs.getAttribute(bean, "Health");
                        last.set("MissingMembers " + missing + ", Health " + health);
                        if (!missing.contains("C") || !health.contains("missing C")) {
                            return false;
                        }
                        asked.set((String[]) mbs.invoke(bean, "sync", new Object[0], new String[0]));
                        return true;
                    } catch (java.io.IOException | javax.management.JMException | SecurityException e) {
                        last.set(e.toString());
                        return false;
                    }
                }, last::get);
        return asked.get();
    }

    private static void assertApp(Node n, String version) throws Exception {
        String row = appRow(n.client("installer:list"));
        assertTrue(n.name + ": " + row, row.contains(version) && row.contains("INSTALLED"));
        String bundles = n.client("bundle:list -s");
        assertTrue(n.name + ": " + bundles, bundles.lines().anyMatch(l -> l.contains(BSN) && l.contains("Active")));
    }

    private static String appRow(String list) {
        return list.lines().filter(l -> l.startsWith(APP + " ")).findFirst().orElse("");
    }

    /** A fresh copy of the distribution for {@code name}, with free ports and hookline-cluster booted. */
    private Node copy(String name) throws Exception {
        Path dir = root.resolve(name);
        KarafProcess.deleteTree(dir);
        Path home = dir.resolve(dist.getFileName());
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path from : files.toList()) {
                Path to = home.resolve(dist.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        KarafProcess karaf = new KarafProcess(dir, dir.resolve("console"));
        karaf.useFreePorts();
        Path features = home.resolve("etc/org.apache.karaf.features.cfg");
        String cfg = Files.readString(features);
        assertTrue(cfg, cfg.contains("featuresBoot = \\\n"));
        Files.writeString(features, cfg.replace("featuresBoot = \\\n", "featuresBoot = \\\n    hookline-cluster, \\\n"));
        return new Node(name, karaf, KarafProcess.freePort());
    }

    /** The node's cluster .cfg, before its first boot: name, port, members; no credentials yet. */
    private static void clusterConfig(Node n, List<String> hosts) throws Exception {
        Files.writeString(n.etc().resolve("io.hookline.cluster.cfg"), String.join("\n",
                "# written by ClusterKarafIT",
                "node.name = " + n.name,
                "bind.address = 127.0.0.1",
                "bind.port = " + n.port,
                "initial.hosts = " + String.join(",", hosts),
                ""));
    }

    private static void giveKey(Node n) throws Exception {
        // both in one write: a node must never see the path without its password
        n.karaf.configure("io.hookline.cluster.cfg", Map.of("keystore.path", n.etc().resolve("hookline-cluster.p12").toString(),
                "keystore.password", PASSWORD));
    }

    /**
     * Starts the node and waits until the engine's examples and the installer answer and the cluster
     * bundle is in {@code state}: {@code Waiting} (Karaf's word for an active bundle whose component
     * is not satisfied: it refused to start) or {@code Active}.
     */
    private static void boot(Node n, String state) throws Exception {
        n.karaf.start(true);
        n.await("hook:list", out -> out.contains("shout"), PARALLEL_BOOT_DEADLINE, "the example plugins in hook:list");
        n.await("installer:list", out -> out.contains("Version") && out.contains("Status"), PARALLEL_BOOT_DEADLINE,
                "installer:list");
        n.await("bundle:list -s", out -> out.lines().anyMatch(l -> l.contains("io.hookline.cluster") && l.contains(state)),
                PARALLEL_BOOT_DEADLINE, "the cluster bundle " + state);
    }

    /** Serves each path's bytes on 127.0.0.1, counting the downloads; returns the base URL. */
    private String serve(Map<String, byte[]> files) throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        files.forEach((path, bytes) -> http.createContext(path, exchange -> {
            downloads.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/java-archive");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private interface NodeStep {
        void run(Node n) throws Exception;
    }

    /** Runs {@code step} for every node at once; rethrows the first failure after all finished. */
    private static void inParallel(List<Node> nodes, NodeStep step) throws Exception {
        if (nodes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> done = nodes.stream().map(n -> pool.submit(() -> {
                step.run(n);
                return null;
            })).collect(Collectors.toList());
            Throwable first = null;
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    } else {
                        first.addSuppressed(e.getCause());
                    }
                }
            }
            if (first instanceof Exception e) {
                throw e;
            } else if (first instanceof Error e) {
                throw e;
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf("ClusterKarafIT: " + format + "%n", args);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
