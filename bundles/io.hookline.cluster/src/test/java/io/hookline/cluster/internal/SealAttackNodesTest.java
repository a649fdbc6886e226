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
        Map<String, Object> c = new HashMap<>(extra);
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.putIfAbsent("transport", "loopback");
        c.put("keystore_path", keystore.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.putIfAbsent("join_timeout_ms", 500L);
        c.putIfAbsent("failure_timeout_ms", 3000L);
        c.putIfAbsent("merge_interval_ms", 2000L);
        ClusterComponent n = new ClusterComponent(store, TestConfig.of(c));
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
}
