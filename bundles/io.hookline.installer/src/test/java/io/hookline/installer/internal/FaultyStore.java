package io.hookline.installer.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real store with one injected fault: while {@link #failPutsTo} names a collection, writes to
 * it throw as a full disk or a closed store would. Everything else goes to the real store.
 */
public final class FaultyStore implements RecordStore {

    private final RecordStore store;
    /** The collection whose puts fail, or null. */
    public volatile String failPutsTo;

    public FaultyStore(RecordStore store) {
        this.store = store;
    }

    private void check(String collection) {
        if (collection.equals(failPutsTo)) {
            throw new IllegalStateException("injected fault: cannot write to " + collection);
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
        check(collection);
        return store.put(collection, key, fields);
    }

    @Override
    public StoredRecord put(String collection, String key, String id, Map<String, String> fields) {
        check(collection);
        return store.put(collection, key, id, fields);
    }

    @Override
    public List<StoredRecord> putAll(String collection, List<RecordWrite> writes) {
        check(collection);
        return store.putAll(collection, writes);
    }

    @Override
    public Optional<StoredRecord> delete(String collection, String key) {
        return store.delete(collection, key);
    }

    @Override
    public boolean merge(StoredRecord remote) {
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
