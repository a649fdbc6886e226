package io.hookline.store.internal;

import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.RecordVersion;
import io.hookline.store.RecordWrite;
import io.hookline.store.StoredRecord;
import io.hookline.store.WriteGuard;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the node's one {@link RecordStore} service: opens an {@link MvRecordStore} on the
 * configured file when activated and closes it when deactivated, delegating every call to it. DS
 * components can only register themselves, hence the delegation; there is no {@code @Modified}
 * because a new path or sync mode means a new file handle, so a configuration change re-activates
 * the component (consumers see the service go and come back). The file defaults to
 * {@code ${karaf.base}/hookline/hookline.mv.db} under Karaf: outside {@code ${karaf.data}}, which
 * {@code bin/karaf clean} wipes, because the records (ids, operator stops, installs) must outlive a
 * clean cache. Outside Karaf ({@code karaf.base} unset) it falls back to the bundle's persistent
 * data area, which lives as long as the framework's storage. A relative {@code path} is resolved
 * against that same directory. Threading: as
 * {@link MvRecordStore}; activation and deactivation are called by SCR, never concurrently with
 * each other.
 */
@Component(name = RecordStoreComponent.PID, configurationPid = RecordStoreComponent.PID, service = RecordStore.class)
@Designate(ocd = RecordStoreComponent.Config.class)
public final class RecordStoreComponent implements RecordStore {

    /** The configuration PID and component name. */
    public static final String PID = "io.hookline.store";

    /** The store file's name in the default directory. */
    static final String DEFAULT_FILE_NAME = "hookline.mv.db";

    /** The Karaf instance folder ({@code bin/}, {@code etc/}, {@code data/}); the default store lives under it. */
    static final String KARAF_BASE = "karaf.base";

    @ObjectClassDefinition(name = "Hookline record store",
            description = "The durable local store of Hookline's records (plugins, installs, cluster state).")
    @interface Config {

        @AttributeDefinition(name = "Store file",
                description = "Path of the MVStore file. Empty means ${karaf.base}/hookline/hookline.mv.db under Karaf"
                        + " (outside data/, so bin/karaf clean keeps it), else hookline.mv.db in the bundle's data"
                        + " area; a relative path is resolved against that"
                        + " directory. Changing it re-opens the store on the new file (data is not moved).")
        String path() default "";

        @AttributeDefinition(name = "Sync every write",
                description = "Force every write to the device (fsync) before it returns, so it survives power loss."
                        + " Off, a returned write survives a crash or kill of the JVM but not of the machine.")
        boolean sync() default false;
    }

    private final MvRecordStore store;

    /**
     * @param context this bundle's context, for {@code karaf.base} and the data area
     * @param config the configuration
     * @throws IllegalStateException if the store cannot be opened (SCR logs it and leaves the
     *         service unregistered)
     */
    @Activate
    public RecordStoreComponent(BundleContext context, Config config) {
        this.store = MvRecordStore.open(storeFile(context, config.path()), config.sync());
    }

    /** Closes the store. */
    @Deactivate
    void deactivate() {
        store.close();
    }

    static Path storeFile(BundleContext context, String configured) {
        String path = configured == null ? "" : configured.trim();
        if (!path.isEmpty() && Path.of(path).isAbsolute()) {
            return Path.of(path);
        }
        String relative = path.isEmpty() ? DEFAULT_FILE_NAME : path;
        // BundleContext.getProperty falls back to system properties. karaf.base, not karaf.data:
        // 'clean' wipes data/, and with it every id and stop the engine must keep
        String karafBase = context.getProperty(KARAF_BASE);
        if (karafBase != null && !karafBase.isBlank()) {
            return Path.of(karafBase, "hookline").resolve(relative);
        }
        File dataFile = context.getDataFile(relative);
        if (dataFile == null) {
            throw new IllegalStateException("cannot place the record store: " + PID + " path is not absolute,"
                    + " karaf.base is not set and the framework has no persistent data area for this bundle");
        }
        return dataFile.toPath();
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
        return store.put(collection, key, fields);
    }

    @Override
    public StoredRecord put(String collection, String key, String id, Map<String, String> fields) {
        return store.put(collection, key, id, fields);
    }

    @Override
    public List<StoredRecord> putAll(String collection, List<RecordWrite> writes) {
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

    @Override
    public int mergeAll(List<StoredRecord> remote) {
        return store.mergeAll(remote);
    }

    @Override
    public void addListener(RecordListener listener) {
        store.addListener(listener);
    }

    @Override
    public void removeListener(RecordListener listener) {
        store.removeListener(listener);
    }

    @Override
    public void addWriteGuard(WriteGuard guard) {
        store.addWriteGuard(guard);
    }

    @Override
    public void removeWriteGuard(WriteGuard guard) {
        store.removeWriteGuard(guard);
    }

    @Override
    public boolean purge(String collection, String key, RecordVersion version) {
        return store.purge(collection, key, version);
    }

    @Override
    public String toString() {
        return "RecordStoreComponent[" + store + "]";
    }
}
