package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The audit log over a real file-backed store: order, queries, bounds (never the newest), durability. */
public class RecordAuditLogTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Path file;
    private MvRecordStore store;
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @Before
    public void open() {
        file = tmp.getRoot().toPath().resolve("audit.mv.db");
        store = MvRecordStore.open(file, false);
    }

    @After
    public void close() {
        store.close();
    }

    private static AuditEntry entry(String app, String action) {
        return AuditEntry.builder().who("shell:alice").action(action).result(AuditEntry.OK).app(app).version("1.0.0")
                .sha256("ab").source("path /x.jar").build();
    }

    private AuditEntry append(AuditLog log, String app, String action) {
        now.addAndGet(1000);
        return log.append(entry(app, action));
    }

    @Test
    public void appendsInTimeOrderAndQueries() {
        RecordAuditLog log = new RecordAuditLog(store, 100, Duration.ZERO, now::get);
        AuditEntry first = append(log, "a", AuditEntry.INSTALL);
        append(log, "b", AuditEntry.INSTALL);
        AuditEntry third = append(log, "a", AuditEntry.UNINSTALL);
        assertEquals(now.get(), third.when());
        assertEquals(store.nodeId(), third.node());
        assertEquals(List.of("a", "b", "a"), log.entries(AuditQuery.all()).stream().map(AuditEntry::app).toList());
        assertEquals(List.of(first, third), log.entries(AuditQuery.all().app("a")));
        assertEquals(List.of(third), log.entries(AuditQuery.all().since(third.when())));
        assertEquals(List.of(third), log.entries(AuditQuery.all().limit(1)));
        assertEquals(List.of(third), log.entries(AuditQuery.all().action(AuditEntry.UNINSTALL)));
        assertEquals("shell:alice", third.who());
        assertEquals(3, store.list(AuditLog.COLLECTION).size());
    }

    @Test
    public void countBoundDropsTheOldestNeverTheNewest() {
        RecordAuditLog log = new RecordAuditLog(store, 20, Duration.ZERO, now::get);
        AuditEntry last = null;
        for (int i = 0; i < 100; i++) {
            last = append(log, "app" + i, AuditEntry.INSTALL);
            List<AuditEntry> all = log.entries(AuditQuery.all());
            assertTrue("bounded: " + all.size(), all.size() <= 21);
            assertEquals(last, all.get(all.size() - 1));
        }
        new RecordAuditLog(store, 20, Duration.ZERO, now::get);
        List<AuditEntry> kept = log.entries(AuditQuery.all());
        assertEquals(20, kept.size());
        assertEquals("app80", kept.get(0).app());
        assertEquals(last, kept.get(19));
    }

    /**
     * A wall clock stepped back (NTP, a resumed VM) must not make the entries appended after it the
     * "oldest": the count bound would drop them first, and the newest would be lost. Also across a
     * reopen of the log after the step.
     */
    @Test
    public void clockSteppedBackNeverDropsTheNewest() {
        RecordAuditLog log = new RecordAuditLog(store, 20, Duration.ZERO, now::get);
        for (int i = 0; i < 20; i++) {
            append(log, "before" + i, AuditEntry.INSTALL);
        }
        now.addAndGet(-Duration.ofHours(1).toMillis());
        AuditEntry last = null;
        for (int i = 0; i < 30; i++) {
            last = append(log, "after" + i, AuditEntry.INSTALL);
            List<AuditEntry> all = log.entries(AuditQuery.all());
            assertEquals("the newest is kept and last", last, all.get(all.size() - 1));
            assertEquals(List.of(last), log.entries(AuditQuery.all().limit(1)));
        }
        assertEquals("its when is the clock's reading", now.get(), last.when());
        RecordAuditLog reopened = new RecordAuditLog(store, 20, Duration.ZERO, now::get);
        List<AuditEntry> kept = reopened.entries(AuditQuery.all());
        assertEquals(20, kept.size());
        assertEquals("after10", kept.get(0).app());
        now.addAndGet(-Duration.ofHours(1).toMillis());
        AuditEntry afterReopen = append(reopened, "reopened", AuditEntry.INSTALL);
        kept = reopened.entries(AuditQuery.all());
        assertEquals(afterReopen, kept.get(kept.size() - 1));
    }

    @Test
    public void ageBoundDropsOldEntriesButKeepsTheNewest() {
        RecordAuditLog log = new RecordAuditLog(store, 100, Duration.ofDays(1), now::get);
        append(log, "old", AuditEntry.INSTALL);
        AuditEntry newest = append(log, "old2", AuditEntry.INSTALL);
        now.addAndGet(Duration.ofDays(2).toMillis());
        // reopening with the same bounds trims at once: both are past the age, the newest stays
        RecordAuditLog again = new RecordAuditLog(store, 100, Duration.ofDays(1), now::get);
        assertEquals(List.of(newest), again.entries(AuditQuery.all()));
        AuditEntry fresh = append(again, "fresh", AuditEntry.INSTALL);
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        AuditEntry later = append(again, "later", AuditEntry.INSTALL);
        assertEquals(List.of(fresh, later), again.entries(AuditQuery.all()));
    }

    @Test
    public void entriesAreDurable() {
        RecordAuditLog log = new RecordAuditLog(store, 100, Duration.ZERO, now::get);
        AuditEntry e = append(log, "a", AuditEntry.INSTALL);
        store.close();
        store = MvRecordStore.open(file, false);
        assertEquals(List.of(e), new RecordAuditLog(store, 100, Duration.ZERO, now::get).entries(AuditQuery.all()));
    }
}
