package io.hookline.store;

import java.util.Map;
import java.util.Objects;

/**
 * One write of a {@link RecordStore#putAll batch}: a key, the id the record must carry, and its
 * fields. Immutable.
 *
 * @param key the key, not empty
 * @param id the record id to keep or give, not empty
 * @param fields the record's fields, copied
 */
public record RecordWrite(String key, String id, Map<String, String> fields) {

    /** Validates and copies. */
    public RecordWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        fields = Map.copyOf(fields);
    }
}
