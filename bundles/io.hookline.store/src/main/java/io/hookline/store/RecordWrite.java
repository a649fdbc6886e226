package io.hookline.store;

import java.util.Map;
import java.util.Objects;

/**
 * One write of a {@link RecordStore#putAll batch}: a key, the id the record must carry, its fields,
 * and the creation time a new record takes. Immutable.
 *
 * <p>A writer that queues records and writes them later (write-behind) passes the creation time it
 * already reported, so the stored record says the same; an update of a live record with the same
 * id always keeps the stored creation time.
 *
 * @param key the key, not empty
 * @param id the record id to keep or give, not empty
 * @param fields the record's fields, copied
 * @param createdAt epoch millis a new record is created at; 0 for the time of the write
 */
public record RecordWrite(String key, String id, Map<String, String> fields, long createdAt) {

    /** Validates and copies. */
    public RecordWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        fields = Map.copyOf(fields);
    }

    /**
     * A write whose new record is created at the time of the write.
     *
     * @param key the key
     * @param id the id
     * @param fields the fields
     */
    public RecordWrite(String key, String id, Map<String, String> fields) {
        this(key, id, fields, 0);
    }
}
