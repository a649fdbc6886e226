package io.hookline.core.internal;

import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The operator's switches of every plugin, one record per plugin and switch in collection
 * {@value #COLLECTION}: key {@code <plugin>/<switch>}, one field {@value #ON}. Why one record per
 * switch: replication merges whole records, last writer wins, so with one record per plugin a stop
 * on one node and a start on another (or any status a node wrote for itself) overwrote each other;
 * separate records merge independently, and nothing node-local (status, reason) lives in them, so a
 * node never writes them except for an operator's verb. The per-plugin records of
 * {@link PluginRecords} (collection {@code plugins}) keep the node's own view (identity, status)
 * and stay local.
 *
 * <p>What: switches are written through, synchronously, by the verbs (so a store refusal, such as
 * the cluster's minority guard, fails the verb) and read at registration; records merged from
 * elsewhere are handed to a consumer (the engine applies them, see {@link RemoteSwitches}); local
 * writes are not, so nothing is echoed. {@link #migrate} turns switches held in the fields of
 * single-node {@code plugins} records (before this collection existed) into switch records with
 * the old record's version, so an old stop neither gets lost nor overrides a newer decision.
 * Threading: reads and writes from any thread (verbs call under the engine lock); the listener
 * runs on the merging thread and only hands records on.
 */
final class PluginSwitches implements RecordListener {

    /** The replicated collection of operator switches. */
    static final String COLLECTION = "plugin.switches";
    /** Switch: an operator stopped the plugin; only enable clears it. */
    static final String STOPPED = "stopped";
    /** Switch: an operator started, restarted or enabled it (STARTED rather than REGISTERED). */
    static final String STARTED = "started";
    /** Switch: an operator unregistered it; a merged write of it unregisters the plugin here too. */
    static final String UNREGISTERED = "unregistered";
    /** The one field of a switch record, "true" or "false". */
    static final String ON = "on";

    private static final Set<String> SWITCHES = Set.of(STOPPED, STARTED, UNREGISTERED);

    /** One switch write of a verb. */
    record Change(String plugin, String name, boolean on) {
    }

    private final RecordStore store;
    private final EngineLog log;
    private volatile Consumer<List<StoredRecord>> remote;

    PluginSwitches(RecordStore store, EngineLog log) {
        this.store = store;
        this.log = log;
    }

    static String key(String plugin, String name) {
        return plugin + "/" + name;
    }

    /** @return {plugin, switch} of a switch record's key, or null if it is not one */
    static String[] parse(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || !SWITCHES.contains(key.substring(slash + 1))) {
            return null;
        }
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    /** @return the switch's value; false when never set or unreadable (logged) */
    boolean get(String plugin, String name) {
        try {
            return store.get(COLLECTION, key(plugin, name)).map(r -> Boolean.parseBoolean(r.field(ON))).orElse(false);
        } catch (RuntimeException e) {
            log.error("reading switch " + name + " of plugin " + plugin + " failed", e);
            return false;
        }
    }

    /** @return the current record of a switch, tombstones excluded */
    Optional<StoredRecord> record(String plugin, String name) {
        return store.get(COLLECTION, key(plugin, name));
    }

    /**
     * Writes switches in one commit.
     *
     * @throws RuntimeException what the store threw (full disk, a write guard's refusal); nothing was written
     */
    void write(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<RecordWrite> writes = new ArrayList<>(changes.size());
        for (Change c : changes) {
            String key = key(c.plugin(), c.name());
            String id = store.get(COLLECTION, key).map(StoredRecord::id).orElseGet(() -> UUID.randomUUID().toString());
            writes.add(new RecordWrite(key, id, Map.of(ON, Boolean.toString(c.on()))));
        }
        store.putAll(COLLECTION, writes);
    }

    /**
     * Starts handing merged switch records to {@code consumer}; a store that cannot report its
     * writes leaves the engine as it was on a single node (switches read at registration only).
     */
    void listen(Consumer<List<StoredRecord>> consumer) {
        this.remote = consumer;
        try {
            store.addListener(this);
        } catch (UnsupportedOperationException e) {
            log.debug(() -> "the record store does not report writes: replicated switches apply at registration only");
        }
    }

    void close() {
        store.removeListener(this);
        remote = null;
    }

    @Override
    public void recordsChanged(List<StoredRecord> records, boolean merged) {
        Consumer<List<StoredRecord>> c = remote;
        if (!merged || c == null) {
            return;
        }
        List<StoredRecord> switches = records.stream().filter(r -> r.collection().equals(COLLECTION)).toList();
        if (!switches.isEmpty()) {
            c.accept(switches);
        }
    }

    /**
     * Moves switches still held as fields of {@code plugins} records (single-node stores written
     * before {@value #COLLECTION} existed) into switch records, keeping the old record's version,
     * id prefix and times; a switch that already has a record is left alone. Merged, not written:
     * the version is the old one, and the cluster spreads them at the next digest exchange.
     *
     * @return how many switch records were created
     */
    int migrate(String pluginsCollection) {
        List<StoredRecord> legacy;
        Set<String> existing;
        try {
            legacy = store.list(pluginsCollection);
            existing = store.snapshot(COLLECTION).stream().map(StoredRecord::key).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            log.error("reading plugin records to migrate their switches failed", e);
            return 0;
        }
        List<StoredRecord> out = new ArrayList<>();
        for (StoredRecord r : legacy) {
            for (String name : List.of(STOPPED, STARTED)) {
                String key = key(r.key(), name);
                if (Boolean.parseBoolean(r.field(name)) && !existing.contains(key)) {
                    out.add(new StoredRecord(COLLECTION, key, r.id() + "/" + name, r.version(), false,
                            Map.of(ON, "true"), r.createdAt(), r.updatedAt()));
                }
            }
        }
        if (out.isEmpty()) {
            return 0;
        }
        try {
            return store.mergeAll(out);
        } catch (RuntimeException e) {
            log.error("migrating " + out.size() + " plugin switch(es) to " + COLLECTION + " failed", e);
            return 0;
        }
    }
}
