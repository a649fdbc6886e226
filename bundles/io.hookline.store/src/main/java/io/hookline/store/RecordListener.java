package io.hookline.store;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every record a {@link RecordStore} committed, after the commit and outside the store's
 * write lock (register with {@link RecordStore#addListener}). The replication layer uses it to
 * publish local writes; the {@code merged} flag tells a record that arrived through
 * {@link RecordStore#merge}/{@link RecordStore#mergeAll} apart from a local write, so a replicator
 * never re-publishes what it merged (no echo loops).
 *
 * <p><b>Contract.</b> Called on the writing thread, once per committed write call, with the records
 * that call changed (a {@code putAll} or {@code mergeAll} reports its changed records in one call; a
 * merge that lost against the local version reports nothing). Calls from concurrent writers may
 * arrive in any order, so a listener must order by {@link StoredRecord#version()}, not by arrival.
 * Keep it short and non-blocking (queue the work); it may read the store, and a write it makes
 * is reported again. A listener that throws is logged and does not affect the write, which has
 * already committed, or the other listeners.
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface RecordListener {

    /**
     * @param records the records as committed, tombstones included; not empty, unmodifiable
     * @param merged true if they came from {@link RecordStore#merge} or {@link RecordStore#mergeAll}
     *        (written elsewhere), false for a local write ({@code put}, {@code putAll}, {@code delete})
     */
    void recordsChanged(List<StoredRecord> records, boolean merged);
}
