package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.store.internal.MvRecordStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a careless operator does: a keystore of another type, entry kind, key size, alias case or
 * entry password; one key for two clusters; two nodes with one name; a node whose clock ran ahead.
 * ClusterKeyTest covers a missing file, relative path, wrong password, missing alias, a 128-bit key
 * and a file that is no keystore.
 */
public class OperatorMistakesTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path keystore;
    private static int clusters;

    private final String cluster = "operator-" + System.nanoTime() + "-" + (clusters++);
    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();

    @BeforeClass
    public static void keys() throws Exception {
        keystore = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("cluster.p12"), 256);
    }

    @After
    public void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).deactivate();
        }
        stores.forEach(MvRecordStore::close);
    }

    private static void await(long millis, BooleanSupplier condition, Supplier<String> what) throws TimeoutException {
        Util.waitUntil(millis, 20, condition, what);
    }

    private MvRecordStore store(java.util.function.LongSupplier clock) {
        MvRecordStore s = MvRecordStore.inMemory(clock);
        stores.add(s);
        return s;
    }

    private ClusterComponent node(String cluster, String name, MvRecordStore store, Map<String, Object> extra) {
        ClusterComponent n = new ClusterComponent(store, TestConfig.of(TestConfig.loopbackNode(cluster, name, keystore, extra)));
        nodes.add(n);
        return n;
    }

    private static Path keystore(String type, String alias, java.security.Key key, String storePassword,
            String entryPassword) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setEntry(alias, new KeyStore.SecretKeyEntry((SecretKey) key),
                new KeyStore.PasswordProtection(entryPassword.toCharArray()));
        Path file = TMP.getRoot().toPath().resolve(type + "-" + System.nanoTime() + ".ks");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, storePassword.toCharArray());
        }
        return file;
    }

    private static String refusal(Path file, String alias) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterKey.load(file.toString(), TestKeys.PASSWORD.toCharArray(), alias));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cluster refuses to start"));
        return e.getMessage();
    }

    private static SecretKey aes(int bits) throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(bits);
        return g.generateKey();
    }

    /**
     * A JCEKS keystore (where keytool used to put AES keys), an HMAC key under the alias, a DES
     * key, an entry whose password is not the keystore's: each refused naming the file and what is
     * wrong. An alias in another case and a key longer than 256 bits are what the operator meant,
     * and are taken.
     */
    @Test
    public void aKeystoreOfAnotherTypeEntryKindOrEntryPasswordIsRefusedByName() throws Exception {
        String alias = "hookline-cluster", pw = TestKeys.PASSWORD;
        String jceks = refusal(keystore("JCEKS", alias, aes(256), pw, pw), alias);
        assertTrue(jceks, jceks.contains("as PKCS12"));
        String hmac = refusal(keystore("PKCS12", alias, KeyGenerator.getInstance("HmacSHA256").generateKey(), pw, pw), alias);
        assertTrue(hmac, hmac.contains("is not an AES secret key (HmacSHA256)"));
        String des = refusal(keystore("PKCS12", alias, KeyGenerator.getInstance("DESede").generateKey(), pw, pw), alias);
        assertTrue(des, des.contains("is not an AES secret key"));
        String entry = refusal(keystore("PKCS12", alias, aes(256), pw, "another"), alias);
        assertTrue(entry, entry.contains("cannot be read with keystore.password"));

        Path upper = keystore("PKCS12", alias, aes(256), pw, pw);
        assertEquals("AES", ClusterKey.load(upper.toString(), pw.toCharArray(), "Hookline-Cluster").getAlgorithm());
        Path wide = keystore("PKCS12", alias, new SecretKeySpec(new byte[64], "AES"), pw, pw);
        assertEquals(64, ClusterKey.load(wide.toString(), pw.toCharArray(), alias).getEncoded().length);
    }

    /**
     * Two clusters given the same keystore by copy-paste, with different names, on TCP with each
     * other in their initial hosts: they never form one view and nothing written in one reaches
     * the other (the cluster name is the seal's associated data, and the transport drops frames of
     * another cluster first).
     */
    @Test
    public void oneKeyForTwoClusterNamesNeverCrossFeeds() throws Exception {
        int p1 = freePort(), p2 = freePort();
        String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
        MvRecordStore s1 = store(System::currentTimeMillis), s2 = store(System::currentTimeMillis);
        ClusterComponent x = node(cluster + "-x", "X", s1, tcp(p1, hosts));
        ClusterComponent y = node(cluster + "-y", "Y", s2, tcp(p2, hosts));
        s1.put("plugin.switches", "from-x", Map.of());
        s2.put("plugin.switches", "from-y", Map.of());
        x.sync();
        y.sync();
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5); // longer than a merge round
        while (System.nanoTime() < until) {
            assertEquals(List.of("X"), x.status().members);
            assertEquals(List.of("Y"), y.status().members);
            Thread.sleep(100);
        }
        assertFalse(s1.get("plugin.switches", "from-y").isPresent());
        assertFalse(s2.get("plugin.switches", "from-x").isPresent());
    }

    private static Map<String, Object> tcp(int port, String hosts) {
        return Map.of("transport", "tcp", "bind_port", port, "initial_hosts", hosts.split(","), "join_timeout_ms", 1000L,
                "merge_interval_ms", 2000L);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /**
     * Two nodes given the same node.name (a copied .cfg). Each takes the other's messages for its
     * own (Replicator ignores messages from its own name), so a write on one never reaches the
     * other, while both look healthy: the view lists "A" twice and the known members once.
     * Expected: the second refuses to start, or at least says so in its health, or the two
     * replicate. Now every member's health names the clash (WARN / DEGRADED; refusing the
     * second at start would also refuse a node restarted within the failure timeout).
     */
    @Test
    public void twoNodesWithOneNameAreToldOrStillReplicate() throws Exception {
        MvRecordStore s1 = store(System::currentTimeMillis), s2 = store(System::currentTimeMillis),
                sb = store(System::currentTimeMillis);
        ClusterComponent a1 = node(cluster, "A", s1, Map.of());
        ClusterComponent b = node(cluster, "B", sb, Map.of());
        ClusterComponent a2 = node(cluster, "A", s2, Map.of());
        await(10_000, () -> b.status().members.size() == 3, () -> "a view of 3: " + b.status().members);
        s1.put("plugin.switches", "from-first-a", Map.of());
        try {
            await(5_000, () -> s2.get("plugin.switches", "from-first-a").isPresent() || !a2.status().health.startsWith("OK"),
                    () -> "the first A's write on the second A, or a health that says why not; health "
                            + a2.status().health + ", view " + a2.status().members);
            assertTrue(b.status().health, b.status().health.contains("more than one member named A"));
            assertEquals(io.hookline.event.Health.Status.DEGRADED,
                    io.hookline.cluster.internal.health.ClusterHealth.health(a1.status()).status());
        } finally {
            System.out.println("two nodes named A: view " + b.status().members + ", known " + b.status().knownMembers
                    + ", health of the second A: " + a2.status().health + ", on B: "
                    + sb.get("plugin.switches", "from-first-a").isPresent());
        }
    }

    /**
     * A node whose clock ran an hour ahead wrote records in the future: every member refuses them
     * (max.clock.skew.seconds, counted and named there). The operator fixes the clock. The node's
     * hybrid logical clock never goes back, so every write it makes afterwards is still stamped an
     * hour ahead and refused by every member, for an hour, while the node's own status says
     * nothing (the refusals are counted on the others). Expected: after the clock is fixed, the
     * node's new writes replicate (or the node itself reports that the cluster refuses them). Fixed:
     * the node sees its own writes stamped beyond the skew and says so (status, health DEGRADED).
     */
    @Test
    public void aNodeWhoseClockWasAheadReplicatesAgainOnceItIsFixed() throws Exception {
        AtomicLong offset = new AtomicLong(java.util.concurrent.TimeUnit.HOURS.toMillis(1));
        MvRecordStore sa = store(System::currentTimeMillis);
        MvRecordStore sc = store(() -> System.currentTimeMillis() + offset.get());
        ClusterComponent a = node(cluster, "A", sa, Map.of());
        ClusterComponent c = node(cluster, "C", sc, Map.of());
        await(10_000, () -> a.status().members.size() == 2, () -> "a view of 2");
        sc.put("plugin.switches", "ahead", Map.of());
        // (the count is raised before the reason is set: await the reason)
        await(5_000, () -> a.status().lastRefusal != null, () -> "C's record refused on A");
        assertTrue(a.status().lastRefusal, a.status().lastRefusal.contains("C"));
        offset.set(0); // the operator fixes C's clock
        sc.put("plugin.switches", "after-the-fix", Map.of());
        try {
            await(5_000, () -> sa.get("plugin.switches", "after-the-fix").isPresent() || c.status().refusedClockSkew > 0
                    || !c.status().health.startsWith("OK"), () -> "C's write after the fix on A, or C saying why not");
            assertTrue(c.status().health, c.status().health.startsWith("CLOCK AHEAD: this node stamps its writes"));
            assertTrue(c.status().writesAheadMillis > 50 * 60_000L);
            assertEquals(io.hookline.event.Health.Status.DEGRADED,
                    io.hookline.cluster.internal.health.ClusterHealth.health(c.status()).status());
        } finally {
            System.out.println("clock fixed on C: A refused " + a.status().refusedClockSkew + ", last: "
                    + a.status().lastRefusal + "; C's health: " + c.status().health);
        }
    }
    /**
     * A member whose clock is more than max.clock.skew.seconds + 30 s behind this node's (or this
     * node's clock that far ahead): since wire v2 the seal refuses every message it sends as stale.
     * A careless operator sees a node that never joins, or a member that drops out, while both
     * nodes' status and health said "OK": the refusals were counted only inside the seal. Here a
     * message sealed by such a member (the cluster's key, its clock two minutes behind) reaches a
     * running node's seal: the node must say so in its status, health findings and hcluster:status.
     */
    @Test
    public void messagesRefusedAsStaleForAClockBehindAreReportedByTheNode() throws Exception {
        MvRecordStore sa = store(System::currentTimeMillis);
        ClusterComponent a = node(cluster, "A", sa, Map.of());
        await(10_000, () -> a.status().members.size() == 1, () -> "A's view");
        ChannelSeal aSeal = NodeAccess.channel(a).getProtocolStack().findProtocol(ChannelSeal.class);
        SecretKey key = ClusterKey.load(keystore.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster");
        org.jgroups.Address b = org.jgroups.util.UUID.randomUUID();
        org.jgroups.util.NameCache.add(b, "B");
        SealEnd behind = new SealEnd(key, cluster, b, ChannelSeal.maxAgeFor(60),
                () -> System.currentTimeMillis() - 120_000); // B's clock: two minutes behind
        org.jgroups.Message sealed = behind.send(new org.jgroups.BytesMessage(null, new byte[] {1, 2, 3}));
        aSeal.up(sealed);
        assertEquals("refused by A's seal", 1, aSeal.stale());

        io.hookline.cluster.ClusterStatusDTO st = a.status();
        assertEquals(1, st.refusedStaleMessages);
        assertTrue(st.lastStaleRefusal, st.lastStaleRefusal != null && st.lastStaleRefusal.contains("B")
                && st.lastStaleRefusal.contains("ms ago"));
        assertTrue(st.health, st.health.contains("stale"));
        assertTrue(String.valueOf(io.hookline.cluster.internal.health.ClusterHealth.findings(st)),
                io.hookline.cluster.internal.health.ClusterHealth.findings(st).stream().anyMatch(f -> f.level()
                        == io.hookline.cluster.internal.health.ClusterHealth.Level.WARN && f.message().contains("clock")));
    }
}
