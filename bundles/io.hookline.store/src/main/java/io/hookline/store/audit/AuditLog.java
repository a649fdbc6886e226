package io.hookline.store.audit;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit log service: appends {@link AuditEntry entries} durably and lists them back, oldest
 * first.
 *
 * <p><b>Storage.</b> Each entry is one record of the {@link io.hookline.store.RecordStore}
 * collection {@value #COLLECTION}, keyed so that key order is time order
 * ({@code <13-digit epoch millis>-<node id>-<sequence>}); its fields are the entry's
 * ({@link AuditEntry#toFields()}). A replica that merges the collection's records sees them through
 * this service too.
 *
 * <p><b>Bounds.</b> The log keeps at most a configured number of entries and, optionally, only
 * those younger than a configured age (configuration PID {@value #PID}); when it trims, it drops
 * the oldest entries, never the newest one.
 *
 * <p><b>Failures.</b> {@link #append} returns once the entry is durable, or throws: a writer that
 * must not lose its outcome to an audit failure catches and logs. Thread-safe.
 */
@ProviderType
public interface AuditLog {

    /** The store collection holding the entries. */
    String COLLECTION = "audit";

    /** The configuration PID (and component name) of the log's bounds. */
    String PID = "io.hookline.store.audit";

    /**
     * Appends an entry.
     *
     * @param entry the entry; its {@link AuditEntry#when()} is set to now if 0, its
     *     {@link AuditEntry#id()} and {@link AuditEntry#node()} are assigned here
     * @return the entry as stored, with its id
     * @throws IllegalStateException if the store is closed or the write fails
     */
    AuditEntry append(AuditEntry entry);

    /**
     * @param query which entries; {@link AuditQuery#all()} for every one
     * @return the matching entries, oldest first; with a limit, the newest {@code limit} of them
     */
    List<AuditEntry> entries(AuditQuery query);
}
