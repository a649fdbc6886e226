package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

public class MvRecordStoreTest {

    private static final long T0 = 1_750_000_000_000L;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicLong wall = new AtomicLong(T0);
    private final List<MvRecordStore> opened = new ArrayList<>();

    @After
    public void closeAll() {
        opened.forEach(MvRecordStore::close);
    }

    private Path file() {
        return tmp.getRoot().toPath().resolve("store/hookline.mv.db");
    }

    private MvRecordStore open() {
        MvRecordStore store = MvRecordStore.open(file(), false, wall::get);
        opened.add(store);
        return store;
    }

    private MvRecordStore memory() {
        MvRecordStore store = MvRecordStore.inMemory(wall::get);
        opened.add(store);
        return store;
    }

    @Test
    public void putThenGet() {
        MvRecordStore store = open();
        StoredRecord put = store.put("plugins", "audit", Map.of("bundle", "com.acme.audit", "priority", "20"));
        assertEquals("plugins", put.collection());
        assertEquals("audit", put.key());
        assertEquals(put.id(), UUID.fromString(put.id()).toString());
        assertFalse(put.deleted());
        assertEquals(Map.of("bundle", "com.acme.audit", "priority", "20"), put.fields());
        assertEquals(T0, put.createdAt());
        assertEquals(T0, put.updatedAt());
        assertEquals(store.nodeId(), put.version().node());
        assertEquals(T0, put.version().wallMillis());
        assertEquals(Optional.of(put), store.get("plugins", "audit"));
        assertEquals(Optional.empty(), store.get("plugins", "other"));
        assertEquals(Optional.empty(), store.get("nothing", "audit"));
    }

    @Test
    public void updateKeepsIdAndCreatedAt() {
        MvRecordStore store = open();
        StoredRecord first = store.put("plugins", "audit", Map.of("v", "1"));
        wall.addAndGet(500);
        StoredRecord second = store.put("plugins", "audit", Map.of("v", "2"));
        assertEquals(first.id(), second.id());
        assertEquals(T0, second.createdAt());
        assertEquals(T0 + 500, second.updatedAt());
        assertEquals(Map.of("v", "2"), second.fields());
        assertTrue(second.version().compareTo(first.version()) > 0);
        assertEquals(Optional.of(second), store.get("plugins", "audit"));
    }

    @Test
    public void putWithIdUsesIt() {
        MvRecordStore store = open();
        StoredRecord restored = store.put("installs", "i1", "given-id", Map.of("state", "done"));
        assertEquals("given-id", restored.id());
        wall.addAndGet(10);
        StoredRecord same = store.put("installs", "i1", "given-id", Map.of("state", "again"));
        assertEquals(T0, same.createdAt());
        StoredRecord other = store.put("installs", "i1", "other-id", Map.of("state", "replaced"));
        assertEquals("other-id", other.id());
        assertEquals("a new id is a new record", T0 + 10, other.createdAt());
        StoredRecord update = store.put("installs", "i1", Map.of("state", "updated"));
        assertEquals("other-id", update.id());
    }

    @Test
    public void listIsInKeyOrderWithoutTombstonesAndSnapshotHasThem() {
        MvRecordStore store = open();
        store.put("c", "b", Map.of("n", "b"));
        store.put("c", "a", Map.of("n", "a"));
        store.put("c", "c", Map.of("n", "c"));
        store.delete("c", "b");
        assertEquals(List.of("a", "c"), keys(store.list("c")));
        List<StoredRecord> snapshot = store.snapshot("c");
        assertEquals(List.of("a", "b", "c"), keys(snapshot));
        assertTrue(snapshot.get(1).deleted());
        assertEquals(List.of(), store.list("unknown"));
        assertEquals(List.of(), store.snapshot("unknown"));
    }

    @Test
    public void deleteWritesATombstoneAndReturnsTheOldRecord() {
        MvRecordStore store = open();
        StoredRecord live = store.put("plugins", "audit", Map.of("v", "1"));
        wall.addAndGet(100);
        assertEquals(Optional.of(live), store.delete("plugins", "audit"));
        assertEquals(Optional.empty(), store.get("plugins", "audit"));
        StoredRecord tombstone = store.snapshot("plugins").get(0);
        assertTrue(tombstone.deleted());
        assertEquals(Map.of(), tombstone.fields());
        assertEquals(live.id(), tombstone.id());
        assertEquals(live.createdAt(), tombstone.createdAt());
        assertEquals(T0 + 100, tombstone.updatedAt());
        assertTrue(tombstone.version().compareTo(live.version()) > 0);

        assertEquals("a second delete changes nothing", Optional.empty(), store.delete("plugins", "audit"));
        assertEquals(List.of(tombstone), store.snapshot("plugins"));
    }

    @Test
    public void deleteOfAnUnknownKeyWritesNothing() {
        MvRecordStore store = open();
        assertEquals(Optional.empty(), store.delete("plugins", "nope"));
        assertEquals(List.of(), store.collections());
        store.put("plugins", "a", Map.of());
        assertEquals(Optional.empty(), store.delete("plugins", "nope"));
        assertEquals(List.of("a"), keys(store.snapshot("plugins")));
    }

    @Test
    public void putOverATombstoneGetsANewId() {
        MvRecordStore store = open();
        StoredRecord first = store.put("plugins", "audit", Map.of("v", "1"));
        store.delete("plugins", "audit");
        wall.addAndGet(1000);
        StoredRecord again = store.put("plugins", "audit", Map.of("v", "2"));
        assertNotEquals(first.id(), again.id());
        assertEquals(T0 + 1000, again.createdAt());
        assertFalse(again.deleted());
    }

    @Test
    public void collectionsAreSortedAndIncludeTombstoneOnlyOnes() {
        MvRecordStore store = open();
        assertEquals(List.of(), store.collections());
        store.put("zeta", "k", Map.of());
        store.put("alpha", "k", Map.of());
        store.put("gone", "k", Map.of());
        store.delete("gone", "k");
        assertEquals(List.of("alpha", "gone", "zeta"), store.collections());
    }

    @Test
    public void everythingSurvivesReopen() {
        MvRecordStore store = open();
        String node = store.nodeId();
        StoredRecord a = store.put("plugins", "a", Map.of("x", "1"));
        StoredRecord b = store.put("plugins", "b", Map.of("x", "2"));
        store.delete("plugins", "b");
        store.put("installs", "i", Map.of());
        List<StoredRecord> snapshot = store.snapshot("plugins");
        store.close();

        MvRecordStore reopened = open();
        assertEquals(node, reopened.nodeId());
        assertEquals(Optional.of(a), reopened.get("plugins", "a"));
        assertEquals(snapshot, reopened.snapshot("plugins"));
        assertEquals(List.of("installs", "plugins"), reopened.collections());
        wall.addAndGet(5);
        StoredRecord updated = reopened.put("plugins", "a", Map.of("x", "3"));
        assertEquals("id kept across reopen", a.id(), updated.id());
        assertEquals(a.createdAt(), updated.createdAt());
        StoredRecord revived = reopened.put("plugins", "b", Map.of());
        assertNotEquals(b.id(), revived.id());
    }

    @Test
    public void versionsKeepIncreasingAcrossReopenWhenTheWallClockWentBack() {
        MvRecordStore store = open();
        wall.set(T0 + 3_600_000);
        RecordVersion last = null;
        for (int i = 0; i < 5; i++) {
            last = store.put("c", "k" + i, Map.of()).version();
        }
        store.close();

        wall.set(T0); // an hour back, as after an NTP correction
        MvRecordStore reopened = open();
        RecordVersion next = reopened.put("c", "k", Map.of()).version();
        assertTrue(next + " > " + last, next.compareTo(last) > 0);
        assertTrue(next.timestamp() > last.timestamp());
        reopened.delete("c", "k0");
        StoredRecord tombstone = reopened.snapshot("c").stream().filter(r -> r.key().equals("k0")).findFirst().orElseThrow();
        assertTrue(tombstone.deleted());
        assertTrue(tombstone.version().compareTo(next) > 0);
    }

    @Test
    public void nodeIdIsStableAcrossReopenAndDistinctPerStore() {
        MvRecordStore store = open();
        String node = store.nodeId();
        assertEquals(node, UUID.fromString(node).toString());
        store.close();
        assertEquals(node, open().nodeId());
        assertNotEquals(node, memory().nodeId());
        assertNotEquals(memory().nodeId(), memory().nodeId());
    }

    @Test
    public void mergeAppliesANewerRemoteRecord() {
        MvRecordStore store = open();
        StoredRecord local = store.put("plugins", "audit", Map.of("v", "local"));
        StoredRecord remote = remote("plugins", "audit", local.version().timestamp() + 1, "node-b", false, Map.of("v", "remote"));
        assertTrue(store.merge(remote));
        assertEquals(Optional.of(remote), store.get("plugins", "audit"));
        assertFalse("the same version again changes nothing", store.merge(remote));
    }

    @Test
    public void mergeRejectsAnOlderRemoteRecord() {
        MvRecordStore store = open();
        StoredRecord remote = remote("plugins", "audit", T0 << 16, "node-b", false, Map.of("v", "remote"));
        wall.addAndGet(1);
        StoredRecord local = store.put("plugins", "audit", Map.of("v", "local"));
        assertFalse(store.merge(remote));
        assertEquals(Optional.of(local), store.get("plugins", "audit"));
    }

    @Test
    public void mergeOrdersEqualTimestampsByNode() {
        MvRecordStore store = open();
        long ts = (T0 + 10) << 16;
        assertTrue(store.merge(remote("c", "k", ts, "node-b", false, Map.of("v", "b"))));
        assertFalse(store.merge(remote("c", "k", ts, "node-a", false, Map.of("v", "a"))));
        assertTrue(store.merge(remote("c", "k", ts, "node-c", false, Map.of("v", "c"))));
        assertEquals("c", store.get("c", "k").orElseThrow().field("v"));
    }

    @Test
    public void mergeIntoAnEmptyStoreKeepsTheRemoteRecordAsIs() {
        MvRecordStore store = open();
        StoredRecord remote = remote("installs", "i", (T0 - 50) << 16, "node-b", false, Map.of("s", "x"));
        assertTrue(store.merge(remote));
        assertEquals(List.of(remote), store.snapshot("installs"));
        assertEquals(List.of("installs"), store.collections());
        store.close();
        assertEquals(List.of(remote), open().snapshot("installs"));
    }

    @Test
    public void aTombstoneWinsOverAnOlderWrite() {
        MvRecordStore store = open();
        StoredRecord local = store.put("plugins", "audit", Map.of("v", "local"));
        StoredRecord tombstone = remote("plugins", "audit", local.version().timestamp() + 5, "node-b", true, Map.of());
        assertTrue(store.merge(tombstone));
        assertEquals(Optional.empty(), store.get("plugins", "audit"));
        assertEquals(List.of(tombstone), store.snapshot("plugins"));
        // an older remote write arriving late does not resurrect it
        assertFalse(store.merge(remote("plugins", "audit", local.version().timestamp() + 2, "node-c", false, Map.of())));
        assertEquals(Optional.empty(), store.get("plugins", "audit"));
    }

    @Test
    public void aTombstoneLosesToANewerWrite() {
        MvRecordStore store = open();
        StoredRecord local = store.put("plugins", "audit", Map.of("v", "local"));
        StoredRecord tombstone = remote("plugins", "audit", local.version().timestamp() - 5, "node-b", true, Map.of());
        assertFalse(store.merge(tombstone));
        assertEquals(Optional.of(local), store.get("plugins", "audit"));

        store.delete("plugins", "audit");
        StoredRecord localTombstone = store.snapshot("plugins").get(0);
        StoredRecord newer = remote("plugins", "audit", localTombstone.version().timestamp() + 1, "node-b", false,
                Map.of("v", "back"));
        assertTrue(store.merge(newer));
        assertEquals(Optional.of(newer), store.get("plugins", "audit"));
    }

    @Test
    public void mergeMovesTheClockPastTheRemoteVersion() {
        MvRecordStore store = open();
        long future = (T0 + 60_000) << 16 | 3;
        assertTrue(store.merge(remote("c", "remote", future, "node-b", false, Map.of())));
        StoredRecord local = store.put("c", "local", Map.of());
        assertTrue(local.version().timestamp() > future);
        // the observed clock also survives a restart
        store.close();
        assertTrue(open().put("c", "again", Map.of()).version().timestamp() > local.version().timestamp());
    }

    @Test
    public void aLosingMergeStillObservesTheClock() {
        MvRecordStore store = open();
        long future = (T0 + 60_000) << 16;
        store.merge(remote("c", "k", future + 10, "node-b", false, Map.of()));
        assertFalse(store.merge(remote("c", "k", future + 5, "node-c", false, Map.of())));
        assertTrue(store.put("c", "other", Map.of()).version().timestamp() > future + 10);
    }

    @Test
    public void validationNamesTheBadArgument() {
        MvRecordStore store = open();
        assertIllegal("collection must not be null or empty", () -> store.put("", "k", Map.of()));
        assertIllegal("collection must not be null or empty", () -> store.put(null, "k", Map.of()));
        assertIllegal("key must not be null or empty", () -> store.put("c", "", Map.of()));
        assertIllegal("key must not be null or empty", () -> store.get("c", null));
        assertIllegal("collection must not be null or empty", () -> store.list(""));
        assertIllegal("collection must not be null or empty", () -> store.snapshot(""));
        assertIllegal("key must not be null or empty", () -> store.delete("c", ""));
        assertIllegal("id must not be null or empty", () -> store.put("c", "k", "", Map.of()));
        assertIllegal("fields must not be null", () -> store.put("c", "k", null));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertIllegal("fields must not contain a null key", () -> store.put("c", "k", nullKey));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("name", null);
        assertIllegal("fields must not contain a null value (key \"name\")", () -> store.put("c", "k", nullValue));
        assertIllegal("remote must not be null", () -> store.merge(null));
        assertIllegal("key must not be null or empty",
                () -> store.merge(remote("c", "", 1, "node-b", false, Map.of())));
        assertEquals("nothing was written", List.of(), store.collections());
    }

    @Test
    public void aClosedStoreRefusesEveryCall() {
        MvRecordStore store = open();
        store.put("c", "k", Map.of());
        store.close();
        store.close(); // idempotent
        StoredRecord any = remote("c", "k", 1, "node-b", false, Map.of());
        List<ThrowingRunnable> calls = List.of(store::nodeId, () -> store.get("c", "k"), () -> store.list("c"),
                () -> store.snapshot("c"), store::collections, () -> store.put("c", "k", Map.of()),
                () -> store.put("c", "k", "id", Map.of()), () -> store.delete("c", "k"), () -> store.merge(any));
        for (ThrowingRunnable call : calls) {
            assertEquals("record store is closed", assertThrows(IllegalStateException.class, call).getMessage());
        }
    }

    @Test
    public void openingALockedFileNamesIt() {
        open();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MvRecordStore.open(file(), false));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot open record store " + file().toAbsolutePath() + ": "));
        assertTrue(e.getMessage(), e.getMessage().contains("locked"));
    }

    @Test
    public void openingACorruptFileNamesIt() throws Exception {
        Path file = file();
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[16 * 1024];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(file, garbage);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MvRecordStore.open(file, false));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot open record store " + file.toAbsolutePath() + ": "));
        assertTrue(e.getCause() != null);
    }

    @Test
    public void openCreatesParentDirectories() {
        Path deep = tmp.getRoot().toPath().resolve("a/b/c/store.mv.db");
        try (MvRecordStore store = MvRecordStore.open(deep, true)) {
            store.put("c", "k", Map.of("v", "synced"));
        }
        assertTrue(Files.isRegularFile(deep));
        try (MvRecordStore store = MvRecordStore.open(deep, true)) {
            assertEquals("synced", store.get("c", "k").orElseThrow().field("v"));
        }
    }

    @Test
    public void largeAndUnicodeValuesRoundTrip() {
        MvRecordStore store = open();
        String big = "x".repeat(200_000);
        Map<String, String> fields = Map.of("big", big, "ünï", "çødé ✓ 𝄞", "empty", "");
        store.put("c", "ключ", fields);
        store.close();
        assertEquals(fields, open().get("c", "ключ").orElseThrow().fields());
    }

    @Test
    public void manyWritesStayReadableThroughCompaction() {
        MvRecordStore store = open();
        int writes = MvRecordStore.HOUSEKEEPING_INTERVAL * 2 + 10;
        for (int i = 0; i < writes; i++) {
            store.put(i % 2 == 0 ? "even" : "odd", "k" + (i % 50), Map.of("i", Integer.toString(i)));
        }
        store.close();
        MvRecordStore reopened = open();
        assertEquals(25, reopened.list("even").size());
        assertEquals(Integer.toString(writes - 1), reopened.get("odd", "k" + ((writes - 1) % 50)).orElseThrow().field("i"));
    }

    @Test
    public void lockFreeReadersStayConsistentWhileChunkSpaceIsReused() throws Exception {
        MvRecordStore store = open();
        int keys = 300;
        for (int i = 0; i < keys; i++) {
            store.put("c", String.format("k%04d", i), Map.of("round", "0", "pad", "p".repeat(200)));
        }
        ExecutorService readers = Executors.newFixedThreadPool(2);
        CountDownLatch done = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int r = 0; r < 2; r++) {
                results.add(readers.submit(() -> {
                    int scans = 0;
                    while (done.getCount() > 0 || scans == 0) {
                        List<StoredRecord> all = store.list("c");
                        assertEquals(keys, all.size());
                        for (StoredRecord record : all) {
                            Integer.parseInt(record.field("round"));
                        }
                        scans++;
                    }
                    return scans;
                }));
            }
            for (int round = 1; round <= 6; round++) {
                for (int i = 0; i < keys; i++) {
                    store.put("c", String.format("k%04d", i), Map.of("round", Integer.toString(round), "pad", "p".repeat(200)));
                }
            }
        } finally {
            done.countDown();
            readers.shutdown();
        }
        for (Future<Integer> result : results) {
            assertTrue(result.get(30, TimeUnit.SECONDS) > 0);
        }
        assertTrue("chunk space is reused: " + Files.size(file()), Files.size(file()) < 16L << 20);
    }

    @Test
    public void inMemoryStoreWorks() {
        MvRecordStore store = memory();
        StoredRecord put = store.put("c", "k", Map.of("v", "1"));
        assertEquals(Optional.of(put), store.get("c", "k"));
        assertEquals(Optional.of(put), store.delete("c", "k"));
        assertEquals(List.of("c"), store.collections());
    }

    @Test
    public void concurrentWritersGetDistinctIncreasingVersions() throws Exception {
        MvRecordStore store = open();
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<RecordVersion>>> results = new ArrayList<>();
        Set<RecordVersion> all = new HashSet<>();
        try {
            for (int t = 0; t < threads; t++) {
                String writer = "w" + t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<RecordVersion> versions = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String key = i % 3 == 0 ? "shared" : writer + "-" + i;
                        versions.add(store.put("c", key, Map.of("writer", writer)).version());
                    }
                    return versions;
                }));
            }
            start.countDown();
            for (Future<List<RecordVersion>> result : results) {
                List<RecordVersion> versions = result.get(30, TimeUnit.SECONDS);
                for (int i = 1; i < versions.size(); i++) {
                    assertTrue("a writer's versions increase", versions.get(i).compareTo(versions.get(i - 1)) > 0);
                }
                all.addAll(versions);
            }
            assertEquals(threads * perThread, all.size());
        } finally {
            pool.shutdownNow();
        }
        // the last write of all is in the store
        assertEquals(Collections.max(all), Collections.max(keysToVersions(store.snapshot("c")).values()));
        store.close();
        MvRecordStore reopened = open();
        assertEquals(threads * (perThread - 34) + 1, reopened.list("c").size());
    }

    private static Map<String, RecordVersion> keysToVersions(List<StoredRecord> records) {
        Map<String, RecordVersion> map = new HashMap<>();
        records.forEach(r -> map.put(r.key(), r.version()));
        return map;
    }

    private static StoredRecord remote(String collection, String key, long timestamp, String node, boolean deleted,
            Map<String, String> fields) {
        return new StoredRecord(collection, key, "remote-" + key, new RecordVersion(timestamp, node), deleted, fields,
                T0 - 1000, T0 - 500);
    }

    private static List<String> keys(List<StoredRecord> records) {
        List<String> keys = new ArrayList<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    private static void assertIllegal(String message, ThrowingRunnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    public void aWriteFromAnInterruptedThreadSucceedsAndLeavesTheStoreUsable() {
        MvRecordStore store = open();
        store.put("c", "before", Map.of("v", "1"));
        Thread.currentThread().interrupt();
        try {
            // an interrupt during FileChannel I/O closes the channel; the store must survive it
            store.put("c", "during", Map.of("v", "2"));
        } finally {
            Thread.interrupted();
        }
        store.put("c", "after", Map.of("v", "3"));
        assertEquals(List.of("after", "before", "during"), store.list("c").stream().map(StoredRecord::key).toList());
        store.close();
        opened.remove(store);
        MvRecordStore reopened = open();
        assertEquals("2", reopened.get("c", "during").orElseThrow().field("v"));
    }

    @Test
    public void putAllWritesABatchInOneCommitKeepingGivenIds() {
        MvRecordStore store = open();
        StoredRecord existing = store.put("c", "a", Map.of("v", "0"));
        List<StoredRecord> out = store.putAll("c", List.of(
                new io.hookline.store.RecordWrite("a", existing.id(), Map.of("v", "1"), 42),
                new io.hookline.store.RecordWrite("b", "id-b", Map.of("v", "2"), 42),
                new io.hookline.store.RecordWrite("b", "id-b", Map.of("v", "3"))));
        assertEquals(3, out.size());
        assertEquals("an update of a live record keeps its creation time", existing.createdAt(), out.get(0).createdAt());
        assertEquals("a new record takes the given creation time", 42, out.get(1).createdAt());
        assertTrue(out.get(1).version().compareTo(out.get(0).version()) > 0);
        store.close();
        opened.remove(store);
        MvRecordStore reopened = open();
        assertEquals("1", reopened.get("c", "a").orElseThrow().field("v"));
        assertEquals(existing.id(), reopened.get("c", "a").orElseThrow().id());
        assertEquals("id-b", reopened.get("c", "b").orElseThrow().id());
        assertEquals("the later write of a key wins", "3", reopened.get("c", "b").orElseThrow().field("v"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reopened.putAll("c", List.of(new io.hookline.store.RecordWrite("", "x", Map.of()))));
        assertTrue(e.getMessage(), e.getMessage().contains("key"));
        assertEquals(List.of(), reopened.putAll("c", List.of()));
    }
}
