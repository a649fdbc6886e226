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
     * Names whose event still refuses calls for a critical plugin that left: their records keep
     * {@code critical=true} whatever the current registration says, so a restart cannot lift the
     * block (set by the registry).
     */
    java.util.function.Predicate<String> guardPending = name -> false;

    /**
     * The critical plugins the store remembers, as registrations without a service: on start they
     * keep their events refusing calls until a critical plugin of that name is back on it or an
     * operator runs {@code hook:unregister}. Why: a guard whose bundle does not come back after a
     * restart (removed from the deploy folder, failing to resolve) must not leave its event
     * running unguarded. Records an operator unregistered are left out.
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
            if (!Boolean.parseBoolean(f.get("critical")) || f.getOrDefault("event", "").isEmpty()
                    || switches.get(r.key(), PluginSwitches.UNREGISTERED)) {
                continue;
            }
            Map<String, Object> props = new java.util.HashMap<>();
            props.put(io.hookline.event.EventHandler.PLUGIN, r.key());
            props.put(io.hookline.event.EventHandler.EVENT, f.get("event"));
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
        return out;
    }

    /** Queues the record of {@code p} if its fields changed since the last write. */
    void persist(PluginState p, boolean force) {
        if (p.name() == null) {
            return;
        }
        Map<String, String> fields = Map.of(
                "event", p.event(),
                "priority", Integer.toString(p.priority()),
                "depends", String.join(",", p.depends()),
                "status", p.status.name(),
                "reason", p.reason,
                "bundle", p.bundle == null ? "" : p.bundle,
                "stopped", Boolean.toString(p.stopped),
                "started", Boolean.toString(p.started),
                "critical", Boolean.toString(p.spec.critical() || guardPending.test(p.name())));
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
