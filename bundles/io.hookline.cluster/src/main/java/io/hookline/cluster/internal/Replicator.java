package io.hookline.cluster.internal;

import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import io.hookline.store.WriteGuard;
import io.hookline.store.audit.AuditLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Keeps the replicated collections of one node's {@link RecordStore} in step with its peers over
 * a {@link ClusterTransport}. Local writes (told by the store as not merged) are queued and
 * broadcast in batches by the sender executor; remote records are merged (last writer wins on the
 * record version, which the store enforces, so delivery order and duplicates do not matter) unless
 * the node opted them out or their clock is more than {@code maxSkewMillis} ahead of ours, which
 * is refused and reported rather than adopted (adopting would drag this node's clock, and every
 * later version, into the future). Merged records are never re-published: the store tells them
 * apart, so there is no echo.
 *
 * <p><b>Catch-up.</b> A node that joins (its first view) or sees a merge view sends its digest
 * (key and version of every replicated record) to the first member new to it; the receiver
 * answers with the records the digest lacks or holds older, and with a WANT naming those the
 * digest holds newer, which the digest's sender then broadcasts. A joiner thus gets the state
 * once, from one member, and its own newer records (a restart with writes made while away) reach
 * everyone; established members send no digest on a join, so a big state is not shipped twice.
 * After a partition each side pulls from the other what it missed. A follower-only node still
 * relays what it merged from others, never a record it wrote.
 *
 * <p><b>Partitions.</b> {@link Membership} knows whom this node expects; members known but not in
 * the view are reported missing. With {@link PartitionPolicy#DENY_MINORITY} the replicator is also
 * the store's {@link WriteGuard}: while the view is a minority of the known members it refuses
 * local writes to replicated records (the audit log excepted: its keys are unique per node, so its
 * entries never conflict), naming the partition; merges and reads go on. <b>Tombstones</b> are
 * forgotten by {@link TombstonePurger} once every member has them, or past an age limit; a
 * returning node that still holds what was purged is told to drop it. A node that leaves on
 * purpose says BYE, so it is not counted missing.
 *
 * <p>Threading: transport callbacks may run on several threads; the store serialises the merges;
 * the view bookkeeping is guarded by {@code this} and {@link Membership}; counters are atomic.
 */
final class Replicator implements RecordListener, ClusterTransport.Handler, WriteGuard, AutoCloseable {

    /** Records per message; a 10,000-record catch-up is ten messages of about 100 KB. */
    static final int BATCH = 1000;

    private static final System.Logger LOG = System.getLogger(Replicator.class.getName());

    private final RecordStore store;
    private final ReplicationFilter filter;
    private final boolean followerOnly;
    private final long maxSkewMillis;
    private final LongSupplier wallMillis;
    private final Executor sender;
    private final ClusterTransport transport;
    private final String storeNode;
    private final ConcurrentLinkedQueue<StoredRecord> outbox = new ConcurrentLinkedQueue<>();
    private final Object drainLock = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong refusedSkew = new AtomicLong();
    private final AtomicLong catchUpsServed = new AtomicLong();
    private volatile long lastCatchUp;
    private volatile String lastRefusal;
    /**
     * The wall-clock part of the highest stamp a local write got (the hybrid logical clock never goes
     * back, so the next write is stamped at least this): how far it is ahead of the wall clock now is
     * what {@link ClusterStatusDTO#writesAheadMillis} reports, so the report clears once the wall clock
     * catches up, write or no write.
     */
    private final AtomicLong ownStampMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile long aheadWarnedAt;
    private final AtomicLong refusedWrites = new AtomicLong();
    private final AtomicLong refusedPurged = new AtomicLong();
    private final PartitionPolicy policy;
    private final Membership membership;
    private final TombstonePurger purger;
    private volatile boolean closed;
    // guarded by this
    private Set<String> members = Set.of();

    /** A replicator with the defaults of the partition and tombstone settings (tests). */
    Replicator(RecordStore store, ReplicationFilter filter, boolean followerOnly, long maxSkewMillis,
            LongSupplier wallMillis, Executor sender, ClusterTransport transport) {
        this(store, filter, followerOnly, maxSkewMillis, wallMillis, sender, transport, PartitionPolicy.AVAILABLE,
                7L * 24 * 3600 * 1000);
    }

    Replicator(RecordStore store, ReplicationFilter filter, boolean followerOnly, long maxSkewMillis,
            LongSupplier wallMillis, Executor sender, ClusterTransport transport, PartitionPolicy policy,
            long tombstoneMaxAgeMillis) {
        this.store = Objects.requireNonNull(store, "store");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.followerOnly = followerOnly;
        if (maxSkewMillis <= 0) {
            throw new IllegalArgumentException("max.clock.skew must be positive, was " + maxSkewMillis + " ms");
        }
        this.maxSkewMillis = maxSkewMillis;
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.storeNode = store.nodeId();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.membership = new Membership(store, transport.self());
        this.purger = new TombstonePurger(store, filter, tombstoneMaxAgeMillis, wallMillis);
    }

    /**
     * Starts listening to the store (and guarding it under {@code deny-minority}); the caller then
     * connects the transport.
     *
     * @throws IllegalStateException if the policy needs a guard and the store cannot take one
     */
    void start() {
        if (policy == PartitionPolicy.DENY_MINORITY) {
            try {
                store.addWriteGuard(this);
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException("partition.policy = deny-minority needs a record store that consults"
                        + " write guards (io.hookline.store 1.2): " + e.getMessage(), e);
            }
        }
        store.addListener(this);
    }

    /** Says BYE (this node leaves on purpose, so peers do not count it missing) and stops listening. */
    @Override
    public void close() {
        if (!closed) {
            try {
                transport.broadcast(WireCodec.bye());
            } catch (RuntimeException e) {
                // a channel that is already gone: the peers see a crash, and count it missing
            }
        }
        closed = true;
        store.removeListener(this);
        store.removeWriteGuard(this);
    }

    // ---- the write guard (deny-minority)

    @Override
    public void check(String collection, String key) {
        if (closed || collection.equals(AuditLog.COLLECTION) || !filter.replicates(collection, key)) {
            return;
        }
        Membership.State m = membership.state();
        if (m.minority()) {
            refusedWrites.incrementAndGet();
            throw new IllegalStateException("refused by the cluster: node " + transport.self() + " is in a minority"
                    + " partition (it sees " + (m.known().size() - m.missing().size()) + " of the " + m.known().size()
                    + " members it knows; missing: " + String.join(", ", m.missing()) + ") and partition.policy ="
                    + " deny-minority refuses writes to replicated records (" + collection + "/" + key
                    + ") until the partition heals; reads are served");
        }
    }

    // ---- local writes out

    @Override
    public void recordsChanged(List<StoredRecord> records, boolean fromMerge) {
        if (fromMerge || followerOnly || closed) {
            return;
        }
        boolean queued = false;
        for (StoredRecord r : records) {
            if (filter.replicates(r.collection(), r.key())) {
                outbox.add(r);
                queued = true;
                checkOwnStamp(r);
            }
        }
        if (queued) {
            sender.execute(this::drain);
        }
    }

    /**
     * A local write stamped further ahead of this node's wall clock than the skew every member
     * allows is refused by all of them: its clock was ahead, was set back, and the hybrid logical
     * clock (which never goes back) still stamps from the old time. Only this node can see that;
     * it says so in its status and health, and logs it at most once a minute.
     */
    private void checkOwnStamp(StoredRecord r) {
        long stamp = ownStampMillis.accumulateAndGet(r.version().wallMillis(), Math::max);
        long now = wallMillis.getAsLong();
        long ahead = stamp - now;
        if (ahead <= maxSkewMillis) {
            return;
        }
        if (now - aheadWarnedAt >= 60_000 || now < aheadWarnedAt) {
            aheadWarnedAt = now;
            LOG.log(Level.WARNING, "cluster: this node stamps its writes " + ahead + " ms ahead of its wall clock, more"
                    + " than the " + maxSkewMillis + " ms (max.clock.skew.seconds) every member allows: they refuse its"
                    + " writes until its clock catches up (its clock was ahead and was set back; record clocks never go back)");
        }
    }

    /** @return how far ahead of the wall clock this node's next write would be stamped, when beyond the skew; else 0 */
    private long writesAheadMillis() {
        long stamp = ownStampMillis.get();
        if (stamp == Long.MIN_VALUE) {
            return 0;
        }
        long ahead = stamp - wallMillis.getAsLong();
        return ahead > maxSkewMillis ? ahead : 0;
    }

    private void drain() {
        synchronized (drainLock) {
            List<StoredRecord> batch = new ArrayList<>();
            for (StoredRecord r; (r = outbox.poll()) != null;) {
                batch.add(r);
                if (batch.size() == BATCH) {
                    publish(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                publish(batch);
            }
        }
    }

    private void publish(List<StoredRecord> batch) {
        try {
            transport.broadcast(WireCodec.records(WireCodec.Kind.PUBLISH, batch));
            published.addAndGet(batch.size());
        } catch (RuntimeException e) {
            // the peers get these records at the next digest exchange (join or merge)
            LOG.log(Level.WARNING, "cluster: publishing " + batch.size() + " record(s) failed", e);
        }
    }

    // ---- the transport in

    @Override
    public void onMessage(String from, byte[] payload) {
        if (closed || from.equals(transport.self())) {
            return;
        }
        WireCodec.Message message;
        try {
            message = WireCodec.decode(payload);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: dropped a malformed message from " + from + ": " + e.getMessage());
            return;
        }
        try {
            switch (message.kind()) {
                case PUBLISH -> accept(from, message.records(), false);
                case CATCH_UP -> accept(from, message.records(), true);
                case DIGEST -> answer(from, message.digest());
                case WANT -> serve(message.digest());
                case TOMBSTONES -> purger.reported(from, message.digest());
                case DROP -> purger.drop(from, message.digest());
                case BYE -> membership.left(from);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "cluster: handling a " + message.kind() + " from " + from + " failed", e);
            }
        }
    }

    @Override
    public void onView(List<String> newView, boolean merge) {
        String self = transport.self();
        String target = null;
        synchronized (this) {
            boolean joining = members.isEmpty();
            for (String m : newView) {
                if ((joining || merge) && !m.equals(self) && !members.contains(m)) {
                    target = m;
                    break;
                }
            }
            members = new LinkedHashSet<>(newView);
            membership.view(newView, merge, wallMillis.getAsLong());
            purger.retain(newView);
        }
        if (target != null && !closed) {
            try {
                transport.send(target, WireCodec.digest(digest()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cluster: sending the digest to " + target + " failed", e);
            }
        }
    }

    private void accept(String from, List<StoredRecord> records, boolean catchUp) {
        long now = wallMillis.getAsLong();
        List<StoredRecord> accepted = new ArrayList<>(records.size());
        // the keys held per collection, tombstones included, read once per message and only if needed
        Map<String, Set<String>> held = new HashMap<>();
        for (StoredRecord r : records) {
            if (!filter.replicates(r.collection(), r.key())) {
                continue;
            }
            if (purger.purgedBefore(r.collection(), r.version()) && !held.computeIfAbsent(r.collection(),
                    c -> store.snapshot(c).stream().map(StoredRecord::key).collect(Collectors.toSet())).contains(r.key())) {
                // never seen here, at or below the purge horizon: deleted and forgotten, a stale copy, not news.
                // A key held as a tombstone has been seen: last writer wins decides (a put newer than the
                // tombstone wins, even below a horizon that another key's purge raised)
                refusedPurged.incrementAndGet();
                continue;
            }
            long ahead = r.version().wallMillis() - now;
            if (ahead > maxSkewMillis) {
                refusedSkew.incrementAndGet();
                String why = "refused " + r.collection() + "/" + r.key() + " from " + from + " (written by node "
                        + r.version().node() + "): its clock is " + ahead + " ms ahead of this node's, more than the "
                        + maxSkewMillis + " ms allowed (max.clock.skew.seconds); fix that node's clock";
                lastRefusal = why;
                LOG.log(Level.WARNING, "cluster: " + why);
                continue;
            }
            accepted.add(r);
        }
        if (!accepted.isEmpty()) {
            merged.addAndGet(store.mergeAll(accepted));
        }
        if (catchUp) {
            lastCatchUp = wallMillis.getAsLong();
        }
    }

    /**
     * Sends {@code from} what its digest lacks or holds older, then asks it for what it holds
     * newer (records refused here for skew are asked again at the next exchange, and refused again).
     */
    private void answer(String from, Map<String, Map<String, RecordVersion>> theirs) {
        List<StoredRecord> missing = new ArrayList<>();
        Map<String, Map<String, RecordVersion>> wanted = new HashMap<>();
        Map<String, Map<String, RecordVersion>> stale = new HashMap<>();
        for (String collection : filter.collections()) {
            Map<String, RecordVersion> known = theirs.getOrDefault(collection, Map.of());
            Map<String, RecordVersion> ours = new HashMap<>();
            for (StoredRecord r : store.snapshot(collection)) {
                if (!filter.replicates(collection, r.key())) {
                    continue;
                }
                ours.put(r.key(), r.version());
                if (followerOnly && r.version().node().equals(storeNode)) {
                    continue;
                }
                RecordVersion v = known.get(r.key());
                if (v == null || r.version().compareTo(v) > 0) {
                    missing.add(r);
                }
            }
            known.forEach((key, v) -> {
                RecordVersion mine = ours.get(key);
                if (!filter.replicates(collection, key)) {
                    return;
                }
                if (mine == null && purger.purgedBefore(collection, v)) {
                    stale.computeIfAbsent(collection, c -> new HashMap<>()).put(key, v);
                } else if (mine == null || v.compareTo(mine) > 0) {
                    wanted.computeIfAbsent(collection, c -> new HashMap<>()).put(key, v);
                }
            });
        }
        if (!stale.isEmpty()) {
            // the sender was away while these were deleted and purged: it drops them (its resync)
            transport.send(from, WireCodec.drop(stale));
        }
        for (int i = 0; i < missing.size(); i += BATCH) {
            transport.send(from, WireCodec.records(WireCodec.Kind.CATCH_UP,
                    missing.subList(i, Math.min(missing.size(), i + BATCH))));
        }
        if (!wanted.isEmpty()) {
            transport.send(from, WireCodec.want(wanted));
        }
        catchUpsServed.incrementAndGet();
    }

    /** Broadcasts the records a peer asked for (the newer ones a joiner or the other side holds). */
    private void serve(Map<String, Map<String, RecordVersion>> wanted) {
        List<StoredRecord> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, RecordVersion>> c : wanted.entrySet()) {
            if (!filter.collections().contains(c.getKey())) {
                continue;
            }
            for (StoredRecord r : store.snapshot(c.getKey())) {
                if (c.getValue().containsKey(r.key()) && filter.replicates(r.collection(), r.key())
                        && !(followerOnly && r.version().node().equals(storeNode))) {
                    out.add(r);
                }
            }
        }
        for (int i = 0; i < out.size(); i += BATCH) {
            transport.broadcast(WireCodec.records(WireCodec.Kind.CATCH_UP, out.subList(i, Math.min(out.size(), i + BATCH))));
        }
        published.addAndGet(out.size());
    }

    private Map<String, Map<String, RecordVersion>> digest() {
        Map<String, Map<String, RecordVersion>> digest = new HashMap<>();
        for (String collection : filter.collections()) {
            Map<String, RecordVersion> versions = new HashMap<>();
            for (StoredRecord r : store.snapshot(collection)) {
                if (filter.replicates(collection, r.key())) {
                    versions.put(r.key(), r.version());
                }
            }
            digest.put(collection, versions);
        }
        return digest;
    }

    // ---- introspection

    // ---- tombstones, sync, forget

    /**
     * One tombstone round: purges what every member has (or what is too old) and broadcasts the
     * tombstones still held. Run by the component's scheduler; tests call it directly.
     */
    void tombstoneRound() {
        if (closed) {
            return;
        }
        Membership.State m = membership.state();
        List<String> others = m.view().stream().filter(x -> !x.equals(transport.self())).toList();
        Map<String, Map<String, RecordVersion>> held = purger.round(others, m.missing().isEmpty());
        if (!held.isEmpty() && !others.isEmpty()) {
            transport.broadcast(WireCodec.tombstones(held));
        }
    }

    /**
     * Forces a digest exchange with every other member of the view: each answers with what this
     * node lacks and asks for what it holds newer, as after a merge.
     *
     * @return the members asked
     */
    List<String> sync() {
        List<String> others = membership.state().view().stream().filter(x -> !x.equals(transport.self())).toList();
        if (others.isEmpty()) {
            return others;
        }
        byte[] digest = WireCodec.digest(digest());
        for (String member : others) {
            transport.send(member, digest);
        }
        return others;
    }

    /** @see Membership#forget */
    boolean forget(String member) {
        return membership.forget(member);
    }

    // ---- introspection

    /** @return this node's state; {@code clusterName} is filled in by the caller */
    ClusterStatusDTO status() {
        ClusterStatusDTO dto = new ClusterStatusDTO();
        dto.node = transport.self();
        Membership.State m = membership.state();
        dto.members = m.view();
        dto.coordinator = m.view().isEmpty() ? null : m.view().get(0);
        dto.viewId = m.viewId();
        dto.knownMembers = m.known();
        dto.missingMembers = m.missing();
        dto.partitioned = !m.missing().isEmpty();
        dto.partitionPolicy = policy.value();
        dto.minority = m.minority();
        dto.writesRefused = policy == PartitionPolicy.DENY_MINORITY && m.minority();
        dto.refusedWrites = refusedWrites.get();
        dto.lastMerge = m.lastMerge();
        dto.pendingPublish = outbox.size();
        dto.localOnly = filter.localOnly();
        dto.tombstones = purger.held();
        dto.tombstonesPurged = purger.purged();
        dto.resyncDropped = purger.dropped();
        dto.lastResync = purger.lastResync();
        dto.refusedPurged = refusedPurged.get();
        dto.writesAheadMillis = writesAheadMillis();
        dto.refusedStaleMessages = transport.refusedStale();
        dto.lastStaleRefusal = transport.lastStaleRefusal();
        dto.health = health(dto);
        dto.followerOnly = followerOnly;
        dto.collections = filter.collections();
        dto.published = published.get();
        dto.merged = merged.get();
        dto.refusedClockSkew = refusedSkew.get();
        dto.lastRefusal = lastRefusal;
        dto.catchUpsServed = catchUpsServed.get();
        dto.lastCatchUp = lastCatchUp;
        return dto;
    }

    private static String health(ClusterStatusDTO s) {
        if (s.partitioned) {
            return "PARTITIONED: missing " + String.join(", ", s.missingMembers) + " (sees " + s.members.size() + " of "
                    + s.knownMembers.size() + " known members" + (s.writesRefused ? "; a minority: cluster writes refused"
                    : s.minority ? "; a minority" : "") + ")";
        }
        String clash = io.hookline.cluster.internal.health.ClusterHealth.nameClash(s);
        if (clash != null) {
            return "NAME CLASH: " + clash;
        }
        if (s.writesAheadMillis > 0) {
            return "CLOCK AHEAD: " + io.hookline.cluster.internal.health.ClusterHealth.aheadText(s);
        }
        if (s.refusedClockSkew > 0) {
            return "OK, with " + s.refusedClockSkew + " clock-skew refusal(s): " + s.lastRefusal;
        }
        if (s.refusedStaleMessages > 0) {
            return "OK, with " + s.refusedStaleMessages + " stale message(s) refused: "
                    + io.hookline.cluster.internal.health.ClusterHealth.staleText(s);
        }
        return "OK";
    }
}
