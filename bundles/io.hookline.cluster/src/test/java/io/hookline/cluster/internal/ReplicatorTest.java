package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

/** The merge logic without a network: shuffled and duplicated delivery, tombstones, conflicts, skew, catch-up, opt-outs. */
public class ReplicatorTest {

    private static final List<String> COLLECTIONS = List.of("plugins", "installs", "audit");

    private final List<MvRecordStore> stores = new ArrayList<>();
    private final Map<String, Replicator> replicators = new LinkedHashMap<>();
    private final Map<String, RecordStore> byName = new LinkedHashMap<>();
    /**
     * One wall clock for every node, one millisecond further at each reading: "later" in a test
     * is then later on every node's clock, as with synchronised clocks. The system clock gave
     * no such promise (a CI run saw an earlier write of another node win over "the later
     * delete", which only a clock that stalls or steps back across nodes allows).
     */
    private final AtomicLong wall = new AtomicLong(System.currentTimeMillis());

    @After
    public void close() {
        replicators.values().forEach(Replicator::close);
        stores.forEach(MvRecordStore::close);
    }

    private MemoryNetwork network(long seed, String... names) {
        return network(seed, List.of(), names);
    }

    private MemoryNetwork network(long seed, List<String> localOnly, String... names) {
        MemoryNetwork net = new MemoryNetwork(seed);
        for (String n : names) {
            node(net, n, localOnly, n.startsWith("follower"));
        }
        return net;
    }

    private void node(MemoryNetwork net, String name, List<String> localOnly, boolean follower) {
        MvRecordStore store = MvRecordStore.inMemory(wall::incrementAndGet);
        stores.add(store);
        MemoryNetwork.Endpoint endpoint = net.endpoint(name);
        Replicator r = new Replicator(store, new ReplicationFilter(COLLECTIONS, localOnly), follower, 60_000,
                wall::get, Runnable::run, endpoint);
        endpoint.handler = r;
        r.start();
        replicators.put(name, r);
        byName.put(name, store);
    }

    private Map<String, List<StoredRecord>> state(String node) {
        Map<String, List<StoredRecord>> s = new LinkedHashMap<>();
        for (String c : COLLECTIONS) {
            s.put(c, byName.get(node).snapshot(c));
        }
        return s;
    }

    private void assertAllIdentical() {
        Map<String, List<StoredRecord>> first = null;
        for (String node : byName.keySet()) {
            Map<String, List<StoredRecord>> s = state(node);
            if (first == null) {
                first = s;
            } else {
                if (!first.equals(s)) {
                    throw new AssertionError("replica " + node + " differs from " + byName.keySet().iterator().next()
                            + " (" + s.values().stream().mapToInt(List::size).sum() + " vs "
                            + first.values().stream().mapToInt(List::size).sum() + " records)");
                }
            }
        }
    }

    @Test
    public void shuffledDuplicatedDeliveryOfRandomWritesAndDeletesEndsIdentical() {
        for (long seed = 1; seed <= 20; seed++) {
            close();
            stores.clear();
            replicators.clear();
            byName.clear();
            MemoryNetwork net = network(seed, "a", "b", "c");
            net.views(List.of(List.of("a", "b", "c")));
            Random random = new Random(seed);
            List<String> nodes = List.of("a", "b", "c");
            for (int i = 0; i < 300; i++) {
                RecordStore s = byName.get(nodes.get(random.nextInt(3)));
                String c = COLLECTIONS.get(random.nextInt(3));
                String key = "k" + random.nextInt(15); // few keys: many concurrent conflicting writes
                if (random.nextInt(4) == 0) {
                    s.delete(c, key);
                } else {
                    s.put(c, key, Map.of("v", Integer.toString(i)));
                }
                s.put("local", "x" + i, Map.of()); // not a replicated collection
                if (random.nextInt(10) == 0) {
                    net.deliverShuffled(0.3); // some writes meet, most race
                }
            }
            net.deliverShuffled(0.3);
            assertAllIdentical();
            assertTrue("seed " + seed + ": some tombstones travelled",
                    COLLECTIONS.stream().anyMatch(c -> byName.get("b").snapshot(c).stream().anyMatch(StoredRecord::deleted)));
            int local = 0;
            for (MvRecordStore st : stores) {
                local += st.snapshot("local").size();
                assertTrue("non-replicated collections stay local", st.snapshot("local").stream()
                        .allMatch(r -> r.version().node().equals(st.nodeId())));
            }
            assertEquals(300, local);
        }
    }

    @Test
    public void concurrentConflictingWritesEndWithTheGreatestVersionEverywhere() {
        MemoryNetwork net = network(7, "a", "b");
        net.views(List.of(List.of("a", "b")));
        StoredRecord fromA = byName.get("a").put("plugins", "signup", Map.of("stopped", "true"));
        StoredRecord fromB = byName.get("b").put("plugins", "signup", Map.of("stopped", "false"));
        net.deliverShuffled(0.5);
        StoredRecord winner = fromA.version().compareTo(fromB.version()) > 0 ? fromA : fromB;
        assertEquals(winner, byName.get("a").get("plugins", "signup").orElseThrow());
        assertEquals(winner, byName.get("b").get("plugins", "signup").orElseThrow());
    }

    @Test
    public void aTombstoneWinsOverTheWriteItDeletedWhateverTheOrder() {
        MemoryNetwork net = network(3, "a", "b");
        net.views(List.of(List.of("a", "b")));
        byName.get("a").put("installs", "app", Map.of("version", "1"));
        byName.get("a").delete("installs", "app"); // both in flight; shuffling may deliver the tombstone first
        net.deliverShuffled(1.0);
        assertFalse(byName.get("b").get("installs", "app").isPresent());
        assertTrue(byName.get("b").snapshot("installs").get(0).deleted());
        assertAllIdentical();
    }

    @Test
    public void mergedRecordsAreNotEchoed() {
        MemoryNetwork net = network(5, "a", "b", "c");
        net.views(List.of(List.of("a", "b", "c")));
        net.deliverShuffled(0); // the digests of the first view
        int before = net.sent;
        byName.get("a").put("plugins", "p", Map.of());
        net.deliverShuffled(0);
        assertEquals("one publish to two peers, no re-publish by them", 2, net.sent - before);
        assertEquals(1, replicators.get("b").status().merged);
    }

    @Test
    public void aRemoteClockTooFarAheadIsRefusedReportedAndNotAdopted() {
        MemoryNetwork net = network(9, "a");
        RecordStore a = byName.get("a");
        long farAhead = System.currentTimeMillis() + 120_000;
        StoredRecord skewed = new StoredRecord("plugins", "p", "id-p", new RecordVersion(farAhead << 16, "node-z"),
                false, Map.of("stopped", "true"), 1, 1);
        long nearAhead = System.currentTimeMillis() + 30_000;
        StoredRecord fine = new StoredRecord("plugins", "q", "id-q", new RecordVersion(nearAhead << 16, "node-z"),
                false, Map.of(), 1, 1);
        replicators.get("a").onMessage("z", WireCodec.records(WireCodec.Kind.PUBLISH, List.of(skewed, fine)));
        assertFalse(a.get("plugins", "p").isPresent());
        assertTrue("within the bound: merged", a.get("plugins", "q").isPresent());
        assertEquals(1, replicators.get("a").status().refusedClockSkew);
        String why = replicators.get("a").status().lastRefusal;
        assertNotNull(why);
        assertTrue(why, why.contains("plugins/p") && why.contains("node-z") && why.contains("max.clock.skew.seconds"));
        long next = a.put("plugins", "r", Map.of()).version().wallMillis();
        assertTrue("this node's clock was not dragged to the skewed one", next < farAhead - 60_000);
        assertEquals(1, net.sent + 1); // nothing was sent for the refused record (a is alone)
    }

    /**
     * A node's clock ran an hour ahead, was set back, and the node wrote once: it reports that its
     * writes are stamped ahead (every member refuses them). Then it writes nothing while its wall
     * clock catches up with the stamp: its next write would be in line and accepted, yet it still
     * said "CLOCK AHEAD" (DEGRADED) with the hour it measured at that write, until some later write
     * happened to clear it. The report is about now: it clears when the clock has caught up.
     */
    @Test
    public void theClockAheadReportClearsOnceTheWallClockCatchesUpWithoutAnotherWrite() {
        AtomicLong clock = new AtomicLong(System.currentTimeMillis() + 3_600_000L); // an hour ahead
        MvRecordStore store = MvRecordStore.inMemory(clock::get);
        stores.add(store);
        MemoryNetwork net = new MemoryNetwork(21);
        MemoryNetwork.Endpoint endpoint = net.endpoint("c");
        Replicator r = new Replicator(store, new ReplicationFilter(COLLECTIONS, List.of()), false, 60_000,
                clock::get, Runnable::run, endpoint);
        endpoint.handler = r;
        r.start();
        replicators.put("c", r);
        net.views(List.of(List.of("c")));
        store.put("plugins", "ahead", Map.of());
        assertEquals("in line with its own (wrong) clock", 0, r.status().writesAheadMillis);

        clock.addAndGet(-3_600_000L); // the operator sets the clock right
        store.put("plugins", "after-the-fix", Map.of()); // stamped from the old time: the HLC never goes back
        assertTrue(r.status().health, r.status().writesAheadMillis > 50 * 60_000L);
        assertTrue(r.status().health, r.status().health.startsWith("CLOCK AHEAD"));

        clock.addAndGet(30 * 60_000L); // half an hour later: still ahead, by less
        long ahead = r.status().writesAheadMillis;
        assertTrue("what it says is about now: " + ahead, ahead > 20 * 60_000L && ahead < 40 * 60_000L);

        clock.addAndGet(31 * 60_000L); // the wall clock has passed the last stamp: the next write is in line
        assertEquals(r.status().health, 0, r.status().writesAheadMillis);
        assertEquals("OK", r.status().health);
        assertEquals(io.hookline.event.Health.Status.OK,
                io.hookline.cluster.internal.health.ClusterHealth.health(r.status()).status());
        long next = store.put("plugins", "in-line", Map.of()).version().wallMillis();
        assertTrue("the next write is within the skew of the wall clock", next - clock.get() <= 60_000);
        assertEquals(0, r.status().writesAheadMillis);
    }

    @Test
    public void aJoinerCatchesUpFromOneMemberByDigest() {
        MemoryNetwork net = network(11, "a", "b", "joiner");
        net.views(List.of(List.of("a", "b"))); // the joiner is not connected yet
        for (int i = 0; i < 2500; i++) {
            byName.get(i % 2 == 0 ? "a" : "b").put("installs", "app" + i, Map.of("n", Integer.toString(i)));
        }
        byName.get("a").delete("installs", "app0");
        net.deliverShuffled(0);
        long servedBefore = replicators.values().stream().mapToLong(r -> r.status().catchUpsServed).sum();
        net.views(List.of(List.of("a", "b", "joiner")));
        net.deliverShuffled(0.2);
        assertAllIdentical();
        assertEquals(2500, byName.get("joiner").snapshot("installs").size());
        long served = replicators.values().stream().mapToLong(r -> r.status().catchUpsServed).sum() - servedBefore;
        assertEquals("only the joiner asked, and one member answered", 1, served);
        assertTrue(replicators.get("joiner").status().lastCatchUp > 0);
    }

    @Test
    public void aJoinerWithNewerRecordsOfItsOwnSpreadsThemToEveryMember() {
        MemoryNetwork net = network(29, "a", "b", "back");
        net.views(List.of(List.of("a", "b"))); // "back" is down
        StoredRecord old = byName.get("a").put("plugins", "p", Map.of("v", "old"));
        net.deliverShuffled(0);
        // written in the same millisecond or later, with no clock contact: the greater version must win everywhere
        StoredRecord away = byName.get("back").put("plugins", "p", Map.of("v", "written while away"));
        byName.get("back").put("installs", "offline-app", Map.of());
        net.views(List.of(List.of("a", "b", "back")));
        net.deliverShuffled(0.2);
        assertAllIdentical();
        StoredRecord winner = away.version().compareTo(old.version()) > 0 ? away : old;
        assertEquals(winner, byName.get("b").get("plugins", "p").orElseThrow());
        assertTrue(byName.get("b").get("installs", "offline-app").isPresent());
    }

    @Test
    public void writesOnBothSidesOfAPartitionConvergeAfterTheMerge() {
        MemoryNetwork net = network(13, "a", "b", "c", "d");
        net.views(List.of(List.of("a", "b", "c", "d")));
        byName.get("a").put("plugins", "shared", Map.of("v", "0"));
        net.deliverShuffled(0);
        net.views(List.of(List.of("a", "b"), List.of("c", "d")));
        byName.get("a").put("plugins", "shared", Map.of("v", "left"));
        byName.get("c").put("plugins", "shared", Map.of("v", "right"));
        byName.get("b").put("installs", "onlyLeft", Map.of());
        byName.get("d").put("installs", "onlyRight", Map.of());
        byName.get("d").delete("plugins", "shared"); // the right side deletes it last
        net.deliverShuffled(0.1);
        assertFalse(byName.get("a").get("installs", "onlyRight").isPresent());
        net.views(List.of(List.of("a", "b", "c", "d")), true);
        net.deliverShuffled(0.1);
        assertAllIdentical();
        assertTrue(byName.get("a").get("installs", "onlyRight").isPresent());
        assertTrue(byName.get("d").get("installs", "onlyLeft").isPresent());
        assertFalse("the later delete wins", byName.get("b").get("plugins", "shared").isPresent());
    }

    @Test
    public void aFollowerAppliesButNeverPublishesItsOwnWrites() {
        MemoryNetwork net = network(17, "a", "follower");
        net.views(List.of(List.of("a", "follower")));
        byName.get("a").put("plugins", "fromA", Map.of());
        byName.get("follower").put("plugins", "fromFollower", Map.of());
        net.deliverShuffled(0);
        assertTrue(byName.get("follower").get("plugins", "fromA").isPresent());
        assertFalse(byName.get("a").get("plugins", "fromFollower").isPresent());
        // not even when a new member asks it for what it lacks
        node(net, "late", List.of(), false);
        net.views(List.of(List.of("follower", "a", "late"))); // the follower is the first member late asks
        net.deliverShuffled(0);
        assertTrue(byName.get("late").get("plugins", "fromA").isPresent());
        assertFalse(byName.get("late").get("plugins", "fromFollower").isPresent());
        assertEquals(0, replicators.get("follower").status().published);
    }

    @Test
    public void localOnlyPatternsKeepRecordsOutOfReplicationBothWays() {
        MemoryNetwork net = network(19, List.of("plugins/debug-*"), "a", "b");
        net.views(List.of(List.of("a", "b")));
        byName.get("a").put("plugins", "debug-tracer", Map.of());
        byName.get("a").put("plugins", "signup", Map.of());
        net.deliverShuffled(0);
        assertFalse(byName.get("b").get("plugins", "debug-tracer").isPresent());
        assertTrue(byName.get("b").get("plugins", "signup").isPresent());
        // and a peer without the pattern cannot push one in
        StoredRecord pushed = new StoredRecord("plugins", "debug-x", "id", new RecordVersion(System.currentTimeMillis() << 16,
                "n"), false, Map.of(), 1, 1);
        replicators.get("b").onMessage("a", WireCodec.records(WireCodec.Kind.PUBLISH, List.of(pushed)));
        assertFalse(byName.get("b").get("plugins", "debug-x").isPresent());
    }

    @Test
    public void aMalformedMessageIsDroppedAndChangesNothing() {
        network(23, "a");
        replicators.get("a").onMessage("z", new byte[] {1, 0, 0x7f, 1, 2});
        replicators.get("a").onMessage("z", new byte[] {9});
        assertEquals(List.of(), byName.get("a").collections());
    }
}
