package io.hookline.store.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@link AuditLog} over a {@link RecordStore}: one record per entry in
 * {@value AuditLog#COLLECTION}, keyed {@code <13-digit millis>-<node>-<10-digit sequence>} so key
 * order is append order (and keys from different nodes never collide). The key's millis is the
 * entry's {@code when}, but never less than the last key's: why, a wall clock stepped back (NTP, a
 * resumed VM) would otherwise file the newest entries as the oldest, and the count bound would
 * drop them first; the entry's {@code when} stays the clock's reading. Bounds: at most
 * {@code maxEntries} live entries and, if {@code maxAge} is positive, none older than it; a trim
 * deletes the oldest entries and never the newest one. Why trim with slack: counting is free (a
 * counter kept since the log was opened), but a trim lists the collection, so it runs once the
 * count passes the bound by 5 % (or once a minute for the age), not on every append. Threading:
 * appends and trims are serialised on this object; the store is thread-safe.
 */
public final class RecordAuditLog implements AuditLog {

    private static final System.Logger LOG = System.getLogger(RecordAuditLog.class.getName());
    private static final long AGE_CHECK_MILLIS = 60_000;

    private final RecordStore store;
    private final int maxEntries;
    private final Duration maxAge;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    /** The highest millis in any key so far; a new key never goes below it. */
    private long lastKeyMillis;
    private int live;
    private long lastAgeCheck;

    /**
     * @param store the store holding the collection
     * @param maxEntries most live entries kept, at least 1
     * @param maxAge oldest entry kept; zero or negative for no age bound
     * @param clock epoch millis (tests pass their own)
     */
    public RecordAuditLog(RecordStore store, int maxEntries, Duration maxAge, LongSupplier clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max.entries must be at least 1: " + maxEntries);
        }
        this.store = store;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
        synchronized (this) {
            continueKeys(store.list(COLLECTION), store.nodeId());
            trim(clock.getAsLong());
        }
    }

    @Override
    public synchronized AuditEntry append(AuditEntry entry) {
        long now = clock.getAsLong();
        long when = entry.when() > 0 ? entry.when() : now;
        String node = store.nodeId();
        lastKeyMillis = Math.max(lastKeyMillis, when);
        String key = String.format("%013d-%s-%010d", lastKeyMillis, node, sequence.incrementAndGet());
        AuditEntry stored = entry.toBuilder().id(key).when(when).node(node).build();
        store.put(COLLECTION, key, stored.toFields());
        live++;
        if (live > maxEntries + Math.max(1, maxEntries / 20)
                || (maxAge.toMillis() > 0 && now - lastAgeCheck >= AGE_CHECK_MILLIS)) {
            trim(now);
        }
        return stored;
    }

    @Override
    public List<AuditEntry> entries(AuditQuery query) {
        List<AuditEntry> matches = new ArrayList<>();
        for (StoredRecord r : store.list(COLLECTION)) {
            AuditEntry e = AuditEntry.fromFields(r.key(), r.fields());
            if (query.matches(e)) {
                matches.add(e);
            }
        }
        int limit = query.limit();
        return limit > 0 && matches.size() > limit ? List.copyOf(matches.subList(matches.size() - limit, matches.size()))
                : matches;
    }

    /** Picks up the highest key millis and this node's sequence, so the next key sorts after every stored one. */
    private void continueKeys(List<StoredRecord> stored, String node) {
        for (StoredRecord r : stored) {
            String key = r.key();
            int first = key.indexOf('-');
            int last = key.lastIndexOf('-');
            if (first <= 0 || last <= first) {
                continue;
            }
            try {
                lastKeyMillis = Math.max(lastKeyMillis, Long.parseLong(key.substring(0, first)));
                if (key.substring(first + 1, last).equals(node)) {
                    sequence.set(Math.max(sequence.get(), Long.parseLong(key.substring(last + 1))));
                }
            } catch (NumberFormatException notOurs) {
                // not a key this class wrote: it cannot collide with ours
            }
        }
    }

    /** Deletes the oldest entries beyond the count bound and those past the age bound, never the newest. */
    synchronized void trim(long now) {
        lastAgeCheck = now;
        List<StoredRecord> all = store.list(COLLECTION);
        live = all.size();
        if (all.isEmpty()) {
            return;
        }
        int drop = Math.max(0, all.size() - maxEntries);
        long cutoff = maxAge.toMillis() > 0 ? now - maxAge.toMillis() : Long.MIN_VALUE;
        // the newest entry always stays, whatever the bounds say
        int last = all.size() - 1;
        for (int i = drop; i < last; i++) {
            if (AuditEntry.fromFields(all.get(i).key(), all.get(i).fields()).when() >= cutoff) {
                break;
            }
            drop = i + 1;
        }
        drop = Math.min(drop, last);
        for (int i = 0; i < drop; i++) {
            store.delete(COLLECTION, all.get(i).key());
        }
        live -= drop;
        if (drop > 0) {
            LOG.log(System.Logger.Level.INFO, "audit log trimmed " + drop + " oldest entries (bounds: " + maxEntries
                    + " entries" + (maxAge.toMillis() > 0 ? ", " + maxAge.toDays() + " days" : "") + ")");
        }
    }
}
