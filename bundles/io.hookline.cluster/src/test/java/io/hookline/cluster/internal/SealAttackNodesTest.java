package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.Receiver;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.LOCAL_PING;
import org.jgroups.protocols.PingData;
import org.jgroups.protocols.PingHeader;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Ignore;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Attacks on the sealed channel with real stacks: raw channels and cluster nodes in one JVM
 * (SHARED_LOOPBACK), and over TCP on 127.0.0.1, with a protocol of the test's own below the seal
 * as the host on the path, or a node without the key.
 */
public class SealAttackNodesTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path keystore;
    private static SecretKey key;
    private static int clusters;

    private final String cluster = "attack-" + System.nanoTime() + "-" + (clusters++);
    private final List<JChannel> channels = new ArrayList<>();
    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();

    @BeforeClass
    public static void keys() throws Exception {
        keystore = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("cluster.p12"), 256);
        key = ClusterKey.load(keystore.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster");
    }

    @After
    public void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).deactivate();
        }
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).close();
        }
        stores.forEach(MvRecordStore::close);
    }

    private static void await(long millis, BooleanSupplier condition, Supplier<String> what) throws TimeoutException {
        Util.waitUntil(millis, 20, condition, what);
    }

    /** A raw channel on the loopback stack the cluster runs (the seal included), not connected. */
    private JChannel loopbackChannel(String name) throws Exception {
        JChannel ch = new JChannel(JGroupsTransport.protocols(StackSettings.loopbackForTests(), key, cluster)).name(name);
        channels.add(ch);
        return ch;
    }

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        stores.add(s);
        return s;
    }

    private ClusterComponent node(String name, MvRecordStore store, Map<String, Object> extra) {
        ClusterComponent n = new ClusterComponent(store, TestConfig.of(TestConfig.loopbackNode(cluster, name, keystore, extra)));
        nodes.add(n);
        return n;
    }

    /**
     * Below the seal on B: the first message from A to B of at least {@code minLength} bytes after
     * {@link #arm} is taken off the wire and handed to the seal inside a multicast batch, as a host
     * on the path rewriting a TCP frame's flags would deliver it.
     */
    static final class BatchMover extends Protocol {
        private final int minLength;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final AtomicInteger moved = new AtomicInteger();

        BatchMover(int minLength) {
            this.minLength = minLength;
        }

        void arm() {
            armed.set(true);
        }

        int moved() {
            return moved.get();
        }

        private boolean take(Message m) {
            if (m.getDest() != null && m.getLength() >= minLength && armed.compareAndSet(true, false)) {
                MessageBatch mcast = new MessageBatch(1).setSender(m.getSrc()).setDest(null).multicast(true);
                mcast.add(m);
                moved.incrementAndGet();
                up_prot.up(mcast);
                return true;
            }
            return false;
        }

        @Override
        public Object up(Message m) {
            return take(m) ? null : up_prot.up(m);
        }

        @Override
        public void up(MessageBatch batch) {
            batch.removeIf(this::take, true);
            if (!batch.isEmpty()) {
                up_prot.up(batch);
            }
        }
    }

    /**
     * A host on the path turns A's genuine unicast to B into a multicast batch. Before the seal
     * checked a message's destination against its batch's kind, UNICAST3 (which passes multicast
     * batches up untouched) never saw it: the application got it once bypassing UNICAST3, and
     * again when A, never acknowledged, retransmitted it. Failed before the fix with 2 deliveries.
     */
    @Test
    public void aUnicastMovedIntoAMulticastBatchIsDeliveredOnce() throws Exception {
        JChannel a = loopbackChannel("A");
        JChannel b = loopbackChannel("B");
        AtomicInteger got = new AtomicInteger();
        byte[] payload = new byte[3000];
        payload[0] = 42;
        b.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                if (msg.getLength() == payload.length && msg.getArray()[msg.getOffset()] == 42) {
                    got.incrementAndGet();
                }
            }
        });
        a.connect(cluster);
        b.connect(cluster);
        await(10_000, () -> a.getView().size() == 2 && b.getView().size() == 2, () -> "a view of 2");
        BatchMover mover = new BatchMover(2000);
        b.getProtocolStack().insertProtocol(mover, ProtocolStack.Position.BELOW, ChannelSeal.class);
        mover.arm();
        a.send(new BytesMessage(b.getAddress(), payload));
        await(5_000, () -> mover.moved() == 1, () -> "A's unicast moved into a multicast batch");
        UNICAST3 u = a.getProtocolStack().findProtocol(UNICAST3.class);
        await(10_000, () -> got.get() >= 1 && u.getNumUnackedMessages() == 0, () -> "the unicast delivered and acked, got "
                + got.get() + ", unacked " + u.getNumUnackedMessages());
        a.send(new BytesMessage(b.getAddress(), new byte[10])); // anything later: the channel still works
        await(2_000, () -> u.getNumUnackedMessages() == 0, () -> "the next unicast acked");
        assertEquals("deliveries of one unicast", 1, got.get());
    }

    /** A GET_MBRS_RSP claiming that {@code member} is called {@code name} (and, if given, is at {@code at}). */
    private static Message discoveryClaim(short discoveryId, String cluster, Address member, String name,
            PhysicalAddress at, Address to) {
        return new BytesMessage(to).putHeader(discoveryId, new PingHeader(PingHeader.GET_MBRS_RSP).clusterName(cluster))
                .setArray(Discovery.marshal(new PingData(member, true, name, at)));
    }

    /** Right above the transport (below discovery): plays an unsealed message up, as if it came off the wire. */
    static final class Injector extends Protocol {
        void inject(Message m) {
            up_prot.up(m);
        }
    }

    /**
     * The cluster names members by JGroups' logical names, which discovery sets. With discovery in
     * clear (the seal above it), a host on the path that told A "B's address is called A" made A
     * take every sealed message B sent for one of its own and drop it (Replicator ignores messages
     * from itself): B's writes never reached A while the claim was repeated (MERGE3's sealed INFO
     * restores the true name within a merge interval). Failed before the seal moved below
     * discovery (B's write never on A; NameCache said "A"). Now the claim is refused as unsealed.
     */
    @Test
    public void aDiscoveryMessageInClearCannotRenameAMemberAndSilenceIt() throws Exception {
        MvRecordStore sa = store(), sb = store();
        ClusterComponent a = node("A", sa, Map.of());
        ClusterComponent b = node("B", sb, Map.of());
        await(10_000, () -> a.status().members.size() == 2 && b.status().members.size() == 2, () -> "a view of 2");
        ProtocolStack stack = a.transport().channel().getProtocolStack();
        Injector wire = new Injector();
        stack.insertProtocol(wire, ProtocolStack.Position.ABOVE, SHARED_LOOPBACK.class);
        short ping = stack.findProtocol(LOCAL_PING.class).getId();
        Address addrA = a.transport().channel().getAddress(), addrB = b.transport().channel().getAddress();
        java.util.concurrent.ScheduledExecutorService attacker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            attacker.scheduleWithFixedDelay(() -> wire.inject(discoveryClaim(ping, cluster, addrB, "A", null, addrA)
                    .setSrc(addrB)), 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            long before = a.transport().seal().unsealed();
            await(5_000, () -> a.transport().seal().unsealed() > before, () -> "the first claims on A's wire");
            sb.put("plugin.switches", "renamed", Map.of("stopped", "true"));
            await(5_000, () -> sa.get("plugin.switches", "renamed").isPresent(),
                    () -> "B's write on A (A took B's messages for its own: " + org.jgroups.util.NameCache.get(addrB) + ")");
            assertEquals("B's name on A", "B", org.jgroups.util.NameCache.get(addrB));
        } finally {
            attacker.shutdownNow();
        }
    }

    private ClusterComponent tcpNode(String name, MvRecordStore store, int port, String hosts) {
        return node(name, store, Map.of("transport", "tcp", "bind_port", port, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L, "failure_timeout_ms", 3000L, "merge_interval_ms", 3000L));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /**
     * A node without the key, over TCP on 127.0.0.1, not on any path, keeps telling T1 that T2 is
     * at a port where nobody listens (with discovery in clear it would have learnt T2's address
     * from T2's own discovery answer). With the seal above discovery T1's traffic for T2 went
     * there, T2 heard nothing from T1 and the view split within the failure timeout (failed
     * before: T2's view of 1 after a few seconds). Now the claim is refused as unsealed and the
     * view holds for three failure timeouts.
     */
    @Test
    public void aNodeWithoutTheKeyCannotRedirectAMembersTrafficAndSplitTheView() throws Exception {
        int p1 = freePort(), p2 = freePort(), px = freePort(), dead = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
        MvRecordStore s1 = store(), s2 = store();
        ClusterComponent t1 = tcpNode("T1", s1, p1, hosts);
        ClusterComponent t2 = tcpNode("T2", s2, p2, hosts);
        await(15_000, () -> t1.status().members.size() == 2 && t2.status().members.size() == 2, () -> "a TCP view of 2");
        Path otherKey = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("other-" + System.nanoTime() + ".p12"), 256);
        JChannel x = NodeAccess.rawTcpChannel("X", px, List.of(hosts.split(",")), 500, 3000, 3000, otherKey, cluster);
        channels.add(x);
        x.connect(cluster); // alone: nobody opens its JOIN request
        TP tpx = x.getProtocolStack().getTransport();
        short ping = x.getProtocolStack().findProtocol(TCPPING.class).getId();
        Address addr2 = t2.transport().channel().getAddress(); // given to X: it can no longer learn it
        PhysicalAddress at1 = (PhysicalAddress) t1.transport().channel().down(new org.jgroups.Event(
                org.jgroups.Event.GET_PHYSICAL_ADDRESS, t1.transport().channel().getAddress()));
        PhysicalAddress nowhere = new org.jgroups.stack.IpAddress("127.0.0.1", dead);
        java.util.concurrent.ScheduledExecutorService attacker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            attacker.scheduleWithFixedDelay(() -> tpx.down(discoveryClaim(ping, cluster, addr2, "T2", nowhere, at1)),
                    0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) { // three failure timeouts: the view must hold throughout
                assertEquals("T2's view while X redirects T1's traffic", 2, t2.status().members.size());
                Thread.sleep(100);
            }
        } finally {
            attacker.shutdownNow();
        }
        s1.put("plugin.switches", "still", Map.of());
        await(5_000, () -> s2.get("plugin.switches", "still").isPresent(), () -> "T1's write on T2");
    }

    /**
     * Legitimate load only, over TCP on 127.0.0.1: three nodes, sixteen writer threads on each of
     * T1 and T2 writing records as fast as the store takes them for a few seconds while T3 fetches
     * a 10 MiB artifact from T1 twice. The seal numbers every message before the per-destination
     * bundler and the receiver's thread pool reorder them, so the question is whether its
     * 1,024-message window takes legitimate messages for replays (NAKACK2 and UNICAST3 would then
     * retransmit them, and the unreliable heartbeats would be lost). Asserts that the cluster
     * converges and the fetches complete; prints the seal's counters.
     */
    @Test
    public void heavyConcurrentLegitimateTrafficConvergesAndTheFetchCompletes() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "],127.0.0.1[" + p3 + "]";
        MvRecordStore s1 = store(), s2 = store(), s3 = store();
        ClusterComponent t1 = node("T1", s1, Map.of("transport", "tcp", "bind_port", p1, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L));
        ClusterComponent t2 = node("T2", s2, Map.of("transport", "tcp", "bind_port", p2, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L));
        ClusterComponent t3 = node("T3", s3, Map.of("transport", "tcp", "bind_port", p3, "initial_hosts", hosts.split(","),
                "join_timeout_ms", 1000L));
        await(30_000, () -> List.of(t1, t2, t3).stream().allMatch(n -> n.status().members.size() == 3),
                () -> "a TCP view of 3: " + t1.status().members + " " + t3.status().members);
        byte[] content = new byte[10 * 1024 * 1024];
        new java.util.Random(3).nextBytes(content);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        Path held = java.nio.file.Files.write(TMP.newFile().toPath(), content);
        t1.serveFrom(x -> x.equals(sha) ? java.util.Optional.of(held) : java.util.Optional.empty(), 262_144);

        int writers = 16;
        long runNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(6);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2 * writers + 1);
        AtomicInteger written = new AtomicInteger();
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int w = 0; w < 2 * writers; w++) {
                MvRecordStore target = w % 2 == 0 ? s1 : s2;
                String prefix = (w % 2 == 0 ? "t1-" : "t2-") + w + "-";
                fs.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() - start < runNanos; i++) {
                        target.put("installs", prefix + (i % 500), Map.of("v", String.valueOf(i)));
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            List<Long> fetchMillis = new ArrayList<>();
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 2; i++) {
                    Path to = TMP.getRoot().toPath().resolve("fetched-" + i + "-" + System.nanoTime());
                    long f0 = System.nanoTime();
                    assertTrue(t3.fetch(sha, 100_000_000, to, java.time.Duration.ofSeconds(15)));
                    fetchMillis.add((System.nanoTime() - f0) / 1_000_000);
                    assertEquals(content.length, java.nio.file.Files.size(to));
                }
                return null;
            }));
            for (java.util.concurrent.Future<?> f : fs) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            long wrote = System.nanoTime();
            await(120_000, () -> s1.snapshot("installs").equals(s2.snapshot("installs"))
                    && s1.snapshot("installs").equals(s3.snapshot("installs")), () -> "the three stores equal");
            long converged = System.nanoTime();
            StringBuilder seals = new StringBuilder();
            long replayedTotal = 0;
            for (ClusterComponent n : List.of(t1, t2, t3)) {
                ChannelSeal seal = n.transport().seal();
                replayedTotal += seal.replayed();
                seals.append(String.format(" %s: replayed %d forged %d misdirected %d unsealed %d;", n.status().node,
                        seal.replayed(), seal.forged(), seal.misdirected(), seal.unsealed()));
            }
            System.out.printf("seal under load: %d writes by %d threads in %d ms, 10 MiB fetched twice in %s ms,"
                    + " converged %d ms after the last write, %d records; views %s;%s%n", written.get(), 2 * writers,
                    (wrote - start) / 1_000_000, fetchMillis, (converged - wrote) / 1_000_000, s1.snapshot("installs").size(),
                    List.of(t1.status().members.size(), t2.status().members.size(), t3.status().members.size()), seals);
            assertEquals("views changed under load", List.of(3, 3, 3), List.of(t1.status().members.size(),
                    t2.status().members.size(), t3.status().members.size()));
            assertEquals("legitimate messages the seals took for replays:" + seals, 0, replayedTotal);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The window under the heaviest legitimate reordering the stack produces: three raw TCP
     * channels on the cluster's stack, sixteen threads on each sending small multicasts and
     * unicasts, a quarter of them OOB (which the receiver's thread pool runs in any order), 2,000
     * each as fast as flow control lets them. Every message arrives exactly once and the seals take
     * hardly any for a replay (none in most runs; 33 of 841,615 in one of three seconds' full
     * speed, when a thread was preempted between sealing and queueing). Failed before the seal numbered four streams (multicast or
     * unicast, regular or OOB) with windows of their own: with one counter and a 1,024-message
     * window per sender, 135,161 legitimate messages were refused as replays (messages wait below
     * the seal in queues that run independently, bounded by flow control in bytes: a multicast
     * came hundreds of thousands of numbers late), every one retransmitted, and the last
     * delivered 50 s after the senders stopped (once not within 120 s).
     */
    @Test
    public void theReplayWindowUnderSixteenSendingThreadsPerNode() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        List<String> hosts = List.of("127.0.0.1[" + p1 + "]", "127.0.0.1[" + p2 + "]", "127.0.0.1[" + p3 + "]");
        List<JChannel> chs = new ArrayList<>();
        Map<Address, AtomicInteger> received = new java.util.concurrent.ConcurrentHashMap<>();
        int[] ports = {p1, p2, p3};
        for (int i = 0; i < 3; i++) {
            JChannel ch = NodeAccess.rawTcpChannel("R" + i, ports[i], hosts, 1000, 10_000, 10_000, keystore, cluster);
            channels.add(ch);
            AtomicInteger count = new AtomicInteger();
            ch.setReceiver(new Receiver() {
                @Override
                public void receive(Message msg) {
                    count.incrementAndGet();
                }

                @Override
                public void receive(MessageBatch batch) {
                    count.addAndGet(batch.size());
                }
            });
            ch.connect(cluster);
            chs.add(ch);
            received.put(ch.getAddress(), count);
        }
        await(30_000, () -> chs.stream().allMatch(c -> c.getView().size() == 3), () -> "a raw TCP view of 3");
        int threads = 16;
        int each = 2_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3 * threads);
        Map<Address, AtomicInteger> expected = new java.util.concurrent.ConcurrentHashMap<>();
        chs.forEach(c -> expected.put(c.getAddress(), new AtomicInteger()));
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int n = 0; n < 3; n++) {
                JChannel from = chs.get(n);
                JChannel peer = chs.get((n + 1) % 3);
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            Message m = i % 2 == 0 ? new BytesMessage(null, new byte[40]) : new BytesMessage(peer.getAddress(), new byte[40]);
                            if ((i + id) % 4 == 0) {
                                m.setFlag(Message.Flag.OOB);
                            }
                            from.send(m);
                            if (m.getDest() == null) {
                                chs.forEach(c -> expected.get(c.getAddress()).incrementAndGet()); // loopback included
                            } else {
                                expected.get(peer.getAddress()).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            long sent = System.nanoTime();
            await(60_000, () -> chs.stream().allMatch(c -> received.get(c.getAddress()).get() >= expected.get(c.getAddress()).get()),
                    () -> "every message delivered: " + chs.stream().map(c -> received.get(c.getAddress()) + "/"
                            + expected.get(c.getAddress()) + " (seal refused " + ((ChannelSeal) c.getProtocolStack()
                                    .findProtocol(ChannelSeal.class)).replayed() + " as replays)").toList());
            long delivered = System.nanoTime();
            long replayed = 0;
            StringBuilder per = new StringBuilder();
            for (JChannel c : chs) {
                ChannelSeal seal = c.getProtocolStack().findProtocol(ChannelSeal.class);
                replayed += seal.replayed();
                per.append(String.format(" %s replayed %d dropped %d;", c.getName(), seal.replayed(), seal.dropped()));
                assertEquals("deliveries on " + c.getName(), expected.get(c.getAddress()).get(), received.get(c.getAddress()).get());
            }
            long total = expected.values().stream().mapToLong(AtomicInteger::get).sum();
            System.out.printf("replay window under load: %d deliveries sent by %d threads in %d ms, all delivered %d ms"
                    + " later; legitimate messages taken for replays: %d;%s views %s%n", total, 3 * threads,
                    (sent - start) / 1_000_000, (delivered - sent) / 1_000_000, replayed, per,
                    chs.stream().map(c -> c.getView().size()).toList());
            // a thread preempted between sealing and queueing can still fall a window behind: a few in a million
            assertTrue("legitimate messages the seals took for replays (of " + total + "):" + per, replayed <= total / 10_000);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A host on the path records a multicast of A's; A restarts (a new incarnation, a new address)
     * and rejoins; the recorded copy played to B afterwards is refused as a replay: B keeps the old
     * incarnation's window, and the copy never reaches B's protocols.
     */
    @Test
    public void aMessageRecordedBeforeTheSenderRestartedIsRefusedAfterItCameBack() throws Exception {
        MvRecordStore sa = store(), sb = store();
        ClusterComponent a = node("A", sa, Map.of());
        ClusterComponent b = node("B", sb, Map.of());
        await(10_000, () -> a.status().members.size() == 2 && b.status().members.size() == 2, () -> "a view of 2");
        ProtocolStack stack = b.transport().channel().getProtocolStack();
        ClusterNodesTest.WireTap tap = new ClusterNodesTest.WireTap(1000);
        stack.insertProtocol(tap, ProtocolStack.Position.BELOW, ChannelSeal.class);
        sa.put("plugin.switches", "before-restart", Map.of("note", "r".repeat(2000)));
        await(5_000, () -> tap.recorded() != null && sb.get("plugin.switches", "before-restart").isPresent(),
                () -> "A's record recorded on B's wire");
        Message recorded = tap.recorded();
        a.deactivate();
        nodes.remove(a);
        ClusterComponent back = node("A", sa, Map.of());
        await(10_000, () -> back.status().members.size() == 2 && b.status().members.size() == 2, () -> "A back");
        sb.delete("plugin.switches", "before-restart"); // B deletes it; a replayed copy would bring it back
        await(5_000, () -> sa.get("plugin.switches", "before-restart").isEmpty(), () -> "the delete on A");
        long replayed = b.transport().seal().replayed();
        ClusterNodesTest.ThreadProbe probe = new ClusterNodesTest.ThreadProbe();
        stack.insertProtocol(probe, ProtocolStack.Position.ABOVE, ChannelSeal.class);
        probe.watch(() -> tap.playUp(recorded.copy(true, true)));
        assertEquals("the recorded copy got past B's seal", 0, probe.seen());
        assertEquals(replayed + 1, b.transport().seal().replayed());
        assertTrue(sb.get("plugin.switches", "before-restart").isEmpty());
    }

    /**
     * Any process that can open a TCP connection to a member's port, without the key, sends the
     * transport's handshake and one frame holding a BytesMessage whose length field says 200 MiB,
     * then nothing more. JGroups' TCP transport reads messages straight off the socket, so
     * BytesMessage.readPayload allocates the array the length names and the connection's reader
     * thread then waits for the bytes, holding it, before anything reaches the seal; a few such
     * connections exhaust the heap (the biggest genuine frame is under 70 KB: the bundler's 64 KB
     * plus headers). TCP.max_length does not help: it bounds the frame's length word, not the
     * payload length inside it. Not fixed (it is in JGroups below the seal; a fix would be a
     * transport that reads each frame into a bounded buffer and refuses a payload length larger
     * than what is left of it, or TLS on TCP so only members can connect). Ignored: it holds 200 MiB.
     */
    @Ignore("defect reported, not fixed: a peer without the key makes TCP allocate what a length field says")
    @Test
    public void anUnauthenticatedPeerCannotMakeAMemberAllocateWhatALengthFieldSays() throws Exception {
        int port = freePort();
        MvRecordStore s1 = store();
        tcpNode("T1", s1, port, "127.0.0.1[" + port + "]");
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
            java.io.DataOutputStream out = new java.io.DataOutputStream(sock.getOutputStream());
            org.jgroups.stack.IpAddress me = new org.jgroups.stack.IpAddress("127.0.0.1", sock.getLocalPort());
            out.write(new byte[] {'b', 'e', 'l', 'a'});
            out.writeShort(org.jgroups.Version.version);
            out.writeShort(me.serializedSize());
            me.writeTo(out);
            org.jgroups.util.ByteArrayDataOutputStream frame = new org.jgroups.util.ByteArrayDataOutputStream(128);
            Util.writeMessage(new BytesMessage(null, new byte[0]).setSrc(org.jgroups.util.UUID.randomUUID()), frame, true);
            byte[] f = java.util.Arrays.copyOf(frame.buffer(), frame.position());
            java.nio.ByteBuffer.wrap(f, f.length - 4, 4).putInt(200 << 20); // the payload's length word
            out.writeInt(f.length);
            out.write(f);
            out.flush();
            long[] grown = new long[1];
            boolean held = Util.waitUntilTrue(5_000, 50, () -> (grown[0] = memory.getHeapMemoryUsage().getUsed() - before)
                    > (150L << 20));
            assertFalse("the member allocated " + (grown[0] >> 20) + " MiB for one unauthenticated frame of " + f.length
                    + " bytes", held);
        }
    }
}
