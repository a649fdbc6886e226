package io.hookline.cluster.internal.scale;

import static org.junit.Assert.assertEquals;

import io.hookline.cluster.internal.ClusterComponent;
import io.hookline.cluster.internal.NodeAccess;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.Util;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Where the design stops: for each cluster size (system property {@code hookline.scale.sizes},
 * default 10,25,50) it starts that many real nodes (ClusterComponent: Replicator + encrypted
 * JGroups channel each) in this JVM on SHARED_LOOPBACK + LOCAL_PING, every store pre-seeded with
 * the same {@code hookline.scale.records} (default 100,000) install records (copied by
 * {@code mergeAll} from one seeded store, so versions are identical and the nodes start in step),
 * then measures: the view forming; one more node with an empty store joining and catching up all
 * records; messages per status change (a {@link MessageCounter} above every transport, minus the
 * idle traffic of a window of the same length); a partition into two halves (DISCARD above the
 * transport) with writes on both sides, and the time from the merged view to every node holding
 * the same records; heap per node. Prints one line per size and writes them to
 * {@code target/cluster-scale.txt}. Run by the {@code cluster-scale} profile only (README,
 * "Beyond one machine"). Stack timings are the production defaults (join 3 s, FD_ALL3 10 s,
 * MERGE3 10 s) unless {@code hookline.scale.failure.ms} / {@code hookline.scale.merge.ms} say
 * otherwise. Threading: the test thread drives; JGroups and each node's sender thread do the rest.
 */
public class ClusterScaleIT {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static final String INSTALLS = "installs";
    private static final String SWITCHES = "plugin.switches";
    private static final int RECORDS = Integer.getInteger("hookline.scale.records", 100_000);
    private static final int STATUS_CHANGES = Integer.getInteger("hookline.scale.changes", 20);
    private static final int PARTITION_WRITES = Integer.getInteger("hookline.scale.partition.writes", 1000);
    private static final long FAILURE_MS = Long.getLong("hookline.scale.failure.ms", 10_000);
    private static final long MERGE_MS = Long.getLong("hookline.scale.merge.ms", 10_000);

    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();
    private final List<MessageCounter> counters = new ArrayList<>();
    private final List<DISCARD> discards = new ArrayList<>();

    @Test
    public void measureEachSize() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("hookline.scale.sizes", "10,25,50").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        Path key = NodeAccess.keystore(TMP.getRoot().toPath().resolve("cluster.p12"));
        MvRecordStore template = MvRecordStore.inMemory();
        List<RecordWrite> writes = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            writes.add(new RecordWrite(String.format("app-%06d", i), "id-" + i,
                    Map.of("version", "1.0." + i, "sha256", Integer.toHexString(i).repeat(8))));
        }
        template.putAll(INSTALLS, writes);
        writes = null;
        List<StoredRecord> seed = template.snapshot(INSTALLS);
        template.close();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("# %d records, cores %d, max heap %d MB, load at start %s, failure %d ms, merge %d ms",
                RECORDS, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                loadAverage(), FAILURE_MS, MERGE_MS));
        System.out.println(lines.get(0));
        for (int n : sizes) {
            String line;
            try {
                line = measure(n, key, seed);
            } catch (Throwable t) {
                line = n + " nodes: STOPPED at " + phase + ": " + t + " (used heap " + usedHeapMb() + " MB, load "
                        + loadAverage() + ")";
                t.printStackTrace(System.out);
            } finally {
                tearDown();
            }
            System.out.println(line);
            lines.add(line);
            write(lines);
        }
    }

    private String phase = "";

    private String measure(int n, Path key, List<StoredRecord> seed) throws Exception {
        String cluster = "scale-" + n + "-" + System.nanoTime();
        long heapBefore = usedHeapMb();
        phase = "seeding " + n + " stores";
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            MvRecordStore s = MvRecordStore.inMemory();
            s.mergeAll(seed);
            stores.add(s);
        }
        long seedMs = ms(t0);
        long heapSeeded = usedHeapMb();

        phase = "forming the view of " + n;
        t0 = System.nanoTime();
        long slowestStart = 0;
        for (int i = 0; i < n; i++) {
            long s0 = System.nanoTime();
            nodes.add(start(cluster, "N" + i, stores.get(i), key));
            slowestStart = Math.max(slowestStart, ms(s0));
        }
        await(60_000 + n * 5_000L, () -> nodes.stream().allMatch(x -> members(x) == n),
                () -> "a view of " + n + " on every node, sizes " + nodes.stream().map(x -> members(x)).toList());
        long formMs = ms(t0);
        long heapUp = usedHeapMb();

        phase = "the joiner catching up";
        MvRecordStore joinerStore = MvRecordStore.inMemory();
        stores.add(joinerStore);
        AtomicInteger merged = new AtomicInteger();
        joinerStore.addListener((records, fromMerge) -> {
            if (fromMerge) {
                merged.addAndGet((int) records.stream().filter(r -> r.collection().equals(INSTALLS)).count());
            }
        });
        t0 = System.nanoTime();
        nodes.add(start(cluster, "J", joinerStore, key));
        long joinMs = ms(t0);
        await(300_000, () -> merged.get() >= seed.size(), () -> seed.size() + " records on the joiner, has " + merged.get());
        long catchUpMs = ms(t0) - joinMs;
        assertEquals("the joiner holds exactly the seeded records", seed, joinerStore.snapshot(INSTALLS));
        int all = nodes.size();
        await(60_000, () -> nodes.stream().allMatch(x -> members(x) == all), () -> "the joiner in every view");

        phase = "messages per status change";
        long windowStart = System.nanoTime();
        long maxSpreadUs = 0;
        counters.forEach(MessageCounter::reset);
        for (int k = 0; k < STATUS_CHANGES; k++) {
            MvRecordStore origin = stores.get(k % stores.size());
            StoredRecord written = origin.put(SWITCHES, "scale/p" + k, Map.of("stopped", String.valueOf(k % 2 == 0)));
            long w0 = System.nanoTime();
            Util.waitUntil(30_000, 1, () -> stores.stream().allMatch(s -> has(s, written)),
                    () -> "status change " + written + " on every node");
            maxSpreadUs = Math.max(maxSpreadUs, (System.nanoTime() - w0) / 1000);
        }
        long activeNanos = System.nanoTime() - windowStart;
        Traffic active = traffic();
        // idle traffic (heartbeats, STABLE, MERGE3) over at least 10 s, subtracted pro rata from the active
        // window: a measurement window, not a wait for a condition
        counters.forEach(MessageCounter::reset);
        long idleStart = System.nanoTime();
        Thread.sleep(Math.max(10_000, activeNanos / 1_000_000));
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        Traffic idle = traffic();
        double idleSentPerSecond = idle.sent / idleSeconds;
        double idleReceivedPerSecond = idle.received / idleSeconds;
        double activeSeconds = activeNanos / 1e9;
        double sentPerChange = (active.sent - idleSentPerSecond * activeSeconds) / STATUS_CHANGES;
        double receivedPerChange = (active.received - idleReceivedPerSecond * activeSeconds) / STATUS_CHANGES;

        phase = "the partition";
        int half = all / 2;
        List<ClusterComponent> left = nodes.subList(0, half);
        List<ClusterComponent> right = nodes.subList(half, all);
        cut(left, right);
        t0 = System.nanoTime();
        await(120_000, () -> left.stream().allMatch(x -> members(x) == left.size())
                && right.stream().allMatch(x -> members(x) == right.size()),
                () -> "views of " + left.size() + " and " + right.size() + ", sizes "
                        + nodes.stream().map(x -> members(x)).toList());
        long splitMs = ms(t0);
        MvRecordStore leftStore = stores.get(0);
        MvRecordStore rightStore = stores.get(all - 1);
        Map<String, StoredRecord> expected = new HashMap<>();
        for (int i = 0; i < PARTITION_WRITES; i++) {
            expected.put("left-" + i, leftStore.put(INSTALLS, "left-" + i, Map.of("side", "left")));
            expected.put("right-" + i, rightStore.put(INSTALLS, "right-" + i, Map.of("side", "right")));
            String seeded = seed.get(i * (seed.size() / PARTITION_WRITES)).key();
            StoredRecord l = leftStore.put(INSTALLS, seeded, Map.of("side", "left"));
            StoredRecord r = rightStore.put(INSTALLS, seeded, Map.of("side", "right"));
            expected.put(seeded, l.version().compareTo(r.version()) > 0 ? l : r);
        }

        phase = "the merge";
        discards.forEach(DISCARD::resetIgnoredMembers);
        t0 = System.nanoTime();
        await(180_000, () -> nodes.stream().allMatch(x -> members(x) == all),
                () -> "the merged view of " + all + ", sizes " + nodes.stream().map(x -> members(x)).toList());
        long healMs = ms(t0);
        counters.forEach(MessageCounter::reset);
        long m0 = System.nanoTime();
        await(300_000, () -> stores.stream().allMatch(s -> expected.values().stream().allMatch(r -> has(s, r))),
                () -> "the partition's " + expected.size() + " writes on every node, missing on "
                        + stores.stream().filter(s -> !expected.values().stream().allMatch(r -> has(s, r))).count());
        long convergeMs = ms(m0);
        Traffic mergeTraffic = traffic();
        t0 = System.nanoTime();
        List<StoredRecord> reference = stores.get(0).snapshot(INSTALLS);
        for (MvRecordStore s : stores) {
            assertEquals("identical records after the merge", reference, s.snapshot(INSTALLS));
        }
        long compareMs = ms(t0);

        return String.format("%d+1 nodes: seed %d ms; view of %d formed in %d ms (slowest start %d ms); joiner: join %d ms,"
                + " catch-up of %d records %d ms; status change: spread to all <= %d us, per change %.1f sent / %.1f"
                + " received (idle %.0f sent/s, %.0f received/s); partition %d|%d seen in %d ms; %d writes;"
                + " merged view %d ms after the heal, identical %d ms after the merged view (%d sent, %d received"
                + " meanwhile; full compare %d ms); heap: %d MB seeded (%.1f MB/store), %d MB running (%.1f MB/node);"
                + " load %s",
                n, seedMs, n, formMs, slowestStart, joinMs, seed.size(), catchUpMs, maxSpreadUs, sentPerChange,
                receivedPerChange, idleSentPerSecond, idleReceivedPerSecond, left.size(), right.size(), splitMs,
                expected.size() + PARTITION_WRITES, healMs, convergeMs, mergeTraffic.sent, mergeTraffic.received,
                compareMs, heapSeeded - heapBefore, (heapSeeded - heapBefore) / (double) n, heapUp - heapBefore,
                (heapUp - heapBefore) / (double) n, loadAverage());
    }

    private ClusterComponent start(String cluster, String name, MvRecordStore store, Path key) throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.put("transport", "loopback");
        c.put("keystore_path", key.toString());
        c.put("keystore_password", NodeAccess.PASSWORD);
        c.put("failure_timeout_ms", FAILURE_MS);
        c.put("merge_interval_ms", MERGE_MS);
        ClusterComponent node = NodeAccess.start(store, c);
        MessageCounter counter = new MessageCounter();
        NodeAccess.channel(node).getProtocolStack().insertProtocol(counter, ProtocolStack.Position.ABOVE, TP.class);
        counters.add(counter);
        return node;
    }

    private void cut(List<ClusterComponent> a, List<ClusterComponent> b) throws Exception {
        Address[] as = a.stream().map(x -> NodeAccess.channel(x).getAddress()).toArray(Address[]::new);
        Address[] bs = b.stream().map(x -> NodeAccess.channel(x).getAddress()).toArray(Address[]::new);
        for (ClusterComponent x : nodes) {
            DISCARD d = new DISCARD();
            NodeAccess.channel(x).getProtocolStack().insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            d.addIgnoredMembers(a.contains(x) ? bs : as);
            discards.add(d);
        }
    }

    private record Traffic(long sent, long received) {
    }

    private Traffic traffic() {
        long sent = 0;
        long received = 0;
        for (MessageCounter c : counters) {
            sent += c.mcastsDown.sum() + c.ucastsDown.sum();
            received += c.received.sum();
        }
        return new Traffic(sent, received);
    }

    private static boolean has(MvRecordStore s, StoredRecord r) {
        Optional<StoredRecord> there = s.get(r.collection(), r.key());
        return there.isPresent() && there.get().version().equals(r.version());
    }

    private static int members(ClusterComponent n) {
        return n.status().members.size();
    }

    private void tearDown() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                NodeAccess.stop(nodes.get(i));
            } catch (RuntimeException e) {
                System.out.println("stopping " + i + ": " + e);
            }
        }
        stores.forEach(MvRecordStore::close);
        nodes.clear();
        stores.clear();
        counters.clear();
        discards.clear();
    }

    private static void await(long timeoutMillis, BooleanSupplier condition, Supplier<String> what) throws TimeoutException {
        Util.waitUntil(timeoutMillis, 100, condition, what);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void write(List<String> lines) throws IOException {
        Path out = Paths.get("target", "cluster-scale.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }
}
