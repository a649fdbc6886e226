package io.hookline.cluster.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides when a tombstone may be forgotten, and what a node that was away must then drop.
 *
 * <p>What: every round ({@code tombstone.check.interval.seconds}) a node broadcasts the tombstones
 * it holds; a tombstone is purged once every other member of the view reported holding exactly it
 * while no known member is missing (a partitioned or crashed member may still hold the record it
 * deletes), or once it is older than {@code tombstone.max.age.hours} whatever the peers said. Each
 * purge raises the collection's <em>purge horizon</em> (the greatest version purged, kept in
 * {@value Membership#LOCAL} and saved before the purge), and the horizon guards against
 * resurrection: a record this node has never seen at all, at a version at or below the horizon, is
 * one the cluster deleted and forgot, so it is refused when pushed and, when a returning node's
 * digest holds it, answered with a DROP that makes that node forget it too (its resync). The cost,
 * stated: a write made on a node cut off for longer than it takes to purge (at least the age limit
 * while others see it missing), never replicated, and older than the horizon, is dropped the same
 * way. Threading: guarded by {@code this}; store writes happen on the caller's thread.
 */
final class TombstonePurger {

    private static final System.Logger LOG = System.getLogger(TombstonePurger.class.getName());
    private static final String HORIZON = "horizon/";

    private final RecordStore store;
    private final ReplicationFilter filter;
    private final long maxAgeMillis;
    private final LongSupplier wallMillis;
    /** member -> collection -> key -> tombstone version it reported holding. */
    private final Map<String, Map<String, Map<String, RecordVersion>>> reports = new HashMap<>();
    private final Map<String, RecordVersion> horizons = new HashMap<>();
    /** What the last {@value #GHOST_ROUNDS} rounds purged, newest first: still reported, see {@link #round}. */
    private final java.util.Deque<Map<String, Map<String, RecordVersion>>> recentlyPurged = new java.util.ArrayDeque<>();
    static final int GHOST_ROUNDS = 2;
    private final AtomicLong purged = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastResync;
    private volatile int held;

    TombstonePurger(RecordStore store, ReplicationFilter filter, long maxAgeMillis, LongSupplier wallMillis) {
        if (maxAgeMillis <= 0) {
            throw new IllegalArgumentException("tombstone.max.age must be positive, was " + maxAgeMillis + " ms");
        }
        this.store = store;
        this.filter = filter;
        this.maxAgeMillis = maxAgeMillis;
        this.wallMillis = wallMillis;
        for (String c : filter.collections()) {
            try {
                store.get(Membership.LOCAL, HORIZON + c).ifPresent(r -> horizons.put(c,
                        new RecordVersion(Long.parseLong(r.field("timestamp")), r.field("node"))));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cluster: reading the purge horizon of " + c + " failed", e);
            }
        }
    }

    synchronized void reported(String member, Map<String, Map<String, RecordVersion>> tombstones) {
        reports.put(member, tombstones);
    }

    /** Forgets the reports of members no longer in the view: they must report again. */
    synchronized void retain(Collection<String> view) {
        reports.keySet().retainAll(view);
    }

    /**
     * One round: purges what may be purged and returns the tombstones still held, to broadcast, with
     * those purged in the last {@value #GHOST_ROUNDS} rounds.
     *
     * @param others the view's members but this node
     * @param complete true if no known member is missing from the view
     */
    synchronized Map<String, Map<String, RecordVersion>> round(Collection<String> others, boolean complete) {
        long now = wallMillis.getAsLong();
        Map<String, Map<String, RecordVersion>> still = new HashMap<>();
        Map<String, Map<String, RecordVersion>> purge = new HashMap<>();
        int count = 0;
        for (String c : filter.collections()) {
            for (StoredRecord r : store.snapshot(c)) {
                if (!r.deleted() || !filter.replicates(c, r.key())) {
                    continue;
                }
                boolean old = now - r.version().wallMillis() > maxAgeMillis;
                boolean everyoneHasIt = complete && others.stream().allMatch(m -> r.version().equals(
                        reports.getOrDefault(m, Map.of()).getOrDefault(c, Map.of()).get(r.key())));
                if (old || everyoneHasIt) {
                    purge.computeIfAbsent(c, x -> new HashMap<>()).put(r.key(), r.version());
                } else {
                    still.computeIfAbsent(c, x -> new HashMap<>()).put(r.key(), r.version());
                    count++;
                }
            }
        }
        purge.forEach((c, keys) -> {
            RecordVersion top = keys.values().stream().max(RecordVersion::compareTo).orElseThrow();
            RecordVersion h = horizons.get(c);
            if (h == null || top.compareTo(h) > 0) {
                // saved before the purge: a crash in between must not leave purged keys unguarded
                store.put(Membership.LOCAL, HORIZON + c, Map.of("timestamp", Long.toString(top.timestamp()),
                        "node", top.node()));
                horizons.put(c, top);
            }
            keys.forEach((k, v) -> {
                if (store.purge(c, k, v)) {
                    purged.incrementAndGet();
                }
            });
        });
        held = count;
        // A node that purged a tombstone goes on reporting it for GHOST_ROUNDS rounds. The nodes' rounds do
        // not run in step: a peer whose round comes after this one's replaces this node's report with the
        // new one, and without the purged tombstone in it that peer never saw everyone holding it and kept
        // it (until the age limit), while this node had dropped it. Reporting it is safe: this node has seen
        // it, and its horizon refuses any older copy of the key.
        recentlyPurged.addFirst(purge);
        while (recentlyPurged.size() > GHOST_ROUNDS) {
            recentlyPurged.removeLast();
        }
        Map<String, Map<String, RecordVersion>> report = new HashMap<>();
        still.forEach((c, keys) -> report.put(c, new HashMap<>(keys)));
        for (Map<String, Map<String, RecordVersion>> p : recentlyPurged) {
            p.forEach((c, keys) -> keys.forEach((k, v) -> report.computeIfAbsent(c, x -> new HashMap<>()).putIfAbsent(k, v)));
        }
        return report;
    }

    /** @return true if a record this node lacks entirely, of this version, is one the cluster purged */
    synchronized boolean purgedBefore(String collection, RecordVersion version) {
        RecordVersion h = horizons.get(collection);
        return h != null && version.compareTo(h) <= 0;
    }

    /** A peer said these were purged: drop them here, if still at those versions (the resync). */
    void drop(String from, Map<String, Map<String, RecordVersion>> records) {
        int n = 0;
        for (Map.Entry<String, Map<String, RecordVersion>> c : records.entrySet()) {
            for (Map.Entry<String, RecordVersion> e : c.getValue().entrySet()) {
                if (filter.replicates(c.getKey(), e.getKey()) && store.purge(c.getKey(), e.getKey(), e.getValue())) {
                    n++;
                }
            }
        }
        if (n > 0) {
            dropped.addAndGet(n);
            lastResync = wallMillis.getAsLong();
            LOG.log(Level.INFO, "cluster: resync with " + from + ": dropped " + n + " record(s) the cluster deleted"
                    + " and purged while this node was away");
        }
    }

    long purged() {
        return purged.get();
    }

    long dropped() {
        return dropped.get();
    }

    long lastResync() {
        return lastResync;
    }

    int held() {
        return held;
    }
}
