package io.hookline.core.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps plugin registrations to their durable records, through the write-behind
 * {@link PluginRecordWriter}.
 *
 * <p>What: restores a registration's identity and operator switches by name (queued writes win
 * over the store), queues a write when a record's fields changed, and never stores a registration
 * without a name. Threading: called under the registry lock; {@link #flush()} blocks until the
 * store has every queued write or throws.
 */
final class PluginRecords implements AutoCloseable {

    /** The store collection holding one record per plugin name. */
    static final String COLLECTION = "plugins";

    private final EngineLog log;

    private final RecordStore store;
    private final PluginRecordWriter writer;

    PluginRecords(RecordStore store, EngineLog log) {
        this.store = store;
        this.log = log;
        this.writer = new PluginRecordWriter(store, COLLECTION, log);
    }

    /** Gives a registration the identity and switches of its record, if it has one. */
    void restore(PluginState p) {
        PluginRecordWriter.Pending queued = writer.pending(p.name());
        if (queued != null) {
            if (queued.fields() != null) {
                apply(p, queued.id(), queued.insertedAt(), queued.updatedAt(), queued.fields());
            }
            return;
        }
        read(p.name()).ifPresent(r -> apply(p, r.id(), r.createdAt(), r.updatedAt(), r.fields()));
    }

    /** @return true if the record of {@code name} says an operator stopped it */
    boolean isStopped(String name) {
        PluginRecordWriter.Pending queued = writer.pending(name);
        if (queued != null) {
            return queued.fields() != null && Boolean.parseBoolean(queued.fields().get("stopped"));
        }
        return read(name).map(r -> Boolean.parseBoolean(r.fields().get("stopped"))).orElse(false);
    }

    private static void apply(PluginState p, String id, long insertedAt, long updatedAt, Map<String, String> fields) {
        p.id = id;
        p.insertedAt = insertedAt;
        p.updatedAt = updatedAt;
        p.stopped = Boolean.parseBoolean(fields.get("stopped"));
        p.started = Boolean.parseBoolean(fields.get("started"));
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
                "started", Boolean.toString(p.started));
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
        writer.close();
    }
}
