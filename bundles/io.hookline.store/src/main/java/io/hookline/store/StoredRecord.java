package io.hookline.store;

import java.util.Map;
import java.util.Objects;

/**
 * One record: collection, key, stable id, version, tombstone flag, string fields, timestamps.
 * Immutable; {@link #fields()} is unmodifiable.
 */
public final class StoredRecord {

    private final String collection;
    private final String key;
    private final String id;
    private final RecordVersion version;
    private final boolean deleted;
    private final Map<String, String> fields;
    private final long createdAt;
    private final long updatedAt;

    /**
     * @param collection the collection
     * @param key the key
     * @param id the stable id
     * @param version the version
     * @param deleted true for a tombstone
     * @param fields the fields (copied)
     * @param createdAt epoch millis of creation
     * @param updatedAt epoch millis of the last write
     */
    public StoredRecord(String collection, String key, String id, RecordVersion version, boolean deleted,
            Map<String, String> fields, long createdAt, long updatedAt) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.key = Objects.requireNonNull(key, "key");
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        this.deleted = deleted;
        this.fields = Map.copyOf(fields);
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** @return the collection */
    public String collection() {
        return collection;
    }

    /** @return the key, unique within the collection */
    public String key() {
        return key;
    }

    /** @return the stable id, kept across updates */
    public String id() {
        return id;
    }

    /** @return the version of the last write */
    public RecordVersion version() {
        return version;
    }

    /** @return true if this is a tombstone */
    public boolean deleted() {
        return deleted;
    }

    /** @return the fields, unmodifiable */
    public Map<String, String> fields() {
        return fields;
    }

    /**
     * @param name a field name
     * @return the field's value or null
     */
    public String field(String name) {
        return fields.get(name);
    }

    /** @return epoch millis of creation */
    public long createdAt() {
        return createdAt;
    }

    /** @return epoch millis of the last write */
    public long updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord r && r.collection.equals(collection) && r.key.equals(key) && r.id.equals(id)
                && r.version.equals(version) && r.deleted == deleted && r.fields.equals(fields)
                && r.createdAt == createdAt && r.updatedAt == updatedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(collection, key, id, version);
    }

    @Override
    public String toString() {
        return collection + "/" + key + "[" + id + " " + version + (deleted ? " deleted" : "") + " " + fields + "]";
    }
}
