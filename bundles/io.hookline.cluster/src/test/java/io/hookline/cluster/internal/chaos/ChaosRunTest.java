package io.hookline.cluster.internal.chaos;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.cluster.internal.NodeAccess;
import io.hookline.store.RecordVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The chaos run of issue 9: {@code hookline.chaos.nodes} (5) {@link ChaosNode} processes, each a
 * JVM of its own with a real cluster over TCP on 127.0.0.1 and a durable store file, write
 * continuously while this controller, for {@code hookline.chaos.seconds} (60), randomly partitions
 * them (each node told whom to cut), heals, kills one with {@link Process#destroyForcibly} (kill -9,
 * by the handle of the process it started) and restarts a killed one on its old store file. Then it
 * heals everything, restarts the dead, stops the writers, polls until every node holds identical
 * records (tombstones included) in one view, and accounts for every acknowledged write: its key
 * holds that version or a greater one (last writer wins), with the same content at that version,
 * a deleted key being absent only if the tombstone was purged after a delete; then it waits until
 * the tombstones are purged everywhere and accounts again. Prints its figures.
 * Long, so outside the default build: {@code -Pchaos} (README "Chaos run"). Threading: one reader
 * thread per child process collects its lines; the test thread drives.
 */
public class ChaosRunTest {

    private static final int NODES = Integer.getInteger("hookline.chaos.nodes", 5);
    private static final int SECONDS = Integer.getInteger("hookline.chaos.seconds", 60);
    private static final int KEYS = Integer.getInteger("hookline.chaos.keys", 200);
    private static final long SEED = Long.getLong("hookline.chaos.seed", System.nanoTime());

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<Child> children = new ArrayList<>();
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final List<String> inFlight = new CopyOnWriteArrayList<>();
    private Path keystore;
    private String hosts;

    /** A write a node acknowledged: its store's commit returned this version. */
    record Ack(String member, boolean delete, String key, RecordVersion version, String value) {
    }

    /** A record as a node holds it at the end. */
    record Rec(String key, RecordVersion version, boolean deleted, String value) {
    }

    /** One node: its name, port and store file, and the process of its current life. */
    final class Child {
        final String name;
        final int port;
        final Path file;
        final Path log;
        Process process;
        PrintWriter in;
        BlockingQueue<String> replies;
        Thread reader;
        Set<String> blocked = Set.of();

        Child(String name, int port, Path file, Path log) {
            this.name = name;
            this.port = port;
            this.file = file;
            this.log = log;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        void start() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.net.preferIPv4Stack=true", "-cp", cp, ChaosNode.class.getName(), name,
                    String.valueOf(port), hosts, keystore.toString(), NodeAccess.PASSWORD, file.toString(),
                    String.valueOf(KEYS), String.valueOf(SEED + port + System.nanoTime()));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process p = pb.start();
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            process = p;
            replies = q;
            in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            reader = new Thread(() -> read(p, q), "chaos-reader-" + name);
            reader.setDaemon(true);
            reader.start();
            expect("UP", 90_000);
        }

        private void read(Process p, BlockingQueue<String> q) {
            String pending = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("TRY ")) {
                        pending = line;
                    } else if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        acks.add(new Ack(name, f[1].equals("D"), f[2],
                                new RecordVersion(Long.parseUnsignedLong(f[3]), f[4]), f[5]));
                        pending = null;
                    } else if (line.startsWith("NOOP ")) {
                        pending = null;
                    } else {
                        q.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
            if (pending != null) {
                inFlight.add(name + " " + pending);
            }
        }

        /** Sends a command and returns the first reply line starting with {@code prefix}. */
        String ask(String command, String prefix, long timeoutMillis) throws Exception {
            in.println(command);
            return expect(prefix, timeoutMillis);
        }

        String expect(String prefix, long timeoutMillis) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = replies.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError(name + ": no " + prefix + " line within " + timeoutMillis
                            + " ms (alive " + alive() + "; log " + log + ")");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }

        void block(Set<String> names) throws Exception {
            blocked = Set.copyOf(names);
            if (alive()) {
                ask("block " + String.join(",", names), "BLOCKED", 10_000);
            }
        }
    }

    @After
    public void stopAll() throws InterruptedException {
        for (Child c : children) {
            if (c.process != null && c.process.isAlive()) {
                c.in.close(); // end of stdin: the node leaves and exits
                if (!c.process.waitFor(15, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                }
            }
        }
    }

    @Test
    public void randomPartitionsAndKillsWithWritesEndConvergedWithEveryAcknowledgedWriteAccountedFor() throws Exception {
        keystore = NodeAccess.keystore(tmp.getRoot().toPath().resolve("chaos.p12"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(freePort());
        }
        List<String> h = new ArrayList<>();
        for (int p : ports) {
            h.add("127.0.0.1[" + p + "]");
        }
        hosts = String.join(",", h);
        for (int i = 0; i < NODES; i++) {
            String name = String.valueOf((char) ('A' + i));
            children.add(new Child(name, ports.get(i), tmp.getRoot().toPath().resolve(name + ".mv"),
                    tmp.getRoot().toPath().resolve(name + ".log")));
        }
        System.out.printf("chaos: %d nodes, %d s, %d keys, seed %d, logs in %s%n", NODES, SECONDS, KEYS, SEED,
                tmp.getRoot());
        for (Child c : children) {
            c.start();
        }
        awaitOneView(120_000);

        Random random = new Random(SEED);
        int partitions = 0, heals = 0, kills = 0, restarts = 0;
        boolean partitioned = false;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < end) {
            // the chaos's pace, not a wait for a condition: 1.5-4.5 s between faults
            Thread.sleep(1500 + random.nextInt(3000));
            if (System.nanoTime() >= end) {
                break;
            }
            List<Child> dead = children.stream().filter(c -> !c.alive()).toList();
            List<Child> live = children.stream().filter(Child::alive).toList();
            int roll = random.nextInt(100);
            if (roll < 45) {
                if (partitioned && random.nextBoolean()) {
                    for (Child c : children) {
                        c.block(Set.of());
                    }
                    partitioned = false;
                    heals++;
                    System.out.printf("chaos: %5.1f s heal%n", elapsed(end));
                } else {
                    List<String> names = new ArrayList<>(children.stream().map(c -> c.name).toList());
                    Collections.shuffle(names, random);
                    Set<String> minority = new HashSet<>(names.subList(0, 1 + random.nextInt(NODES / 2)));
                    Set<String> majority = new HashSet<>(names);
                    majority.removeAll(minority);
                    for (Child c : children) {
                        c.block(minority.contains(c.name) ? majority : minority);
                    }
                    partitioned = true;
                    partitions++;
                    System.out.printf("chaos: %5.1f s partition %s | %s%n", elapsed(end), new java.util.TreeSet<>(minority),
                            new java.util.TreeSet<>(majority));
                }
            } else if (roll < 75 && dead.size() < 2 && !live.isEmpty()) {
                Child victim = live.get(random.nextInt(live.size()));
                victim.kill();
                kills++;
                System.out.printf("chaos: %5.1f s kill -9 %s%n", elapsed(end), victim.name);
            } else if (!dead.isEmpty()) {
                Child back = dead.get(random.nextInt(dead.size()));
                back.start();
                back.block(back.blocked);
                restarts++;
                System.out.printf("chaos: %5.1f s restart %s on its store%n", elapsed(end), back.name);
            }
        }

        // the final heal: no cut, every node running, then the writers stop
        long healStart = System.nanoTime();
        for (Child c : children) {
            c.block(Set.of());
        }
        int finalRestarts = 0;
        for (Child c : children) {
            if (!c.alive()) {
                c.start();
                finalRestarts++;
            }
        }
        long healed = System.nanoTime();
        long restartMillis = (healed - healStart) / 1_000_000;
        for (Child c : children) {
            assertEquals(c.name + " writer stopped", "STOPPED true", c.ask("stop", "STOPPED", 60_000));
        }
        String digest = converged(healed, false);
        long convergedMillis = (System.nanoTime() - healed) / 1_000_000;

        Map<String, Rec> finalRecords = dump(children.get(0));
        String result = account(finalRecords);

        // then the tombstones: once every member reported them (rounds of tombstoneCheckSeconds) they are
        // purged everywhere, and every acknowledged write must still be accounted for
        long purgeStart = System.nanoTime();
        converged(purgeStart, true);
        long purgedMillis = (System.nanoTime() - purgeStart) / 1_000_000;
        Map<String, Rec> purgedRecords = dump(children.get(0));
        String afterPurge = account(purgedRecords);
        System.out.printf("chaos: tombstones purged on every node %d ms after convergence; records %d; %s%n",
                purgedMillis, purgedRecords.size(), afterPurge);
        long live = finalRecords.values().stream().filter(r -> !r.deleted).count();
        System.out.printf("chaos: %d nodes, %d s, seed %d: writes acknowledged %d (%d puts, %d deletes), %d in flight"
                + " at a kill; kills %d, restarts %d, partitions %d, heals %d; final heal: cuts lifted and %d dead node(s)"
                + " restarted (up and joined) in %d ms, then identical records on all nodes in one view %d ms later"
                + " (%s); records %d (%d live, %d tombstones); %s; load average %.2f%n", NODES, SECONDS,
                SEED, acks.size(), acks.stream().filter(a -> !a.delete).count(), acks.stream().filter(a -> a.delete).count(),
                inFlight.size(), kills, restarts, partitions, heals, finalRestarts, restartMillis, convergedMillis,
                digest, finalRecords.size(), live,
                finalRecords.size() - live, result, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertTrue("some writes were acknowledged", acks.size() > 0);
    }

    /**
     * Polls until every node holds the same records in a view of all nodes (and, if asked, no
     * tombstone); fails at the deadline naming the digests.
     *
     * @return the common digest line
     */
    private String converged(long since, boolean noTombstones) throws Exception {
        long deadline = since + TimeUnit.SECONDS.toNanos(Integer.getInteger("hookline.chaos.convergeSeconds", 180));
        while (true) {
            Set<String> digests = new HashSet<>();
            for (Child c : children) {
                digests.add(c.ask("digest", "DIGEST", 30_000));
            }
            if (digests.size() == 1) {
                String[] f = digests.iterator().next().split(" ");
                if (Integer.parseInt(f[3]) == NODES && (!noTombstones || f[4].equals("0"))) {
                    return digests.iterator().next();
                }
            }
            if (System.nanoTime() > deadline) {
                for (Child c : children) {
                    System.out.println("chaos: " + c.ask("status", "STATUS", 30_000));
                }
                fail("not converged" + (noTombstones ? " without tombstones " : " ") + (System.nanoTime() - since)
                        / 1_000_000 + " ms after the final heal: " + digests);
            }
            Thread.sleep(100); // poll interval
        }
    }

    /** Checks every acknowledged write against the converged records; fails naming the first lost ones. */
    private String account(Map<String, Rec> records) {
        Map<String, Ack> latest = new HashMap<>();
        for (Ack a : acks) {
            latest.merge(a.key, a, (x, y) -> x.version.compareTo(y.version) >= 0 ? x : y);
        }
        Set<String> inFlightDeletes = new HashSet<>();
        for (String f : inFlight) {
            String[] p = f.split(" ");
            if (p[2].equals("D")) {
                inFlightDeletes.add(p[3]);
            }
        }
        Set<RecordVersion> ackedVersions = new HashSet<>();
        acks.forEach(a -> ackedVersions.add(a.version));
        long exact = 0, superseded = 0, purged = 0;
        List<String> lost = new ArrayList<>();
        for (Ack a : acks) {
            Rec r = records.get(a.key);
            if (r == null) {
                if (latest.get(a.key).delete || inFlightDeletes.contains(a.key)) {
                    purged++;
                } else {
                    lost.add(a + ": key absent, its last acknowledged write was a put");
                }
                continue;
            }
            int c = r.version.compareTo(a.version);
            if (c < 0) {
                lost.add(a + ": holds the older " + r);
            } else if (c == 0) {
                if (r.deleted != a.delete || (!a.delete && !r.value.equals(a.value))) {
                    lost.add(a + ": same version, other content " + r);
                } else {
                    exact++;
                }
            } else {
                superseded++;
            }
        }
        long unknown = records.values().stream().filter(r -> !ackedVersions.contains(r.version)).count();
        String s = String.format("acknowledged writes: %d held at their version, %d superseded by a later write, %d"
                + " deleted and purged, %d LOST; final records at a version no node acknowledged: %d (in-flight writes"
                + " committed before the kill: at most %d)", exact, superseded, purged, lost.size(), unknown,
                inFlight.size());
        if (!lost.isEmpty()) {
            System.out.println("chaos: " + s);
            fail(lost.size() + " acknowledged writes lost, for example " + lost.subList(0, Math.min(10, lost.size())));
        }
        assertTrue("final records at versions no node acknowledged (" + unknown + ") are at most the in-flight writes ("
                + inFlight.size() + ")", unknown <= inFlight.size());
        return s;
    }

    private Map<String, Rec> dump(Child c) throws Exception {
        c.in.println("dump");
        Map<String, Rec> m = new LinkedHashMap<>();
        while (true) {
            String line = c.expect("", 60_000);
            if (line.startsWith("END ")) {
                assertEquals("records dumped", Integer.parseInt(line.substring(4)), m.size());
                return m;
            }
            if (line.startsWith("REC ")) {
                String[] f = line.split(" ");
                m.put(f[1], new Rec(f[1], new RecordVersion(Long.parseUnsignedLong(f[2]), f[3]), f[4].equals("D"),
                        f[5]));
            }
        }
    }

    private void awaitOneView(long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            List<String> views = new ArrayList<>();
            for (Child c : children) {
                views.add(c.ask("view", "VIEW", 30_000));
            }
            if (views.stream().allMatch(v -> v.split(",").length == NODES)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("no view of " + NODES + " within " + millis + " ms: " + views);
            }
            Thread.sleep(200); // poll interval
        }
    }

    private static double elapsed(long end) {
        return SECONDS - (end - System.nanoTime()) / 1e9;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
