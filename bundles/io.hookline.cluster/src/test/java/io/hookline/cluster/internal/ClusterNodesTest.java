package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.core.internal.EngineSettings;
import io.hookline.core.internal.HooklineEngine;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.admin.PluginStatus;
import java.time.Duration;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * N cluster components in one JVM over JGroups' SHARED_LOOPBACK + LOCAL_PING with short timeouts,
 * the real stack otherwise (ChannelSeal, MERGE3, GMS ...). One wait helper: JGroups'
 * {@link Util#waitUntil}; no fixed sleeps.
 */
public class ClusterNodesTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path key;
    private static Path otherKey;
    private static int clusters;

    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();
    private final String cluster = "test-" + System.nanoTime() + "-" + (clusters++);

    @BeforeClass
    public static void keys() throws Exception {
        key = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("cluster.p12"), 256);
        otherKey = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("other.p12"), 256);
    }

    @After
    public void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).deactivate();
        }
        stores.forEach(MvRecordStore::close);
    }

    private ClusterComponent node(String name, RecordStore store, Path keystore) {
        return node(name, store, keystore, Map.of());
    }

    private ClusterComponent node(String name, RecordStore store, Path keystore, Map<String, Object> extra) {
        ClusterComponent n = new ClusterComponent(store, TestConfig.of(TestConfig.loopbackNode(cluster, name, keystore, extra)));
        nodes.add(n);
        return n;
    }

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        stores.add(s);
        return s;
    }

    private static void await(long timeoutMillis, BooleanSupplier condition, Supplier<String> what) throws TimeoutException {
        Util.waitUntil(timeoutMillis, 20, condition, what);
    }

    private static boolean sameRecords(RecordStore a, RecordStore b, String collection) {
        return a.snapshot(collection).equals(b.snapshot(collection));
    }

    private static List<String> members(ClusterComponent n) {
        return n.status().members;
    }

    @Test
    public void threeNodesJoinAndReplicateWritesAndDeletes() throws Exception {
        MvRecordStore sa = store(), sb = store(), sc = store();
        ClusterComponent a = node("A", sa, key);
        node("B", sb, key);
        ClusterComponent c = node("C", sc, key);
        await(10_000, () -> members(a).size() == 3 && members(c).size() == 3, () -> "a view of 3, A sees " + members(a));
        sa.put("plugin.switches", "signup", Map.of("stopped", "true"));
        sb.put("installs", "app", Map.of("version", "1.0.0"));
        await(5_000, () -> sc.get("plugin.switches", "signup").isPresent() && sc.get("installs", "app").isPresent()
                && sa.get("installs", "app").isPresent(), () -> "both writes on every node");
        sc.delete("plugin.switches", "signup");
        sa.put("local.things", "x", Map.of());
        await(5_000, () -> sa.get("plugin.switches", "signup").isEmpty() && sb.get("plugin.switches", "signup").isEmpty(),
                () -> "the delete on A and B");
        for (String coll : List.of("plugin.switches", "installs")) {
            assertEquals(sa.snapshot(coll), sb.snapshot(coll));
            assertEquals(sa.snapshot(coll), sc.snapshot(coll));
        }
        assertTrue("a collection not configured stays local", sb.snapshot("local.things").isEmpty());
        ClusterStatusDTO status = a.status();
        assertEquals(cluster, status.clusterName);
        assertEquals("A", status.node);
        assertEquals("A", status.coordinator);
        assertEquals(List.of("audit", "installs", "plugin.switches"), status.collections);
        assertTrue(status.published >= 1);
    }

    /**
     * A host on the path records what A sends B and plays it to B again, once verbatim and once
     * with one bit flipped (CBC would have let that through decrypted, with one block garbled and
     * the next altered at will). Neither copy gets past B's seal: the wire tap below the seal plays
     * each copy up on the test's thread, and a probe above the seal sees nothing of it on that
     * thread. The copies are counted as replayed and as forged, and B's records stay A's.
     */
    @Test
    public void aMessageRecordedOnTheWireNeverGetsPastTheSealAgainVerbatimOrAltered() throws Exception {
        MvRecordStore sa = store(), sb = store();
        ClusterComponent a = node("A", sa, key);
        ClusterComponent b = node("B", sb, key);
        await(10_000, () -> members(a).size() == 2 && members(b).size() == 2, () -> "a view of 2");
        ProtocolStack stack = b.transport().channel().getProtocolStack();
        WireTap tap = new WireTap(1500);
        stack.insertProtocol(tap, ProtocolStack.Position.BELOW, ChannelSeal.class);
        ThreadProbe probe = new ThreadProbe();
        stack.insertProtocol(probe, ProtocolStack.Position.BELOW, org.jgroups.protocols.MERGE3.class);
        String big = "x".repeat(3000);
        sa.put("plugin.switches", "recorded", Map.of("stopped", "true", "note", big));
        await(5_000, () -> sb.get("plugin.switches", "recorded").isPresent(), () -> "the record on B");
        await(5_000, () -> tap.recorded() != null, () -> "the tap recorded A's message");
        org.jgroups.Message recorded = tap.recorded();
        long replayedBefore = b.transport().seal().replayed();
        long forgedBefore = b.transport().seal().forged();

        probe.watch(() -> tap.playUp(recorded.copy(true, true)));
        assertEquals("the verbatim copy got past the seal", 0, probe.seen());
        assertEquals(replayedBefore + 1, b.transport().seal().replayed());

        org.jgroups.Message altered = recorded.copy(true, true);
        byte[] bytes = java.util.Arrays.copyOfRange(altered.getArray(), altered.getOffset(),
                altered.getOffset() + altered.getLength());
        bytes[bytes.length / 2] ^= 0x10; // inside the record's value
        altered.setArray(bytes, 0, bytes.length);
        probe.watch(() -> tap.playUp(altered));
        assertEquals("the altered copy got past the seal", 0, probe.seen());
        assertEquals(forgedBefore + 1, b.transport().seal().forged());

        sa.put("plugin.switches", "after", Map.of("stopped", "true"));
        await(5_000, () -> sb.get("plugin.switches", "after").isPresent(), () -> "the next write on B");
        assertEquals(sa.get("plugin.switches", "recorded").orElseThrow(), sb.get("plugin.switches", "recorded").orElseThrow());
    }

    /**
     * One bit flipped on the wire, on its way from A to B, in the message that carries a record:
     * B's seal drops it, and NAKACK2 (above the seal) has A send it again, so the record arrives
     * intact rather than altered or not at all.
     */
    @Test
    public void aBitFlippedOnTheWireIsDroppedAndTheRecordStillArrivesIntactByRetransmission() throws Exception {
        MvRecordStore sa = store(), sb = store();
        ClusterComponent a = node("A", sa, key);
        ClusterComponent b = node("B", sb, key);
        await(10_000, () -> members(a).size() == 2 && members(b).size() == 2, () -> "a view of 2");
        WireTap flipper = new WireTap(1500);
        b.transport().channel().getProtocolStack().insertProtocol(flipper, ProtocolStack.Position.BELOW,
                ChannelSeal.class);
        long forgedBefore = b.transport().seal().forged();
        flipper.flipNext();
        sa.put("plugin.switches", "flipped", Map.of("stopped", "true", "note", "y".repeat(3000)));
        await(5_000, () -> flipper.flipped() == 1, () -> "one message flipped on its way to B");
        await(5_000, () -> b.transport().seal().forged() == forgedBefore + 1, () -> "the flipped message dropped on B");
        sa.put("plugin.switches", "next", Map.of("stopped", "true")); // B sees the gap at the latest now
        await(10_000, () -> sb.get("plugin.switches", "flipped").isPresent(), () -> "the record retransmitted to B");
        assertEquals(sa.get("plugin.switches", "flipped").orElseThrow(), sb.get("plugin.switches", "flipped").orElseThrow());
    }

    /**
     * Right below the seal (on the transport): records a copy of the last message over
     * {@code minLength} bytes that arrives, or flips one bit of the next one, and plays a message
     * up the stack on the caller's thread.
     */
    static final class WireTap extends org.jgroups.stack.Protocol {
        private final int minLength;
        private volatile org.jgroups.Message recorded;
        private final java.util.concurrent.atomic.AtomicBoolean flipNext = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger flipped = new java.util.concurrent.atomic.AtomicInteger();

        WireTap(int minLength) {
            this.minLength = minLength;
        }

        void flipNext() {
            flipNext.set(true);
        }

        int flipped() {
            return flipped.get();
        }

        org.jgroups.Message recorded() {
            return recorded;
        }

        void playUp(org.jgroups.Message m) {
            up_prot.up(m);
        }

        private void look(org.jgroups.Message m) {
            if (m.getArray() != null && m.getLength() >= minLength) {
                if (flipNext.compareAndSet(true, false)) {
                    m.getArray()[m.getOffset() + m.getLength() / 2] ^= 0x10;
                    flipped.incrementAndGet();
                } else {
                    recorded = m.copy(true, true);
                }
            }
        }

        @Override
        public Object up(org.jgroups.Message m) {
            look(m);
            return up_prot.up(m);
        }

        @Override
        public void up(org.jgroups.util.MessageBatch batch) {
            for (org.jgroups.Message m : batch) {
                look(m);
            }
            up_prot.up(batch);
        }
    }

    /** Above the seal: counts what passes up on the thread that runs {@link #watch}. */
    static final class ThreadProbe extends org.jgroups.stack.Protocol {
        private final ThreadLocal<int[]> counting = new ThreadLocal<>();
        private int seen;

        void watch(Runnable r) {
            int[] c = new int[1];
            counting.set(c);
            try {
                r.run();
            } finally {
                counting.remove();
            }
            seen = c[0];
        }

        int seen() {
            return seen;
        }

        @Override
        public Object up(org.jgroups.Message m) {
            int[] c = counting.get();
            if (c != null) {
                c[0]++;
            }
            return up_prot.up(m);
        }

        @Override
        public void up(org.jgroups.util.MessageBatch batch) {
            int[] c = counting.get();
            if (c != null) {
                c[0] += batch.size();
            }
            up_prot.up(batch);
        }
    }

    @Test
    public void aJoinerCatchesUpTenThousandRecords() throws Exception {
        MvRecordStore sa = store(), sb = store();
        List<RecordWrite> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            writes.add(new RecordWrite(String.format("app-%05d", i), "id-" + i,
                    Map.of("version", "1.0." + i, "sha256", "ab".repeat(32))));
        }
        sa.putAll("installs", writes);
        ClusterComponent a = node("A", sa, key);
        long start = System.nanoTime();
        ClusterComponent b = node("B", sb, key);
        long joined = System.nanoTime();
        await(10_000, () -> sb.snapshot("installs").size() == 10_000, () -> "10,000 records on B, has "
                + sb.snapshot("installs").size());
        long caughtUp = System.nanoTime();
        assertTrue(sameRecords(sa, sb, "installs"));
        System.out.printf("catch-up of 10,000 records: join %d ms, then records in %d ms (total %d ms)%n",
                (joined - start) / 1_000_000, (caughtUp - joined) / 1_000_000, (caughtUp - start) / 1_000_000);
        assertEquals(2, members(b).size());
        assertTrue(b.status().lastCatchUp > 0);
        assertTrue(a.status().catchUpsServed >= 1);
    }

    @Test
    public void aPartitionWithWritesOnBothSidesHealsToOneState() throws Exception {
        MvRecordStore sa = store(), sb = store(), sc = store();
        ClusterComponent a = node("A", sa, key);
        ClusterComponent b = node("B", sb, key);
        ClusterComponent c = node("C", sc, key);
        await(10_000, () -> members(a).size() == 3 && members(c).size() == 3, () -> "a view of 3");
        sa.put("plugin.switches", "p", Map.of("v", "0"));
        await(5_000, () -> sc.get("plugin.switches", "p").isPresent(), () -> "p on C");

        // cut C off from A and B: DISCARD right above the transport on every node
        List<DISCARD> discards = new ArrayList<>();
        for (ClusterComponent n : List.of(a, b, c)) {
            DISCARD d = new DISCARD();
            ProtocolStack stack = n.transport().channel().getProtocolStack();
            stack.insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            discards.add(d);
        }
        org.jgroups.Address addrC = c.transport().channel().getAddress();
        discards.get(0).addIgnoreMember(addrC);
        discards.get(1).addIgnoreMember(addrC);
        discards.get(2).addIgnoredMembers(a.transport().channel().getAddress(), b.transport().channel().getAddress());
        long cut = System.nanoTime();
        await(15_000, () -> members(a).size() == 2 && members(c).size() == 1,
                () -> "the partition seen: A " + members(a) + ", C " + members(c));
        long seen = System.nanoTime();

        sa.put("plugin.switches", "p", Map.of("v", "left"));
        sb.put("installs", "left-only", Map.of());
        sc.put("installs", "right-only", Map.of());
        sc.put("plugin.switches", "p", Map.of("v", "right")); // written last: wins
        sc.put("audit", "0000000000001-C-1", Map.of("action", "x"));
        assertFalse(sa.get("installs", "right-only").isPresent());

        discards.forEach(DISCARD::resetIgnoredMembers);
        long healStart = System.nanoTime();
        await(20_000, () -> members(a).size() == 3 && members(c).size() == 3,
                () -> "the merged view: A " + members(a) + ", C " + members(c));
        long merged = System.nanoTime();
        await(5_000, () -> List.of("plugin.switches", "installs", "audit").stream()
                .allMatch(coll -> sameRecords(sa, sb, coll) && sameRecords(sa, sc, coll)), () -> "identical records");
        long converged = System.nanoTime();
        assertEquals("right", sa.get("plugin.switches", "p").map(r -> r.field("v")).orElseThrow());
        assertTrue(sb.get("installs", "right-only").isPresent());
        assertTrue(sc.get("installs", "left-only").isPresent());
        System.out.printf("partition seen in %d ms; heal to merged view %d ms; records converged %d ms after the"
                + " merged view%n", (seen - cut) / 1_000_000, (merged - healStart) / 1_000_000,
                (converged - merged) / 1_000_000);
    }

    @Test
    public void aNodeRestartedWithStaleStateCatchesUpAndSpreadsWhatItWroteWhileAway() throws Exception {
        MvRecordStore sa = store(), sb = store(), sc = store();
        ClusterComponent a = node("A", sa, key);
        node("B", sb, key);
        ClusterComponent c = node("C", sc, key);
        await(10_000, () -> members(a).size() == 3, () -> "a view of 3");
        sa.put("plugin.switches", "p", Map.of("stopped", "false"));
        await(5_000, () -> sc.get("plugin.switches", "p").isPresent(), () -> "p on C");

        c.deactivate(); // C goes down; its store stays
        nodes.remove(c);
        await(10_000, () -> members(a).size() == 2, () -> "C gone from A's view");
        sa.put("plugin.switches", "p", Map.of("stopped", "true"));
        sb.delete("installs", "nothing-there");
        sb.put("installs", "app", Map.of("version", "2"));
        sc.put("audit", "0000000000002-C-1", Map.of("action", "local while away")); // not published: C is down

        ClusterComponent back = node("C", sc, key);
        await(10_000, () -> "true".equals(sc.get("plugin.switches", "p").map(r -> r.field("stopped")).orElse(null))
                && sc.get("installs", "app").isPresent(), () -> "C caught up");
        await(5_000, () -> sa.get("audit", "0000000000002-C-1").isPresent() && sb.get("audit", "0000000000002-C-1").isPresent(),
                () -> "C's write made while away on A and B");
        for (String coll : List.of("plugin.switches", "installs", "audit")) {
            assertEquals(sa.snapshot(coll), sc.snapshot(coll));
            assertEquals(sb.snapshot(coll), sc.snapshot(coll));
        }
        assertEquals(3, members(back).size());
    }

    @Test
    public void aNodeWithAnotherKeyCannotJoinReadOrPush() throws Exception {
        MvRecordStore sa = store(), sb = store(), sx = store();
        ClusterComponent a = node("A", sa, key);
        ClusterComponent b = node("B", sb, key);
        await(10_000, () -> members(a).size() == 2, () -> "A and B together");
        sa.put("installs", "secret-app", Map.of("sha256", "00"));
        sx.put("installs", "evil-app", Map.of());
        // another key is another JGroups cluster name: X discovers nobody and comes up alone at once
        ClusterComponent x = node("X", sx, otherKey);
        assertEquals("X is alone", List.of("X"), members(x));
        sx.put("plugin.switches", "signup", Map.of("stopped", "true"));
        sa.put("plugin.switches", "other", Map.of());
        await(5_000, () -> sb.get("plugin.switches", "other").isPresent(), () -> "a later write reaches B");
        assertEquals(List.of("A", "B"), members(a));
        assertFalse(sa.get("plugin.switches", "signup").isPresent());
        assertFalse(sb.get("installs", "evil-app").isPresent());
        assertFalse(sx.get("installs", "secret-app").isPresent());
        assertFalse(sx.get("plugin.switches", "other").isPresent());
        assertEquals(0, x.status().merged);
        // X's group name carries another key's tag, so its messages never reach A's or B's stack
        // (a node that copies the tag is dropped by the seal: the next test)
    }

    /**
     * The group name's key tag only separates clusters: it travels in clear, so a node may copy it.
     * Y does, with another key: it discovers A and B and sends them JOIN requests, which their
     * channel seal drops as forged; after its join attempts it runs alone, never in A's view.
     */
    @Test
    public void aNodeCopyingTheClustersGroupNameWithAnotherKeyIsStillRefused() throws Exception {
        MvRecordStore sa = store(), sb = store();
        ClusterComponent a = node("A", sa, key);
        node("B", sb, key);
        await(10_000, () -> members(a).size() == 2, () -> "A and B together");
        javax.crypto.SecretKey genuine = ClusterKey.load(key.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster");
        javax.crypto.SecretKey other = ClusterKey.load(otherKey.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster");
        try (org.jgroups.JChannel y = new org.jgroups.JChannel(JGroupsTransport.protocols(StackSettings.loopbackForTests(),
                other, cluster))) {
            y.name("Y");
            y.connect(JGroupsTransport.group(cluster, genuine)); // returns once its join attempts ran out
            assertEquals("Y alone: " + y.getView(), 1, y.getView().size());
            y.send(new org.jgroups.BytesMessage(null, new byte[] {1, 2, 3}));
            sa.put("plugin.switches", "after-y", Map.of());
            await(5_000, () -> sb.get("plugin.switches", "after-y").isPresent(), () -> "a later write reaches B");
            assertEquals(List.of("A", "B"), members(a));
            // A and B dropped what Y sent (its JOINs, its broadcast) as forged, below everything else
            await(5_000, () -> a.transport().seal().forged() + nodes.get(1).transport().seal().forged() >= 1,
                    () -> "Y's messages dropped as forged on A or B");
        }
    }

    @Test
    public void theDefaultTcpStackOnLoopbackFormsAClusterAndReplicates() throws Exception {
        int p1 = freePort(), p2 = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
        MvRecordStore s1 = store(), s2 = store();
        ClusterComponent n1 = tcpNode("T1", s1, p1, hosts);
        ClusterComponent n2 = tcpNode("T2", s2, p2, hosts);
        await(15_000, () -> members(n1).size() == 2 && members(n2).size() == 2, () -> "a TCP view of 2: " + members(n1));
        s2.put("plugin.switches", "over-tcp", Map.of("stopped", "true"));
        await(5_000, () -> s1.get("plugin.switches", "over-tcp").isPresent(), () -> "the write over TCP");
    }

    /**
     * Over TCP, MERGE3 finds the other partition by sending its INFO to the physical addresses
     * discovery knows (the loopback transport multicasts instead): the seal must let such a message
     * in when it names this member's physical address, or two TCP nodes split apart never merge.
     */
    @Test
    public void twoTcpNodesSplitApartMergeAgainOverTheirPhysicalAddresses() throws Exception {
        int p1 = freePort(), p2 = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
        MvRecordStore s1 = store(), s2 = store();
        Map<String, Object> fast = Map.of("failure_timeout_ms", 3000L, "merge_interval_ms", 2000L);
        ClusterComponent n1 = tcpNode("T1", s1, p1, hosts, fast);
        ClusterComponent n2 = tcpNode("T2", s2, p2, hosts, fast);
        await(15_000, () -> members(n1).size() == 2 && members(n2).size() == 2, () -> "a TCP view of 2: " + members(n1));
        List<DISCARD> discards = new ArrayList<>();
        for (ClusterComponent n : List.of(n1, n2)) {
            DISCARD d = new DISCARD();
            n.transport().channel().getProtocolStack().insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            discards.add(d);
        }
        discards.get(0).addIgnoreMember(n2.transport().channel().getAddress());
        discards.get(1).addIgnoreMember(n1.transport().channel().getAddress());
        await(20_000, () -> members(n1).size() == 1 && members(n2).size() == 1, () -> "the split: T1 " + members(n1));
        s2.put("plugin.switches", "while-apart", Map.of("stopped", "true"));
        discards.forEach(DISCARD::resetIgnoredMembers);
        await(30_000, () -> members(n1).size() == 2 && members(n2).size() == 2, () -> "the merged TCP view: T1 "
                + members(n1) + ", T2 " + members(n2) + "; T1's seal dropped " + n1.transport().seal().misdirected()
                + " as misdirected");
        await(5_000, () -> s1.get("plugin.switches", "while-apart").isPresent(), () -> "the write made apart, on T1");
        assertEquals(0, n1.transport().seal().misdirected() + n2.transport().seal().misdirected());
    }

    private ClusterComponent tcpNode(String name, RecordStore store, int port, String hosts) {
        return tcpNode(name, store, port, hosts, Map.of());
    }

    private ClusterComponent tcpNode(String name, RecordStore store, int port, String hosts, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(extra);
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.put("bind_port", port);
        c.put("initial_hosts", hosts.split(","));
        c.put("keystore_path", key.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.put("join_timeout_ms", 1000L);
        ClusterComponent n = new ClusterComponent(store, TestConfig.of(c));
        nodes.add(n);
        return n;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    public void withoutAKeystoreTheClusterRefusesToStartAndLeavesNothingOpen() {
        MvRecordStore s = store();
        Map<String, Object> c = new HashMap<>();
        c.put("cluster_name", cluster);
        c.put("transport", "loopback");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ClusterComponent(s, TestConfig.of(c)));
        assertTrue(e.getMessage(), e.getMessage().contains("keystore.path is not set"));
        s.put("plugin.switches", "p", Map.of()); // no listener was left registered that would fail or leak
        c.put("keystore_path", key.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.put("local_only", new String[] {"nocollection"});
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new ClusterComponent(s, TestConfig.of(c)));
        assertTrue(bad.getMessage(), bad.getMessage().contains("local.only"));
    }

    private final List<HooklineEngine> engines = new ArrayList<>();

    /** A real engine on {@code store}, with one plugin "signup" on event "login". */
    private HooklineEngine engine(RecordStore store) {
        HooklineEngine e = new HooklineEngine(store, new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
        engines.add(e);
        e.register(1, Map.of(EventHandler.PLUGIN, "signup", EventHandler.EVENT, "login"), "b", 1,
                () -> (EventHandler<String>) (state, ctx) -> Reply.next(state + "+signup"));
        return e;
    }

    @After
    public void stopEngines() {
        engines.forEach(HooklineEngine::close);
    }

    private static PluginStatus status(HooklineEngine e) {
        return e.plugin("signup").orElseThrow().status;
    }

    @Test
    public void aStopOnAIsStoppedAndSkippedOnBWithinADeadline() throws Exception {
        MvRecordStore sa = store(), sb = store();
        HooklineEngine ea = engine(sa), eb = engine(sb);
        ClusterComponent a = node("A", sa, key);
        node("B", sb, key);
        await(10_000, () -> members(a).size() == 2, () -> "A and B together");
        assertEquals("x+signup", eb.call("login", "x").value());
        long start = System.nanoTime();
        ea.stop("signup");
        long stopped = System.nanoTime();
        // polled every millisecond: the figure printed is the propagation, not the poll interval
        Util.waitUntil(3_000, 1, () -> status(eb) == PluginStatus.STOPPED && "x".equals(eb.call("login", "x").value()),
                () -> "signup STOPPED and skipped on B, is " + status(eb));
        long seen = System.nanoTime();
        ea.enable("signup");
        Util.waitUntil(3_000, 1, () -> status(eb) == PluginStatus.STARTED && "x+signup".equals(eb.call("login", "x").value()),
                () -> "signup back on B, is " + status(eb));
        long back = System.nanoTime();
        System.out.printf("stop on A: %d us in A's verb; STOPPED and skipped on B %d us after the verb returned;"
                + " enable seen on B %d us after it%n", (stopped - start) / 1000, (seen - stopped) / 1000,
                (back - seen) / 1000);
        assertEquals("B wrote no switch of its own", 0, sb.snapshot(HooklineEngine.SWITCHES).stream()
                .filter(r -> r.version().node().equals(sb.nodeId())).count());
    }

    @Test
    public void underDenyMinorityANodeCutOffRefusesVerbsNamingThePartitionUntilTheMerge() throws Exception {
        MvRecordStore sa = store(), sb = store(), sc = store();
        HooklineEngine ea = engine(sa), ec = engine(sc);
        Map<String, Object> deny = Map.of("partition_policy", "deny-minority");
        ClusterComponent a = node("A", sa, key, deny);
        ClusterComponent b = node("B", sb, key, deny);
        ClusterComponent c = node("C", sc, key, deny);
        await(10_000, () -> members(a).size() == 3 && members(c).size() == 3, () -> "a view of 3");
        List<DISCARD> discards = cut(List.of(a, b), c);
        long cut = System.nanoTime();
        await(15_000, () -> c.status().writesRefused, () -> "C in a minority: " + c.status().health);
        long refusing = System.nanoTime();
        ClusterStatusDTO s = c.status();
        assertEquals(List.of("A", "B"), s.missingMembers);
        assertTrue(s.health, s.health.startsWith("PARTITIONED: missing A, B"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ec.stop("signup"));
        assertTrue(e.getMessage(), e.getMessage().contains("minority partition") && e.getMessage().contains("missing: A, B"));
        assertEquals("reads and calls are served", "x+signup", ec.call("login", "x").value());
        await(15_000, () -> a.status().partitioned && !a.status().writesRefused, () -> "A sees C missing");
        assertEquals(List.of("C"), a.status().missingMembers);
        ea.stop("signup");

        discards.forEach(DISCARD::resetIgnoredMembers);
        long heal = System.nanoTime();
        await(20_000, () -> !c.status().partitioned && status(ec) == PluginStatus.STOPPED,
                () -> "merged, A's stop applied on C: " + c.status().health + ", " + status(ec));
        long applied = System.nanoTime();
        assertTrue(c.status().lastMerge > 0);
        ec.enable("signup"); // writes again
        System.out.printf("deny-minority: C refusing %d ms after the cut; merged and A's stop applied on C %d ms"
                + " after the heal%n", (refusing - cut) / 1_000_000, (applied - heal) / 1_000_000);
    }

    /** Cuts {@code off} from {@code rest}: DISCARD right above the transport on every node. */
    private static List<DISCARD> cut(List<ClusterComponent> rest, ClusterComponent off) throws Exception {
        List<DISCARD> discards = new ArrayList<>();
        List<org.jgroups.Address> restAddresses = new ArrayList<>();
        for (ClusterComponent n : rest) {
            restAddresses.add(n.transport().channel().getAddress());
        }
        for (ClusterComponent n : rest) {
            DISCARD d = new DISCARD();
            n.transport().channel().getProtocolStack().insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
            d.addIgnoreMember(off.transport().channel().getAddress());
            discards.add(d);
        }
        DISCARD d = new DISCARD();
        off.transport().channel().getProtocolStack().insertProtocol(d, ProtocolStack.Position.ABOVE, TP.class);
        d.addIgnoredMembers(restAddresses.toArray(new org.jgroups.Address[0]));
        discards.add(d);
        return discards;
    }

    static List<StoredRecord> live(RecordStore s, String c) {
        return s.list(c);
    }
}
