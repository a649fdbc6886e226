package io.hookline.cluster.internal.perf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.cluster.internal.ClusterComponent;
import io.hookline.cluster.internal.NodeAccess;
import io.hookline.cluster.internal.PeerArtifactNodesTest;
import io.hookline.core.internal.EngineSettings;
import io.hookline.core.internal.HooklineEngine;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.Result;

/**
 * The issue's performance figures in one run, side by side, on one JVM: three Hookline nodes (real
 * {@link ClusterComponent}s with real engines) over JGroups TCP on 127.0.0.1 with the stack Hookline
 * builds (ChannelSeal, MERGE3, ...), and beside them three plain JChannels on exactly that stack
 * (same protocols, settings and key) for the raw baseline. Measures (1) a 200-byte raw broadcast
 * until delivered on all three, interleaved sample by sample with (2) an operator stop/enable on A's
 * engine until all three engines report the new status (lifecycle events), (3) a joiner catching up
 * 10,000 records (after warm-up joins), (4) a DISCARD partition with writes on both sides, healed:
 * merged view, then identical records, and (5) the artifact helper's 10 MiB peer-vs-HTTP figure through
 * {@link PeerArtifactNodesTest}'s own method. Prints a table (also written to
 * {@code target/cluster-figures.txt}); always asserts that every node ends with identical records,
 * and asserts the three targets unless {@code -Dfigures.assertTargets=false}. Not part of the default
 * build: {@code -Pcluster-figures} (see the module's README). Threading: the test thread drives;
 * JGroups and the engines' lifecycle threads stamp arrival times into atomics.
 */
public class ClusterFiguresIT {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static final int RECORDS = 10_000;
    private static final int CHANGES = Integer.getInteger("figures.changes", 1000);
    private static final int WARMUP = Integer.getInteger("figures.warmup", 200);
    private static final int JOIN_ROUNDS = Integer.getInteger("figures.joinRounds", 7);
    private static final int JOIN_WARMUP = Integer.getInteger("figures.joinWarmup", 2);
    private static final int PARTITION_ROUNDS = Integer.getInteger("figures.partitionRounds", 5);
    private static final boolean ARTIFACT = Boolean.parseBoolean(System.getProperty("figures.artifact", "true"));
    private static final boolean ASSERT_TARGETS = Boolean.parseBoolean(System.getProperty("figures.assertTargets", "true"));
    private static final long JOIN_MS = 1000, FAILURE_MS = 3000, MERGE_MS = 2000;
    private static final String PLUGIN = "signup";

    private final String cluster = "figures-" + System.nanoTime();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path key;
    private int[] ports;
    private List<String> hosts;

    @After
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + open.get(i) + ": " + e);
            }
        }
    }

    @Test
    public void figures() throws Exception {
        String loadBefore = loadAverage();
        key = NodeAccess.keystore(TMP.getRoot().toPath().resolve("cluster.p12"));
        // A, B, then one port per joiner round (C each time)
        ports = new int[2 + JOIN_WARMUP + JOIN_ROUNDS];
        hosts = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            ports[i] = freePort();
            hosts.add("127.0.0.1[" + ports[i] + "]");
        }
        List<String> lines = new ArrayList<>();

        // ---- A with 10,000 install records, B joins (its catch-up is the warm-up of (3))
        MvRecordStore sa = store(), sb = store();
        List<RecordWrite> writes = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            writes.add(new RecordWrite(String.format("app-%05d", i), "id-" + i,
                    Map.of("version", "1.0." + i, "sha256", "ab".repeat(32))));
        }
        sa.putAll("installs", writes);
        HooklineEngine ea = engine(sa), eb = engine(sb);
        ClusterComponent a = node("A", sa, ports[0]);
        ClusterComponent b = node("B", sb, ports[1]);
        await(20_000, () -> view(a) == 2 && view(b) == 2, "a view of A and B");
        await(20_000, () -> sb.snapshot("installs").size() == RECORDS, "B caught up (warm-up)");

        // ---- (3) a joiner catching up 10,000 records
        long[] joinCpu = new long[JOIN_ROUNDS];
        long[] joinTotal = new long[JOIN_ROUNDS], joinView = new long[JOIN_ROUNDS], joinRecords = new long[JOIN_ROUNDS];
        ClusterComponent c = null;
        MvRecordStore sc = null;
        for (int r = -JOIN_WARMUP; r < JOIN_ROUNDS; r++) { // warm-ups first, as the JIT sees the catch-up path
            MvRecordStore s = MvRecordStore.inMemory();
            AtomicInteger arrived = new AtomicInteger();
            AtomicLong caughtUp = new AtomicLong();
            s.addListener((records, merged) -> {
                if (merged && arrived.addAndGet((int) records.stream().filter(x -> x.collection().equals("installs")).count())
                        >= RECORDS) {
                    caughtUp.compareAndSet(0, System.nanoTime());
                }
            });
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            ClusterComponent joiner = node("C", s, ports[2 + JOIN_WARMUP + r]);
            long joined = System.nanoTime();
            await(20_000, () -> caughtUp.get() != 0, "round " + r + ": 10,000 records on C, has " + arrived.get());
            assertEquals("round " + r + ": C's installs are A's", sa.snapshot("installs"), s.snapshot("installs"));
            if (r >= 0) {
                joinCpu[r] = cpu() - cpu0;
                joinTotal[r] = caughtUp.get() - t0;
                joinView[r] = joined - t0;
                joinRecords[r] = caughtUp.get() - joined;
            }
            if (r < JOIN_ROUNDS - 1) {
                NodeAccess.stop(joiner);
                open.remove(open.size() - 1);
                s.close();
                await(20_000, () -> view(a) == 2 && view(b) == 2, "C gone after round " + r);
            } else {
                c = joiner;
                sc = s;
                open.add(open.size() - 1, s); // closed after its node
            }
        }
        ClusterComponent cc = c;
        MvRecordStore scc = sc;
        HooklineEngine ec = engine(sc);
        await(20_000, () -> view(a) == 3 && view(b) == 3 && view(cc) == 3, "a view of three");

        // ---- (1) raw broadcasts and (2) status changes, interleaved
        JChannel[] raw = new JChannel[3];
        int[] rawPorts = {freePort(), freePort(), freePort()};
        List<String> rawHosts = Arrays.stream(rawPorts).mapToObj(p -> "127.0.0.1[" + p + "]").toList();
        RawProbe rawProbe = new RawProbe();
        for (int i = 0; i < 3; i++) {
            raw[i] = NodeAccess.rawTcpChannel("R" + i, rawPorts[i], rawHosts, JOIN_MS, FAILURE_MS, MERGE_MS, key, cluster + "-raw");
            JChannel ch = raw[i];
            open.add(ch::close);
            int node = i;
            ch.setReceiver(new Receiver() {
                @Override
                public void receive(Message msg) {
                    rawProbe.arrived(node, ByteBuffer.wrap(msg.getArray(), msg.getOffset(), msg.getLength()).getLong());
                }
            });
            ch.connect(cluster + "-raw");
        }
        await(20_000, () -> Arrays.stream(raw).allMatch(ch -> ch.getView().size() == 3), "a raw view of three");

        StatusProbe statusProbe = new StatusProbe();
        HooklineEngine[] engines = {ea, eb, ec};
        MvRecordStore[] stores = {sa, sb, sc};
        for (int i = 0; i < 3; i++) {
            int node = i;
            engines[i].addLifecycleListener((topic, props) -> {
                if (PLUGIN.equals(props.get(PluginAdmin.EVENT_PLUGIN))) {
                    statusProbe.event(node, topic);
                }
            });
            if (i > 0) {
                stores[i].addListener((records, merged) -> {
                    // this sample's write only: A's verb writes <plugin>/stopped, on = true (stop) or false (enable)
                    if (merged && records.stream().anyMatch(x -> x.collection().equals(HooklineEngine.SWITCHES)
                            && x.key().equals(PLUGIN + "/stopped") && statusProbe.stoppedOn.equals(x.field("on")))) {
                        statusProbe.merged(node);
                    }
                });
            }
        }
        long[] rawLat = new long[CHANGES], statusLat = new long[CHANGES], mergeLat = new long[CHANGES], verbLat = new long[CHANGES];
        byte[] payload = new byte[200];
        boolean stop = true;
        for (int i = -WARMUP; i < CHANGES; i++) {
            long seq = i + WARMUP + 1L;
            ByteBuffer.wrap(payload).putLong(seq);
            CountDownLatch rl = rawProbe.expect(seq);
            long r0 = System.nanoTime();
            raw[0].send(new BytesMessage(null, payload.clone()));
            assertTrue("raw broadcast " + seq + " on all three", rl.await(10, TimeUnit.SECONDS));
            long rawDone = rawProbe.last();

            String topic = stop ? PluginAdmin.TOPIC_STOPPED : PluginAdmin.TOPIC_STARTED;
            CountDownLatch sl = statusProbe.expect(topic);
            long s0 = System.nanoTime();
            if (stop) {
                ea.stop(PLUGIN);
            } else {
                ea.enable(PLUGIN);
            }
            long verbDone = System.nanoTime();
            assertTrue("status change " + i + " (" + topic + ") on all three engines, seen on "
                    + statusProbe.seen(), sl.await(10, TimeUnit.SECONDS));
            if (i >= 0) {
                rawLat[i] = rawDone - r0;
                statusLat[i] = statusProbe.last() - s0;
                mergeLat[i] = statusProbe.lastMerged() - s0;
                verbLat[i] = verbDone - s0;
            }
            stop = !stop;
        }
        PluginStatus expected = stop ? PluginStatus.STARTED : PluginStatus.STOPPED; // the last verb's outcome
        for (HooklineEngine e : engines) {
            assertEquals(expected, e.plugin(PLUGIN).orElseThrow().status);
        }
        assertIdentical(List.of(HooklineEngine.SWITCHES, "installs", "audit"), sa, sb, sc);
        for (JChannel ch : raw) {
            ch.close();
        }

        // ---- (4) partition with writes on both sides, heal
        long[] healCpu = new long[PARTITION_ROUNDS];
        long[] seenMs = new long[PARTITION_ROUNDS], mergedMs = new long[PARTITION_ROUNDS], convergedMs = new long[PARTITION_ROUNDS];
        List<DISCARD> discards = new ArrayList<>();
        for (ClusterComponent n : List.of(a, b, cc)) {
            DISCARD d = new DISCARD();
            NodeAccess.channel(n).getProtocolStack().insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            discards.add(d);
        }
        for (int r = 0; r < PARTITION_ROUNDS; r++) {
            Address addrA = NodeAccess.channel(a).getAddress(), addrB = NodeAccess.channel(b).getAddress();
            Address addrC = NodeAccess.channel(cc).getAddress();
            discards.get(0).addIgnoreMember(addrC);
            discards.get(1).addIgnoreMember(addrC);
            discards.get(2).addIgnoredMembers(addrA, addrB);
            long cut = System.nanoTime();
            await(30_000, () -> view(a) == 2 && view(b) == 2 && view(cc) == 1, "round " + r + ": the partition seen");
            seenMs[r] = System.nanoTime() - cut;
            for (int i = 0; i < 20; i++) {
                sa.put(HooklineEngine.SWITCHES, "left-" + r + "-" + i, Map.of("on", "true"));
                sb.put("audit", String.format("%013d-B-%d-%d", System.currentTimeMillis(), r, i), Map.of("action", "left"));
                scc.put(HooklineEngine.SWITCHES, "right-" + r + "-" + i, Map.of("on", "true"));
                scc.put("audit", String.format("%013d-C-%d-%d", System.currentTimeMillis(), r, i), Map.of("action", "right"));
            }
            sa.put(HooklineEngine.SWITCHES, "conflict-" + r, Map.of("on", "left"));
            // last writer wins on (HLC, node): within one millisecond the logical counters decide, not the order
            // of the writes, so C writes once the wall clock has passed A's write (a deadline, not a sleep)
            long leftWall = sa.get(HooklineEngine.SWITCHES, "conflict-" + r).orElseThrow().version().wallMillis();
            await(1_000, () -> System.currentTimeMillis() > leftWall + 1, "the clock past A's write");
            scc.put(HooklineEngine.SWITCHES, "conflict-" + r, Map.of("on", "right")); // written later: wins
            discards.forEach(DISCARD::resetIgnoredMembers);
            long heal = System.nanoTime();
            long cpu0 = cpu();
            await(30_000, () -> view(a) == 3 && view(b) == 3 && view(cc) == 3, "round " + r + ": the merged view");
            long merged = System.nanoTime();
            await(30_000, () -> same(HooklineEngine.SWITCHES, sa, sb, scc) && same("audit", sa, sb, scc),
                    "round " + r + ": identical records");
            long converged = System.nanoTime();
            healCpu[r] = cpu() - cpu0;
            mergedMs[r] = merged - heal;
            convergedMs[r] = converged - merged;
            assertIdentical(List.of(HooklineEngine.SWITCHES, "installs", "audit"), sa, sb, scc);
            for (MvRecordStore s : stores) {
                assertEquals("right", s.get(HooklineEngine.SWITCHES, "conflict-" + r).orElseThrow().field("on"));
            }
        }

        // ---- (5) the artifact lane's figure, by the artifact helper's own test method
        String artifactLine = ARTIFACT ? artifactFigure() : "(skipped: -Dfigures.artifact=false)";

        // ---- the table
        long rawP50 = pct(rawLat, 50), rawP99 = pct(rawLat, 99), stP50 = pct(statusLat, 50), stP99 = pct(statusLat, 99);
        double ratio = (double) stP99 / rawP99;
        long joinMedian = median(joinRecords); // the target's catch-up: from the join view, as the README measures it
        long convergedMedian = median(convergedMs);
        lines.add(String.format("Hookline cluster figures: 3 nodes, JGroups TCP on 127.0.0.1, AES-GCM sealed stack,"
                + " %d cores; /proc/loadavg before: %s; after: %s", Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage()));
        lines.add(String.format("%-58s %12s %12s %12s  %s", "figure", "p50/median", "p99/max", "min", "target"));
        lines.add(row("(1) raw broadcast 200 B, delivered on all 3 (" + CHANGES + ")", us(rawP50), us(rawP99), us(min(rawLat)), "baseline"));
        lines.add(row("(2) status change (stop/enable on A) on all 3 engines", us(stP50), us(stP99), us(min(statusLat)),
                String.format("p99 <= 3x raw p99: %.2fx %s", ratio, ratio <= 3 ? "MET" : "MISSED")));
        lines.add(row("    of which: A's verb returned", us(pct(verbLat, 50)), us(pct(verbLat, 99)), us(min(verbLat)), ""));
        lines.add(row("    of which: switch record merged in B's and C's store", us(pct(mergeLat, 50)), us(pct(mergeLat, 99)),
                us(min(mergeLat)), ""));
        lines.add(row("(3) joiner: 10,000 records, join view to all present (" + JOIN_ROUNDS + "+" + JOIN_WARMUP + ")", ms(joinMedian),
                ms(max(joinRecords)), ms(min(joinRecords)), "< 500 ms: " + (joinMedian < 500_000_000L ? "MET" : "MISSED")));
        lines.add(row("    connect (new node to join view)", ms(median(joinView)), ms(max(joinView)), ms(min(joinView)), ""));
        lines.add(row("    new node to all records present", ms(median(joinTotal)), ms(max(joinTotal)), ms(min(joinTotal)), ""));
        lines.add(row("    process CPU from new node to all records", ms(median(joinCpu)), ms(max(joinCpu)), ms(min(joinCpu)),
                ""));
        lines.add(row("(4) partition (DISCARD) seen (" + PARTITION_ROUNDS + ")", ms(median(seenMs)), ms(max(seenMs)), ms(min(seenMs)),
                "FD_ALL3 " + FAILURE_MS + " ms"));
        lines.add(row("    heal: DISCARD lifted to merged view", ms(median(mergedMs)), ms(max(mergedMs)), ms(min(mergedMs)),
                "MERGE3 max " + MERGE_MS + " ms"));
        lines.add(row("    merged view to records identical", ms(convergedMedian), ms(max(convergedMs)), ms(min(convergedMs)),
                "< 1 s: " + (convergedMedian < 1_000_000_000L ? "MET" : "MISSED")));
        lines.add(row("    process CPU from DISCARD lifted to identical", ms(median(healCpu)), ms(max(healCpu)),
                ms(min(healCpu)), "incl. MERGE3/FD traffic"));
        lines.add("(5) " + artifactLine);
        String table = String.join(System.lineSeparator(), lines);
        System.out.println(table);
        Path out = Path.of("target", "cluster-figures.txt");
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, table + System.lineSeparator());
        }
        if (ASSERT_TARGETS) {
            assertTrue(String.format("status change p99 %s is %.2fx the raw p99 %s, target 3x", us(stP99), ratio, us(rawP99)),
                    ratio <= 3);
            assertTrue("joiner catch-up (join view to all records) median " + ms(joinMedian) + ", target < 500 ms", joinMedian < 500_000_000L);
            assertTrue("converged after the merged view median " + ms(convergedMedian) + ", target < 1 s",
                    convergedMedian < 1_000_000_000L);
        }
    }

    // ---- probes

    /** Arrival times of one raw broadcast on the three channels. */
    private static final class RawProbe {
        private volatile long seq = -1;
        private volatile CountDownLatch latch = new CountDownLatch(0);
        private final AtomicLongArray at = new AtomicLongArray(3);

        CountDownLatch expect(long s) {
            for (int i = 0; i < 3; i++) {
                at.set(i, 0);
            }
            latch = new CountDownLatch(3);
            seq = s;
            return latch;
        }

        void arrived(int node, long s) {
            if (s == seq && at.compareAndSet(node, 0, System.nanoTime())) {
                latch.countDown();
            }
        }

        long last() {
            return Math.max(at.get(0), Math.max(at.get(1), at.get(2)));
        }
    }

    /** When each engine reported the expected status, and when B's and C's stores merged the switch. */
    private static final class StatusProbe {
        private volatile String topic = "";
        volatile String stoppedOn = "";
        private volatile CountDownLatch latch = new CountDownLatch(0);
        private final AtomicLongArray at = new AtomicLongArray(3);
        private final AtomicLongArray mergedAt = new AtomicLongArray(3);

        CountDownLatch expect(String t) {
            for (int i = 0; i < 3; i++) {
                at.set(i, 0);
                mergedAt.set(i, 0);
            }
            latch = new CountDownLatch(5); // three engines' events, B's and C's merges
            stoppedOn = t.equals(PluginAdmin.TOPIC_STOPPED) ? "true" : "false";
            topic = t;
            return latch;
        }

        void event(int node, String t) {
            if (t.equals(topic) && at.compareAndSet(node, 0, System.nanoTime())) {
                latch.countDown();
            }
        }

        void merged(int node) {
            if (mergedAt.compareAndSet(node, 0, System.nanoTime())) {
                latch.countDown();
            }
        }

        long last() {
            return Math.max(at.get(0), Math.max(at.get(1), at.get(2)));
        }

        long lastMerged() {
            return Math.max(mergedAt.get(1), mergedAt.get(2));
        }

        String seen() {
            return at + ", merged " + mergedAt;
        }
    }

    // ---- the artifact helper's figure

    private static String artifactFigure() {
        PrintStream previous = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int x) {
                captured.write(x);
                previous.write(x);
            }

            @Override
            public void write(byte[] buf, int off, int len) {
                captured.write(buf, off, len);
                previous.write(buf, off, len);
            }
        }, true));
        Result result;
        try {
            result = new JUnitCore().run(Request.method(PeerArtifactNodesTest.class,
                    "tenMegabytesFromAPeerOverTcpBesideTheSameFromHttpOn127001"));
        } finally {
            System.setOut(previous);
        }
        if (!result.wasSuccessful()) {
            return "10 MiB artifact: PeerArtifactNodesTest failed: " + result.getFailures();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("10 MiB artifact")).findFirst()
                .map(l -> l + " (target 2x; owned by the artifact helper)").orElse("10 MiB artifact: no figure printed");
    }

    // ---- nodes

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        open.add(s);
        return s;
    }

    private ClusterComponent node(String name, RecordStore store, int port) {
        Map<String, Object> c = new HashMap<>();
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.put("transport", "tcp");
        c.put("bind_port", port);
        c.put("initial_hosts", hosts.toArray(new String[0]));
        c.put("keystore_path", key.toString());
        c.put("keystore_password", NodeAccess.PASSWORD);
        c.put("join_timeout_ms", JOIN_MS);
        c.put("failure_timeout_ms", FAILURE_MS);
        c.put("merge_interval_ms", MERGE_MS);
        ClusterComponent n = NodeAccess.start(store, c);
        open.add(() -> NodeAccess.stop(n));
        return n;
    }

    private HooklineEngine engine(RecordStore store) {
        HooklineEngine e = new HooklineEngine(store, new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
        open.add(e);
        e.register(1, Map.of(EventHandler.PLUGIN, PLUGIN, EventHandler.EVENT, "login"), "b", 1,
                () -> (EventHandler<String>) (state, ctx) -> Reply.next(state + "+" + PLUGIN));
        return e;
    }

    private static int view(ClusterComponent n) {
        org.jgroups.View v = NodeAccess.channel(n).getView();
        return v == null ? 0 : v.size();
    }

    private static boolean same(String collection, RecordStore first, RecordStore... others) {
        List<StoredRecord> s = first.snapshot(collection);
        return Arrays.stream(others).allMatch(o -> o.snapshot(collection).equals(s));
    }

    private static void assertIdentical(List<String> collections, RecordStore first, RecordStore... others) {
        for (String coll : collections) {
            assertTrue(coll + " identical on every node", same(coll, first, others));
        }
    }

    private static void await(long timeoutMillis, BooleanSupplier condition, String what) throws Exception {
        Util.waitUntil(timeoutMillis, 2, condition, () -> what);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** CPU time of this JVM (all threads: the three nodes, their engines, JGroups), nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // ---- statistics

    private static long pct(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    private static long median(long[] values) {
        return pct(values, 50);
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static String us(long nanos) {
        return String.format("%.0f us", nanos / 1e3);
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static String row(String what, String p50, String p99, String min, String target) {
        return String.format("%-58s %12s %12s %12s  %s", what, p50, p99, min, target);
    }
}
