package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.store.RecordVersion;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.WriteGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** 1.2: a write guard refuses local writes (never merges), and purge forgets a record of a given version. */
public class WriteGuardAndPurgeTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<MvRecordStore> open = new ArrayList<>();

    @After
    public void close() {
        open.forEach(MvRecordStore::close);
    }

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        open.add(s);
        return s;
    }

    @Test
    public void aGuardRefusesLocalWritesOfWhatItGuardsAndNothingIsWritten() {
        MvRecordStore s = store();
        List<String> told = new ArrayList<>();
        s.addListener((records, merged) -> records.forEach(r -> told.add(r.key())));
        s.put("guarded", "before", Map.of());
        WriteGuard guard = (collection, key) -> {
            if (collection.equals("guarded")) {
                throw new IllegalStateException("refused " + collection + "/" + key + ": minority partition");
            }
        };
        s.addWriteGuard(guard);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.put("guarded", "k", Map.of()));
        assertEquals("refused guarded/k: minority partition", e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.putAll("guarded",
                List.of(new RecordWrite("a", "id-a", Map.of()), new RecordWrite("b", "id-b", Map.of()))));
        assertThrows(IllegalStateException.class, () -> s.delete("guarded", "before"));
        assertEquals("nothing of the refused writes is there", List.of("before"),
                s.list("guarded").stream().map(StoredRecord::key).toList());
        s.put("other", "k", Map.of()); // other collections pass
        StoredRecord remote = new StoredRecord("guarded", "remote", "id-r",
                new RecordVersion(System.currentTimeMillis() << 16, "peer"), false, Map.of(), 1, 1);
        assertTrue("merges are never guarded", s.merge(remote));
        assertEquals(List.of("before", "k", "remote"), told);
        s.removeWriteGuard(guard);
        s.put("guarded", "k", Map.of());
    }

    @Test
    public void purgeRemovesATombstoneOfThatVersionOnlyAndSurvivesARestart() {
        Path file = tmp.getRoot().toPath().resolve("p.mv.db");
        MvRecordStore s = MvRecordStore.open(file, false);
        s.put("c", "gone", Map.of());
        s.delete("c", "gone");
        StoredRecord tombstone = s.snapshot("c").get(0);
        assertTrue(tombstone.deleted());
        List<String> told = new ArrayList<>();
        s.addListener((records, merged) -> told.add("x"));
        assertFalse("another version is kept", s.purge("c", "gone", new RecordVersion(1, "n")));
        assertTrue(s.purge("c", "gone", tombstone.version()));
        assertFalse("already gone", s.purge("c", "gone", tombstone.version()));
        assertEquals(List.of(), s.snapshot("c"));
        assertEquals("a purge is not reported", List.of(), told);
        s.close();
        MvRecordStore again = MvRecordStore.open(file, false);
        open.add(again);
        assertEquals(List.of(), again.snapshot("c"));
        StoredRecord old = new StoredRecord("c", "gone", "id", new RecordVersion(2L << 16, "n"), false, Map.of(), 1, 1);
        assertTrue("a purged key is never-seen: an old record merges in again (why callers resync)", again.merge(old));
    }
}
