package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.store.RecordListener;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** The store's change reports: local writes and merges told apart, lost merges silent, mergeAll in one call. */
public class RecordListenerTest {

    private final MvRecordStore store = MvRecordStore.inMemory();
    private final List<String> seen = new ArrayList<>();
    private final RecordListener listener = (records, merged) -> {
        for (StoredRecord r : records) {
            seen.add((merged ? "merged " : "local ") + r.key() + (r.deleted() ? " deleted" : ""));
        }
    };

    @After
    public void close() {
        store.close();
    }

    @Test
    public void localWritesAreReportedAsLocalAfterTheyCommit() {
        List<Boolean> visible = new ArrayList<>();
        store.addListener((records, merged) -> visible.add(store.get("c", records.get(0).key()).isPresent()
                || records.get(0).deleted()));
        store.addListener(listener);
        store.put("c", "a", Map.of("x", "1"));
        store.put("c", "b", "id-b", Map.of());
        store.putAll("c", List.of(new io.hookline.store.RecordWrite("c1", "id1", Map.of()),
                new io.hookline.store.RecordWrite("c2", "id2", Map.of())));
        store.delete("c", "a");
        store.delete("c", "never");
        assertEquals(List.of("local a", "local b", "local c1", "local c2", "local a deleted"), seen);
        assertEquals(List.of(true, true, true, true), visible);
    }

    @Test
    public void mergesAreReportedAsMergedAndALosingMergeIsSilent() {
        store.addListener(listener);
        StoredRecord newer = remote("k", Long.MAX_VALUE >>> 1, false);
        assertTrue(store.merge(newer));
        assertFalse(store.merge(remote("k", 5, false)));
        assertEquals(List.of("merged k"), seen);
    }

    @Test
    public void mergeAllCommitsOnceAndReportsOnlyTheWinners() {
        List<Integer> calls = new ArrayList<>();
        store.addListener((records, merged) -> calls.add(records.size()));
        store.put("c", "local", Map.of());
        long future = (System.currentTimeMillis() + 1000) << 16;
        int changed = store.mergeAll(List.of(remote("r1", future, false), remote("r2", future, true),
                remote("local", 1, false)));
        assertEquals(2, changed);
        assertEquals(List.of(1, 2), calls);
        assertTrue(store.get("c", "r1").isPresent());
        assertFalse(store.get("c", "r2").isPresent());
        assertEquals(3, store.snapshot("c").size());
        assertTrue("the clock moved past merged versions",
                store.put("c", "after", Map.of()).version().timestamp() > future);
    }

    @Test
    public void aThrowingListenerDoesNotFailTheWriteOrTheOthers() {
        store.addListener((records, merged) -> {
            throw new IllegalStateException("boom");
        });
        store.addListener(listener);
        store.put("c", "a", Map.of());
        assertEquals(List.of("local a"), seen);
        store.removeListener(listener);
        store.put("c", "b", Map.of());
        assertEquals(List.of("local a"), seen);
    }

    private static StoredRecord remote(String key, long timestamp, boolean deleted) {
        return new StoredRecord("c", key, "id-" + key, new RecordVersion(timestamp, "remote-node"), deleted, Map.of(),
                1, 1);
    }
}
