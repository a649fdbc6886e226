package io.hookline.cluster.internal;

import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
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
 * <p>Threading: transport callbacks may run on several threads; the store serialises the merges;
 * the view bookkeeping is guarded by {@code this}; counters are atomic.
 */
final class Replicator implements RecordListener, ClusterTransport.Handler, AutoCloseable {

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
    private volatile boolean closed;
    // guarded by this
    private Set<String> members = Set.of();
    private List<String> view = List.of();
    private long viewId;

    Replicator(RecordStore store, ReplicationFilter filter, boolean followerOnly, long maxSkewMillis,
            LongSupplier wallMillis, Executor sender, ClusterTransport transport) {
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
    }

    /** Starts listening to the store; the caller then connects the transport. */
    void start() {
        store.addListener(this);
    }

    @Override
    public void close() {
        closed = true;
        store.removeListener(this);
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
            }
        }
        if (queued) {
            sender.execute(this::drain);
        }
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
            view = List.copyOf(newView);
            viewId++;
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
        for (StoredRecord r : records) {
            if (!filter.replicates(r.collection(), r.key())) {
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
                if (filter.replicates(collection, key) && (mine == null || v.compareTo(mine) > 0)) {
                    wanted.computeIfAbsent(collection, c -> new HashMap<>()).put(key, v);
                }
            });
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

    /** @return this node's state; {@code clusterName} is filled in by the caller */
    ClusterStatusDTO status() {
        ClusterStatusDTO dto = new ClusterStatusDTO();
        dto.node = transport.self();
        synchronized (this) {
            dto.members = view;
            dto.coordinator = view.isEmpty() ? null : view.get(0);
            dto.viewId = viewId;
        }
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
}
