package io.hookline.core.internal;

import io.hookline.event.admin.PluginStatus;
import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps plugin registrations to their durable records: this node's view of each plugin (identity,
 * status) in collection {@value #COLLECTION} through the write-behind {@link PluginRecordWriter},
 * and the operator's switches through {@link PluginSwitches}, which are the truth for them.
 *
 * <p>What: restores a registration's identity by name (queued writes win over the store) and its
 * switches, queues a write when a record's fields changed, and never stores a registration without
 * a name. The {@code stopped}/{@code started} fields of a plugin record mirror the switches for
 * readers of the store; switches found only there (a store written before switch records existed)
 * are migrated once, at construction. Threading: called under the registry lock; {@link #flush()}
 * blocks until the store has every queued write or throws.
 */
final class PluginRecords implements AutoCloseable {

    /** The store collection holding one record per plugin name. */
    static final String COLLECTION = "plugins";

    private final EngineLog log;

    private final RecordStore store;
    private final PluginRecordWriter writer;
    private final PluginSwitches switches;

    PluginRecords(RecordStore store, EngineLog log) {
        this.store = store;
        this.log = log;
        this.switches = new PluginSwitches(store, log);
        int migrated = switches.migrate(COLLECTION);
        if (migrated > 0) {
            log.debug(() -> "moved " + migrated + " operator switch(es) from plugin records to " + PluginSwitches.COLLECTION);
        }
        this.writer = new PluginRecordWriter(store, COLLECTION, log);
    }

    PluginSwitches switches() {
        return switches;
    }

    /** Gives a registration the identity and switches of its record, if it has one. */
    void restore(PluginState p) {
        p.stopped = switches.get(p.name(), PluginSwitches.STOPPED);
        p.started = switches.get(p.name(), PluginSwitches.STARTED);
        PluginRecordWriter.Pending queued = writer.pending(p.name());
        if (queued != null) {
            if (queued.fields() != null) {
                apply(p, queued.id(), queued.insertedAt(), queued.updatedAt(), queued.fields());
            }
            return;
        }
        read(p.name()).ifPresent(r -> apply(p, r.id(), r.createdAt(), r.updatedAt(), r.fields()));
    }

    /** @return true if an operator stopped {@code name} (its switch, here or merged from a peer) */
    boolean isStopped(String name) {
        return switches.get(name, PluginSwitches.STOPPED);
    }

    private static void apply(PluginState p, String id, long insertedAt, long updatedAt, Map<String, String> fields) {
        p.id = id;
        p.insertedAt = insertedAt;
        p.updatedAt = updatedAt;
        p.persisted = fields;
    }

    private Optional<StoredRecord> read(String name) {
        try {
            return store.get(COLLECTION, name);
        } catch (RuntimeException e) {
            log.error("reading the record of plugin " + name + " failed", e);
            return Optional.empty();
        }
    }

    /**
     * Per name, the events that still refuse calls for a critical plugin of that name that left
     * them (set by the registry): its record keeps a {@value #LEFT} field per event whatever the
     * current registration says, so a restart cannot lift the block.
     */
    java.util.function.Function<String, java.util.Collection<String>> guardPending = name -> List.of();

    /** Prefix of the record fields naming an event a critical plugin of the record's name left. */
    static final String LEFT = "left.";

    /**
     * The critical plugins the store remembers, as registrations without a service: on start they
     * keep their events refusing calls until a critical plugin of that name is back on it or an
     * operator runs {@code hook:unregister}. Why: a guard whose bundle does not come back after a
     * restart (removed from the deploy folder, failing to resolve) must not leave its event
     * running unguarded. A record counts for its own event when it is critical and for each event
     * it names as left; records an operator unregistered since they were written are left out (an
     * unregister older than the record was followed by a new registration).
     */
    List<PluginState> rememberedGuards() {
        List<PluginState> out = new java.util.ArrayList<>();
        List<StoredRecord> all;
        try {
            all = store.list(COLLECTION);
        } catch (RuntimeException e) {
            log.error("reading the plugin records failed: no remembered guard is restored", e);
            return out;
        }
        for (StoredRecord r : all) {
            Map<String, String> f = r.fields();
            java.util.Set<String> events = new java.util.TreeSet<>();
            if (Boolean.parseBoolean(f.get("critical")) && !f.getOrDefault("event", "").isEmpty()) {
                events.add(f.get("event"));
            }
            f.forEach((k, v) -> {
                if (k.startsWith(LEFT) && k.length() > LEFT.length() && Boolean.parseBoolean(v)) {
                    events.add(k.substring(LEFT.length()));
                }
            });
            if (events.isEmpty() || unregisteredSince(r)) {
                continue;
            }
            for (String event : events) {
                Map<String, Object> props = new java.util.HashMap<>();
                props.put(io.hookline.event.EventHandler.PLUGIN, r.key());
                props.put(io.hookline.event.EventHandler.EVENT, event);
                props.put(io.hookline.event.EventHandler.CRITICAL, Boolean.TRUE);
                PluginState g = new PluginState(-1, f.getOrDefault("bundle", ""), -1, props, PluginSpec.parse(props),
                        () -> null);
                if (g.name() == null) {
                    continue;
                }
                apply(g, r.id(), r.createdAt(), r.updatedAt(), f);
                g.status = PluginStatus.FAILED;
                g.reason = "not registered since the engine started";
                out.add(g);
            }
        }
        return out;
    }

    /**
     * True if an operator unregistered the record's name after the record was written (its delete
     * did not land, or the unregister came from a peer). An unregister switch is never cleared, so
     * one older than the record only says the name registered again since. Compared by version:
     * both come from the store's hybrid logical clock. Unreadable: false, the guard is kept.
     */
    private boolean unregisteredSince(StoredRecord r) {
        try {
            return switches.record(r.key(), PluginSwitches.UNREGISTERED)
                    .filter(s -> Boolean.parseBoolean(s.field(PluginSwitches.ON)) && s.version().compareTo(r.version()) > 0)
                    .isPresent();
        } catch (RuntimeException e) {
            log.error("reading the unregister switch of plugin " + r.key() + " failed: its guard is kept", e);
            return false;
        }
    }

    /** Queues the record of {@code p} if its fields changed since the last write. */
    void persist(PluginState p, boolean force) {
        if (p.name() == null) {
            return;
        }
        Map<String, String> fields = new java.util.HashMap<>(Map.of(
                "event", p.event(),
                "priority", Integer.toString(p.priority()),
                "depends", String.join(",", p.depends()),
                "status", p.status.name(),
                "reason", p.reason,
                "bundle", p.bundle == null ? "" : p.bundle,
                "stopped", Boolean.toString(p.stopped),
                "started", Boolean.toString(p.started),
                "critical", Boolean.toString(p.spec.critical())));
        for (String left : guardPending.apply(p.name())) {
            fields.put(LEFT + left, "true");
        }
        fields = Map.copyOf(fields);
        if (!force && fields.equals(p.persisted)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (p.id.isEmpty()) {
            p.id = UUID.randomUUID().toString();
            p.insertedAt = now;
        }
        p.updatedAt = now;
        p.persisted = fields;
        writer.put(p.name(), p.id, fields, p.insertedAt, now);
    }

    void delete(String name) {
        writer.delete(name);
    }

    /** @throws PluginRecordWriter.RecordWriteException if the store refused; writes stay queued */
    void flush() {
        writer.flush();
    }

    int queuedCount() {
        return writer.queuedCount();
    }

    @Override
    public void close() {
        switches.close();
        writer.close();
    }
}
