package io.hookline.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A durable, ordered key-value store of {@link StoredRecord records}, grouped in collections
 * ({@code "plugins"}, {@code "installs"}, ...).
 *
 * <p><b>Durability.</b> A write that returned has been committed to the store file: it survives a
 * {@code kill -9} of the JVM. (With {@code sync=true} in the store's configuration it is also
 * forced to the device, surviving power loss, at the cost of an fsync per write.)
 *
 * <p><b>Versions.</b> Every write stamps the record with a new {@link RecordVersion} from this
 * node's hybrid logical clock, strictly greater than any version this store has written or
 * {@link #merge merged} before. Deletes write a tombstone, so a replica can tell "deleted" from
 * "never seen" and deletes win over older writes.
 *
 * <p><b>Listeners</b> (since 1.1). {@link #addListener} reports every committed write, telling
 * local writes from merged ones, so a replicator can publish the former without echoing the latter.
 *
 * <p><b>Guards and purges</b> (since 1.2). {@link #addWriteGuard} lets a component refuse local
 * writes (the cluster does while this node is in a minority partition); {@link #purge} drops a
 * record for good, without a tombstone, so replication can forget tombstones every peer has seen.
 *
 * <p>Thread-safe; writes are serialised.
 */
@ProviderType
public interface RecordStore {

    /** @return this store's node id, stable across restarts (generated on first open) */
    String nodeId();

    /**
     * @param collection the collection
     * @param key the key
     * @return the live record (tombstones are not returned)
     */
    Optional<StoredRecord> get(String collection, String key);

    /**
     * @param collection the collection
     * @return the live records of the collection, in key order
     */
    List<StoredRecord> list(String collection);

    /**
     * Inserts or updates a record. An update keeps the record's id and creation time; an insert
     * (or a write over a tombstone) gets a new random id.
     *
     * @param collection the collection, not empty
     * @param key the key, not empty
     * @param fields the record's fields, replacing the previous ones; not null, no null keys or values
     * @return the record as stored
     * @throws IllegalArgumentException on an empty collection or key, or a null field
     * @throws IllegalStateException if the store is closed
     */
    StoredRecord put(String collection, String key, Map<String, String> fields);

    /**
     * Inserts or updates a record with a given id (a record restored or replicated by id).
     *
     * @param collection the collection
     * @param key the key
     * @param id the id to keep, not empty
     * @param fields the fields
     * @return the record as stored
     */
    StoredRecord put(String collection, String key, String id, Map<String, String> fields);

    /**
     * Writes several records of one collection in a single commit (group commit): when it returns,
     * all of them are durable, in the same sense as {@link #put}. Each write is as
     * {@link #put(String, String, String, Map)}; a later write of the same key wins.
     *
     * @param collection the collection, not empty
     * @param writes the writes, in order
     * @return the records as stored, in the order of {@code writes}
     * @throws IllegalArgumentException on an empty collection, key or id, or a null field
     * @throws IllegalStateException if the store is closed
     */
    List<StoredRecord> putAll(String collection, List<RecordWrite> writes);

    /**
     * Deletes a record by writing a tombstone.
     *
     * @param collection the collection
     * @param key the key
     * @return the record as it was, or empty if there was no live record
     */
    Optional<StoredRecord> delete(String collection, String key);

    /**
     * Merges a record written elsewhere (replication): it replaces the local one only if its
     * version is greater (last writer wins on (timestamp, node)); this node's clock moves past it.
     *
     * @param remote the remote record, tombstones included
     * @return true if the local state changed
     */
    boolean merge(StoredRecord remote);

    /**
     * @param collection the collection
     * @return every record of the collection, tombstones included, in key order (for replication)
     */
    List<StoredRecord> snapshot(String collection);

    /** @return the names of the collections that hold at least one record or tombstone */
    List<String> collections();

    /**
     * Merges several remote records in one commit (catch-up after a join or a partition): each as
     * {@link #merge}, in order; when it returns, all merged records are durable.
     *
     * <p>The default merges one at a time; the store bundle's implementation commits once.
     *
     * @param remote the remote records, tombstones included; not null, no null element
     * @return how many of them changed the local state
     * @throws IllegalArgumentException on a null list or element, or an empty collection, key or id
     * @throws IllegalStateException if the store is closed
     * @since 1.1
     */
    default int mergeAll(List<StoredRecord> remote) {
        if (remote == null) {
            throw new IllegalArgumentException("remote must not be null");
        }
        int changed = 0;
        for (StoredRecord r : remote) {
            if (merge(r)) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * Registers a listener told about every later committed write (see {@link RecordListener} for
     * the threading contract). Registering the same listener twice has no further effect.
     *
     * <p>The default refuses: a store that cannot report its writes cannot be replicated.
     *
     * @param listener the listener, not null
     * @throws UnsupportedOperationException if this store does not report writes
     * @since 1.1
     */
    default void addListener(RecordListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " does not report its writes to listeners");
    }

    /**
     * Unregisters a listener; it gets no call that starts after this returns. Unknown listeners
     * are ignored.
     *
     * @param listener the listener
     * @since 1.1
     */
    default void removeListener(RecordListener listener) {
    }

    /**
     * Registers a guard consulted before every later local write (see {@link WriteGuard}).
     * Registering the same guard twice has no further effect.
     *
     * <p>The default refuses: a store that cannot consult guards cannot be guarded.
     *
     * @param guard the guard, not null
     * @throws UnsupportedOperationException if this store does not consult guards
     * @since 1.2
     */
    default void addWriteGuard(WriteGuard guard) {
        throw new UnsupportedOperationException(getClass().getName() + " does not consult write guards");
    }

    /**
     * Unregisters a guard; unknown guards are ignored.
     *
     * @param guard the guard
     * @since 1.2
     */
    default void removeWriteGuard(WriteGuard guard) {
    }

    /**
     * Removes a record (live or tombstone) for good, with no tombstone and no listener call, if its
     * version is still {@code version}; a newer write in between is kept. For replication only: a
     * purged key is "never seen" again, so a peer still holding an older version could bring it
     * back; callers purge what every peer has seen (and guard against the rest).
     *
     * <p>The default refuses.
     *
     * @param collection the collection
     * @param key the key
     * @param version the version the record must still have
     * @return true if the record was removed
     * @throws UnsupportedOperationException if this store cannot purge
     * @throws IllegalStateException if the store is closed
     * @since 1.2
     */
    default boolean purge(String collection, String key, RecordVersion version) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot purge records");
    }
}
