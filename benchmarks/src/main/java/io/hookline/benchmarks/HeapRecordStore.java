package io.hookline.benchmarks;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The control for {@link RegistrationBenchmark}: a record store that is a plain map, with no
 * MVStore, no versions kept, no commits. Registering against it times the engine's own
 * bookkeeping; the difference to the MVStore runs is the store's share. Not for production:
 * no durability, no replication semantics. Threading: synchronized, like the real store.
 */
final class HeapRecordStore implements RecordStore {

    private final Map<String, Map<String, StoredRecord>> collections = new HashMap<>();
    private long clock;

    @Override
    public String nodeId() {
        return "heap";
    }

    @Override
    public synchronized Optional<StoredRecord> get(String collection, String key) {
        return Optional.ofNullable(collections.getOrDefault(collection, Map.of()).get(key));
    }

    @Override
    public synchronized List<StoredRecord> list(String collection) {
        return new ArrayList<>(collections.getOrDefault(collection, Map.of()).values());
    }

    @Override
    public StoredRecord put(String collection, String key, Map<String, String> fields) {
        return put(collection, key, UUID.randomUUID().toString(), fields);
    }

    @Override
    public synchronized StoredRecord put(String collection, String key, String id, Map<String, String> fields) {
        long now = ++clock;
        StoredRecord old = get(collection, key).orElse(null);
        StoredRecord r = new StoredRecord(collection, key, id, new RecordVersion(now, "heap"), false, fields,
                old == null ? now : old.createdAt(), now);
        collections.computeIfAbsent(collection, c -> new HashMap<>()).put(key, r);
        return r;
    }

    @Override
    public synchronized List<StoredRecord> putAll(String collection, List<RecordWrite> writes) {
        List<StoredRecord> out = new ArrayList<>(writes.size());
        for (RecordWrite w : writes) {
            out.add(put(collection, w.key(), w.id(), w.fields()));
        }
        return out;
    }

    @Override
    public synchronized Optional<StoredRecord> delete(String collection, String key) {
        return Optional.ofNullable(collections.getOrDefault(collection, new HashMap<>()).remove(key));
    }

    @Override
    public boolean merge(StoredRecord remote) {
        throw new UnsupportedOperationException("merge is not part of the registration benchmark");
    }

    @Override
    public List<StoredRecord> snapshot(String collection) {
        return list(collection);
    }

    @Override
    public synchronized List<String> collections() {
        return new ArrayList<>(collections.keySet());
    }
}
