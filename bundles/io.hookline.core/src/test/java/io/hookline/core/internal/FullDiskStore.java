package io.hookline.core.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real {@link RecordStore} whose writes can be made to fail as on a full disk: the one fault a
 * test cannot produce on a temp folder. Reads always reach the store.
 */
final class FullDiskStore implements RecordStore {

    final RecordStore store;
    final AtomicBoolean full = new AtomicBoolean();

    FullDiskStore(RecordStore store) {
        this.store = store;
    }

    private void check() {
        if (full.get()) {
            throw new IllegalStateException("No space left on device");
        }
    }

    @Override
    public String nodeId() {
        return store.nodeId();
    }

    @Override
    public Optional<StoredRecord> get(String collection, String key) {
        return store.get(collection, key);
    }

    @Override
    public List<StoredRecord> list(String collection) {
        return store.list(collection);
    }

    @Override
    public StoredRecord put(String collection, String key, Map<String, String> fields) {
        check();
        return store.put(collection, key, fields);
    }

    @Override
    public StoredRecord put(String collection, String key, String id, Map<String, String> fields) {
        check();
        return store.put(collection, key, id, fields);
    }

    @Override
    public List<StoredRecord> putAll(String collection, List<RecordWrite> writes) {
        check();
        return store.putAll(collection, writes);
    }

    @Override
    public Optional<StoredRecord> delete(String collection, String key) {
        check();
        return store.delete(collection, key);
    }

    @Override
    public boolean merge(StoredRecord remote) {
        check();
        return store.merge(remote);
    }

    @Override
    public List<StoredRecord> snapshot(String collection) {
        return store.snapshot(collection);
    }

    @Override
    public List<String> collections() {
        return store.collections();
    }
}
