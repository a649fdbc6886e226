package io.hookline.store.internal;

import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.WriteGuard;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The {@link RecordStore} on H2's MVStore: one {@code MVMap<String, byte[]>} per collection (named
 * {@value #COLLECTION_PREFIX} + collection, values encoded by {@link RecordCodec}) plus a
 * {@value #META_MAP} map holding the store format, the node id and the last hybrid-logical-clock
 * reading, which is written in the same commit as every record so versions never go back after a
 * restart, even if the wall clock did. MVStore because it is an embedded, crash-safe,
 * copy-on-write B-tree that ships as an OSGi bundle and needs no SQL layer. Threading: writes
 * ({@code put}, {@code delete}, {@code merge}, {@code close}) are serialised on this object, so the
 * clock reading, the map update and the commit happen in one order; reads take no lock (an MVMap
 * read walks an immutable root snapshot, the collection maps are published through a
 * {@link ConcurrentHashMap}, and a read pins its store version with two atomic operations).
 *
 * <p><b>Commits.</b> The store is opened with {@code autoCommitDisabled()}: every state-changing
 * write calls {@link MVStore#commit()} itself before returning, which writes the new chunk to the
 * file channel on the calling thread. With auto-commit on, MVStore's background thread commits
 * asynchronously through its own executor, and an explicit {@code commit()} that runs right after
 * a background commit finds nothing unsaved and returns before that executor has written the
 * chunk, so an acknowledged write could be lost by {@code kill -9}. Disabling it also removes the
 * background thread and its housekeeping; we compact chunks ourselves every
 * {@value #HOUSEKEEPING_INTERVAL} writes instead.
 *
 * <p><b>Durability and space.</b> A returned write is in the OS page cache and survives the death
 * of the JVM; only with {@code sync=true} is it also forced to the device ({@link MVStore#sync()},
 * an fsync per write) and survives power loss. A commit per write makes a chunk (8-20 KiB) per
 * write, and MVStore's default 45 s retention time keeps every dead chunk's space for 45 s: a burst
 * of 5,000 writes grew a file to 80 MB. We set the retention time to 0 and guard what it guarded
 * with version pins instead: readers pin the version they read, and without {@code sync} a
 * checkpoint fsyncs the file every {@value #CHECKPOINT_WRITES} writes or second of writing and
 * pins the version it reached, so space freed after the last checkpoint is not reused before the
 * next one (with {@code sync} every commit is such a checkpoint). Without {@code sync}, a power
 * loss can still lose or tear the writes after the last checkpoint, and how well the file recovers
 * from a torn chunk is up to MVStore; with it, power-loss safety is only as good as the device's
 * fsync.
 */
public final class MvRecordStore implements RecordStore, AutoCloseable {

    static final String COLLECTION_PREFIX = "c.";
    static final String META_MAP = "meta";
    static final String META_FORMAT = "format";
    static final String META_NODE_ID = "nodeId";
    static final String META_CLOCK = "hlc";
    static final String STORE_FORMAT = "1";
    static final int HOUSEKEEPING_INTERVAL = 1000;
    static final int CHECKPOINT_WRITES = 256;
    static final long CHECKPOINT_NANOS = 1_000_000_000L;

    private static final System.Logger LOG = System.getLogger(MvRecordStore.class.getName());
    private static final MVMap.Builder<String, byte[]> COLLECTION_MAP = new MVMap.Builder<String, byte[]>()
            .keyType(StringDataType.INSTANCE)
            .valueType(ByteArrayDataType.INSTANCE);

    private final MVStore store;
    private final String location;
    private final boolean sync;
    private final LongSupplier wallMillis;
    private final HybridLogicalClock clock;
    private final MVMap<String, String> meta;
    private final String nodeId;
    private final ConcurrentMap<String, MVMap<String, byte[]>> collections = new ConcurrentHashMap<>();
    private final CopyOnWriteArraySet<RecordListener> listeners = new CopyOnWriteArraySet<>();
    private final CopyOnWriteArraySet<WriteGuard> guards = new CopyOnWriteArraySet<>();
    private volatile boolean closed;
    // guarded by this:
    private int writesSinceHousekeeping;
    private int writesSinceCheckpoint;
    private long lastCheckpointNanos;
    private MVStore.TxCounter checkpointPin;

    private MvRecordStore(MVStore store, String location, boolean sync, LongSupplier wallMillis) {
        this.store = store;
        this.location = location;
        this.sync = sync;
        this.wallMillis = wallMillis;
        this.clock = new HybridLogicalClock(wallMillis);
        // see the class Javadoc: space reuse is bounded by version pins, not by a timer
        store.setRetentionTime(0);
        this.meta = store.openMap(META_MAP);
        String format = meta.get(META_FORMAT);
        if (format == null) {
            meta.put(META_FORMAT, STORE_FORMAT);
        } else if (!STORE_FORMAT.equals(format)) {
            throw new IllegalStateException("unsupported store format " + format + " (expected " + STORE_FORMAT + ")");
        }
        String id = meta.get(META_NODE_ID);
        if (id == null) {
            id = UUID.randomUUID().toString();
            meta.put(META_NODE_ID, id);
        }
        this.nodeId = id;
        String lastClock = meta.get(META_CLOCK);
        if (lastClock != null) {
            clock.observe(Long.parseLong(lastClock));
        }
        for (String name : store.getMapNames()) {
            if (name.startsWith(COLLECTION_PREFIX)) {
                collections.put(name.substring(COLLECTION_PREFIX.length()), store.openMap(name, COLLECTION_MAP));
            }
        }
        store.commit();
        if (sync) {
            store.sync();
        } else if (store.isPersistent()) {
            checkpoint();
        }
    }

    /**
     * Opens (or creates) a store file, creating its parent directories.
     *
     * @param file the store file
     * @param sync true to fsync every write (survives power loss), false to rely on the OS page
     *        cache (survives a killed JVM)
     * @return the open store
     * @throws IllegalStateException naming the file if it cannot be opened (locked, corrupt, not
     *         writable)
     */
    public static MvRecordStore open(Path file, boolean sync) {
        return open(file, sync, System::currentTimeMillis);
    }

    /** As {@link #open(Path, boolean)}, with a wall clock for tests. */
    static MvRecordStore open(Path file, boolean sync, LongSupplier wallMillis) {
        Path path = Objects.requireNonNull(file, "file").toAbsolutePath();
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot open record store " + path + ": cannot create its directory: " + e, e);
        }
        MVStore store = null;
        try {
            // "retry:" reopens the file channel when an interrupted thread's I/O closed it
            // (ClosedByInterruptException); without it one interrupted caller breaks the store for all
            store = new MVStore.Builder().fileName("retry:" + path).autoCommitDisabled().open();
            return new MvRecordStore(store, path.toString(), sync, wallMillis);
        } catch (RuntimeException e) {
            if (store != null) {
                store.closeImmediately();
            }
            throw new IllegalStateException("cannot open record store " + path + ": " + e.getMessage(), e);
        }
    }

    /** @return a new store that lives in memory only, with a random node id */
    public static MvRecordStore inMemory() {
        return inMemory(System::currentTimeMillis);
    }

    /** As {@link #inMemory()}, with a wall clock for tests. */
    public static MvRecordStore inMemory(LongSupplier wallMillis) {
        return new MvRecordStore(new MVStore.Builder().autoCommitDisabled().open(), "(in memory)", false, wallMillis);
    }

    @Override
    public String nodeId() {
        checkOpen();
        return nodeId;
    }

    @Override
    public Optional<StoredRecord> get(String collection, String key) {
        requireNonEmpty(collection, "collection");
        requireNonEmpty(key, "key");
        return read(() -> {
            StoredRecord record = find(collection, key);
            return record == null || record.deleted() ? Optional.empty() : Optional.of(record);
        });
    }

    @Override
    public List<StoredRecord> list(String collection) {
        return records(collection, false);
    }

    @Override
    public List<StoredRecord> snapshot(String collection) {
        return records(collection, true);
    }

    @Override
    public List<String> collections() {
        return read(() -> {
            List<String> names = new ArrayList<>();
            collections.forEach((name, map) -> {
                if (!map.isEmpty()) {
                    names.add(name);
                }
            });
            names.sort(null);
            return names;
        });
    }

    @Override
    public StoredRecord put(String collection, String key, Map<String, String> fields) {
        consultGuards(collection, key);
        StoredRecord record = write(collection, key, null, fields);
        tell(List.of(record), false);
        return record;
    }

    @Override
    public StoredRecord put(String collection, String key, String id, Map<String, String> fields) {
        requireNonEmpty(collection, "collection");
        requireNonEmpty(key, "key");
        requireNonEmpty(id, "id");
        consultGuards(collection, key);
        StoredRecord record = write(collection, key, id, fields);
        tell(List.of(record), false);
        return record;
    }

    private synchronized StoredRecord write(String collection, String key, String givenId, Map<String, String> fields) {
        requireNonEmpty(collection, "collection");
        requireNonEmpty(key, "key");
        requireValidFields(fields);
        checkOpen();
        return guardWrite(() -> {
            StoredRecord record = stage(collection, key, givenId, fields, 0);
            persist(record);
            return record;
        });
    }

    @Override
    public List<StoredRecord> putAll(String collection, List<RecordWrite> writes) {
        if (!guards.isEmpty() && writes != null) {
            for (RecordWrite w : writes) {
                consultGuards(collection, w.key());
            }
        }
        List<StoredRecord> written = writeAll(collection, writes);
        tell(written, false);
        return written;
    }

    private synchronized List<StoredRecord> writeAll(String collection, List<RecordWrite> writes) {
        requireNonEmpty(collection, "collection");
        for (RecordWrite w : writes) {
            requireNonEmpty(w.key(), "key");
            requireNonEmpty(w.id(), "id");
            requireValidFields(w.fields());
        }
        checkOpen();
        if (writes.isEmpty()) {
            return List.of();
        }
        return guardWrite(() -> {
            List<StoredRecord> out = new ArrayList<>(writes.size());
            MVMap<String, byte[]> map = collections.computeIfAbsent(collection,
                    c -> store.openMap(COLLECTION_PREFIX + c, COLLECTION_MAP));
            for (RecordWrite w : writes) {
                StoredRecord record = stage(collection, w.key(), w.id(), w.fields(), w.createdAt());
                map.put(record.key(), RecordCodec.encode(record));
                out.add(record);
            }
            meta.put(META_CLOCK, Long.toString(clock.current()));
            commit();
            writesSinceHousekeeping += writes.size();
            if (writesSinceHousekeeping >= HOUSEKEEPING_INTERVAL) {
                writesSinceHousekeeping = 0;
                compactChunks();
            }
            return out;
        });
    }

    /**
     * Builds the next version of a record. An update keeps the creation time only if the record
     * keeps its id (a new id is a new record), which is created at {@code newCreatedAt} if given.
     * Caller holds this object's lock.
     */
    private StoredRecord stage(String collection, String key, String givenId, Map<String, String> fields,
            long newCreatedAt) {
        StoredRecord old = find(collection, key);
        StoredRecord live = old == null || old.deleted() ? null : old;
        String id = givenId != null ? givenId : live != null ? live.id() : UUID.randomUUID().toString();
        long now = wallMillis.getAsLong();
        long createdAt = live != null && live.id().equals(id) ? live.createdAt() : newCreatedAt > 0 ? newCreatedAt : now;
        return new StoredRecord(collection, key, id, new RecordVersion(clock.tick(), nodeId), false, fields,
                createdAt, now);
    }

    /** Deleting a key without a live record changes nothing and writes no tombstone. */
    @Override
    public Optional<StoredRecord> delete(String collection, String key) {
        consultGuards(collection, key);
        StoredRecord[] oldAndTombstone = tombstone(collection, key);
        if (oldAndTombstone == null) {
            return Optional.empty();
        }
        tell(List.of(oldAndTombstone[1]), false);
        return Optional.of(oldAndTombstone[0]);
    }

    /** @return the live record and the tombstone written over it, or null if there was none */
    private synchronized StoredRecord[] tombstone(String collection, String key) {
        requireNonEmpty(collection, "collection");
        requireNonEmpty(key, "key");
        checkOpen();
        return guardWrite(() -> {
            StoredRecord old = find(collection, key);
            if (old == null || old.deleted()) {
                return null;
            }
            StoredRecord tombstone = new StoredRecord(collection, key, old.id(), new RecordVersion(clock.tick(), nodeId),
                    true, Map.of(), old.createdAt(), wallMillis.getAsLong());
            persist(tombstone);
            return new StoredRecord[] {old, tombstone};
        });
    }

    @Override
    public boolean merge(StoredRecord remote) {
        boolean changed = mergeOne(remote);
        if (changed) {
            tell(List.of(remote), true);
        }
        return changed;
    }

    /** One commit for the lot; reports the records that won in one listener call. */
    @Override
    public int mergeAll(List<StoredRecord> remote) {
        if (remote == null) {
            throw new IllegalArgumentException("remote must not be null");
        }
        for (StoredRecord r : remote) {
            requireMergeable(r);
        }
        List<StoredRecord> changed = mergeBatch(remote);
        tell(changed, true);
        return changed.size();
    }

    private synchronized List<StoredRecord> mergeBatch(List<StoredRecord> remote) {
        checkOpen();
        if (remote.isEmpty()) {
            return List.of();
        }
        return guardWrite(() -> {
            List<StoredRecord> changed = new ArrayList<>();
            for (StoredRecord r : remote) {
                clock.observe(r.version().timestamp());
                StoredRecord local = find(r.collection(), r.key());
                if (local != null && r.version().compareTo(local.version()) <= 0) {
                    continue;
                }
                collections.computeIfAbsent(r.collection(), c -> store.openMap(COLLECTION_PREFIX + c, COLLECTION_MAP))
                        .put(r.key(), RecordCodec.encode(r));
                changed.add(r);
            }
            meta.put(META_CLOCK, Long.toString(clock.current()));
            commit();
            writesSinceHousekeeping += changed.size();
            if (writesSinceHousekeeping >= HOUSEKEEPING_INTERVAL) {
                writesSinceHousekeeping = 0;
                compactChunks();
            }
            return changed;
        });
    }

    /** Before the write lock (a guard may read the store); a refusal propagates unchanged. */
    private void consultGuards(String collection, String key) {
        for (WriteGuard g : guards) {
            g.check(collection, key);
        }
    }

    @Override
    public void addWriteGuard(WriteGuard guard) {
        guards.add(Objects.requireNonNull(guard, "guard"));
    }

    @Override
    public void removeWriteGuard(WriteGuard guard) {
        if (guard != null) {
            guards.remove(guard);
        }
    }

    /** Not reported to listeners: a purge forgets, it does not change what a reader sees of live records. */
    @Override
    public synchronized boolean purge(String collection, String key, RecordVersion version) {
        requireNonEmpty(collection, "collection");
        requireNonEmpty(key, "key");
        Objects.requireNonNull(version, "version");
        checkOpen();
        return guardWrite(() -> {
            StoredRecord current = find(collection, key);
            if (current == null || !current.version().equals(version)) {
                return false;
            }
            collections.get(collection).remove(key);
            commit();
            return true;
        });
    }

    @Override
    public void addListener(RecordListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(RecordListener listener) {
        if (listener != null) {
            listeners.remove(listener);
        }
    }

    /** Outside the write lock (STYLE 27): the write has committed whatever a listener does. */
    private void tell(List<StoredRecord> records, boolean merged) {
        if (records.isEmpty() || listeners.isEmpty()) {
            return;
        }
        List<StoredRecord> view = List.copyOf(records);
        for (RecordListener listener : listeners) {
            try {
                listener.recordsChanged(view, merged);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "record store " + location + ": listener " + listener + " failed on "
                        + view.size() + " record(s) of " + view.get(0).collection(), t);
            }
        }
    }

    private static void requireMergeable(StoredRecord remote) {
        if (remote == null) {
            throw new IllegalArgumentException("remote must not be null");
        }
        requireNonEmpty(remote.collection(), "collection");
        requireNonEmpty(remote.key(), "key");
        requireNonEmpty(remote.id(), "id");
    }

    private synchronized boolean mergeOne(StoredRecord remote) {
        requireMergeable(remote);
        checkOpen();
        return guardWrite(() -> {
            // observe even when the remote loses: replicas converge on one clock either way
            clock.observe(remote.version().timestamp());
            StoredRecord local = find(remote.collection(), remote.key());
            if (local != null && remote.version().compareTo(local.version()) <= 0) {
                return false;
            }
            persist(remote);
            return true;
        });
    }

    /** Closes the store file; later calls fail with "record store is closed". Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseCheckpointPin();
        try {
            store.close();
        } catch (MVStoreException e) {
            store.closeImmediately();
            throw new IllegalStateException("record store " + location + " did not close cleanly: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MvRecordStore[" + location + ", node " + nodeId + (closed ? ", closed" : "") + "]";
    }

    private List<StoredRecord> records(String collection, boolean withTombstones) {
        requireNonEmpty(collection, "collection");
        return read(() -> {
            MVMap<String, byte[]> map = collections.get(collection);
            if (map == null) {
                return List.of();
            }
            List<StoredRecord> records = new ArrayList<>();
            for (Map.Entry<String, byte[]> entry : map.entrySet()) {
                StoredRecord record = RecordCodec.decode(collection, entry.getKey(), entry.getValue());
                if (withTombstones || !record.deleted()) {
                    records.add(record);
                }
            }
            return List.copyOf(records);
        });
    }

    private StoredRecord find(String collection, String key) {
        MVMap<String, byte[]> map = collections.get(collection);
        byte[] encoded = map == null ? null : map.get(key);
        return encoded == null ? null : RecordCodec.decode(collection, key, encoded);
    }

    /** Caller holds this object's lock. */
    private void persist(StoredRecord record) {
        collections.computeIfAbsent(record.collection(), c -> store.openMap(COLLECTION_PREFIX + c, COLLECTION_MAP))
                .put(record.key(), RecordCodec.encode(record));
        meta.put(META_CLOCK, Long.toString(clock.current()));
        commit();
        if (++writesSinceHousekeeping >= HOUSEKEEPING_INTERVAL) {
            writesSinceHousekeeping = 0;
            compactChunks();
        }
    }

    /**
     * Without the background thread nobody rewrites chunks that are mostly garbage, and a commit
     * per write makes many small chunks; the write that triggers this is already durable, so a
     * failure here is logged, not thrown.
     */
    private void compactChunks() {
        try {
            if (store.compact(50, 1 << 20)) {
                commit();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "record store " + location + ": compaction failed", e);
        }
    }

    /** Caller holds this object's lock. */
    private void commit() {
        store.commit();
        if (sync) {
            store.sync();
        } else if (store.isPersistent()
                && (++writesSinceCheckpoint >= CHECKPOINT_WRITES || System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_NANOS)) {
            checkpoint();
        }
    }

    /**
     * Forces the file and pins the version it reached: MVStore may then reuse the space of chunks
     * that died before this point, whose deaths are on the device, but not of chunks that died
     * after it. Caller holds this object's lock (or is the constructor).
     */
    private void checkpoint() {
        store.sync();
        MVStore.TxCounter previous = checkpointPin;
        checkpointPin = store.registerVersionUsage();
        if (previous != null) {
            store.deregisterVersionUsage(previous);
        }
        writesSinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    private void releaseCheckpointPin() {
        if (checkpointPin != null) {
            store.deregisterVersionUsage(checkpointPin);
            checkpointPin = null;
        }
    }

    /**
     * Runs a lock-free read with its store version pinned, so no chunk it may still read is
     * overwritten under it (we run with retention time 0).
     */
    private <T> T read(Supplier<T> action) {
        checkOpen();
        MVStore.TxCounter pin = store.registerVersionUsage();
        try {
            return action.get();
        } catch (MVStoreException e) {
            checkOpen(); // closed concurrently: report that, not MVStore's internal error
            throw new IllegalStateException("record store " + location + " read failed: " + e.getMessage(), e);
        } finally {
            store.deregisterVersionUsage(pin);
        }
    }

    private <T> T guardWrite(Supplier<T> action) {
        try {
            return action.get();
        } catch (MVStoreException e) {
            throw new IllegalStateException("record store " + location + " write failed: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed || store.isClosed()) {
            IllegalStateException e = new IllegalStateException("record store is closed");
            if (!closed && store.getPanicException() != null) {
                e.initCause(store.getPanicException());
            }
            throw e;
        }
    }

    private static void requireNonEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
    }

    private static void requireValidFields(Map<String, String> fields) {
        if (fields == null) {
            throw new IllegalArgumentException("fields must not be null");
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getKey() == null) {
                throw new IllegalArgumentException("fields must not contain a null key");
            }
            if (field.getValue() == null) {
                throw new IllegalArgumentException("fields must not contain a null value (key \"" + field.getKey() + "\")");
            }
        }
    }
}
