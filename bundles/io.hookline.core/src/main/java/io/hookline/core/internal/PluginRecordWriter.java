package io.hookline.core.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.RecordWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes plugin records behind the registry, in batches: a group commit.
 *
 * <p>What: the registry queues a record write (or delete) per plugin name, the latest one winning;
 * a daemon thread drains the queue and writes each batch in one store commit. Operator verbs call
 * {@link #flush()} before they return, so whatever an operator was told is durable, and reads of a
 * name consult the queue first ({@link #pending}), so the registry never sees a stale record. Why:
 * one commit per registration made 10,000 registrations cost a commit each on a file store; a burst
 * now costs a few commits. The price: a plugin registered in the last few milliseconds before a
 * kill -9 may lose its new record (it gets a new id on the next boot); operator switches never are.
 * A batch the store refuses (a full disk) is put back in the queue, behind nothing newer for the
 * same name, and retried with a growing pause; {@link #flush()} throws so a verb can refuse.
 * Threading: {@link #put}, {@link #delete} and {@link #pending} from any thread; drains are
 * serialised on {@link #drainLock} so batches reach the store in order.
 */
final class PluginRecordWriter implements AutoCloseable {

    private final EngineLog log;

    /** A queued write; {@code fields == null} means delete. */
    record Pending(String name, String id, Map<String, String> fields, long insertedAt, long updatedAt) {
    }

    private final RecordStore store;
    private final String collection;
    private final Object drainLock = new Object();
    /** Guarded by this. */
    private final Map<String, Pending> queued = new LinkedHashMap<>();
    /** The batch being written; guarded by this. Reads see it until the store has it. */
    private Map<String, Pending> inFlight = Map.of();
    private volatile boolean closed;
    private final Thread thread;
    /** Pause before the background thread retries a refused batch; guarded by this. */
    private long retryPauseMillis;

    PluginRecordWriter(RecordStore store, String collection, EngineLog log) {
        this.log = log;
        this.store = store;
        this.collection = collection;
        this.thread = new Thread(this::run, "hookline-record-writer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void put(String name, String id, Map<String, String> fields, long insertedAt, long updatedAt) {
        enqueue(new Pending(name, id, fields, insertedAt, updatedAt));
    }

    synchronized void delete(String name) {
        enqueue(new Pending(name, "", null, 0, 0));
    }

    private void enqueue(Pending p) {
        queued.remove(p.name());
        queued.put(p.name(), p);
        notifyAll();
    }

    /** @return the write not yet in the store for {@code name}, or null if the store is current */
    synchronized Pending pending(String name) {
        Pending p = queued.get(name);
        return p != null ? p : inFlight.get(name);
    }

    /**
     * Writes everything queued so far before returning.
     *
     * @throws RecordWriteException if the store refused the batch; it stays queued
     */
    void flush() {
        RuntimeException refused = drain();
        if (refused != null) {
            throw new RecordWriteException("the record store refused the write: " + refused, refused);
        }
    }

    /** Thrown by {@link #flush()} when the store refused a batch. */
    static final class RecordWriteException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RecordWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void run() {
        while (!closed) {
            synchronized (this) {
                try {
                    while ((queued.isEmpty() || retryPauseMillis > 0) && !closed) {
                        if (retryPauseMillis > 0) {
                            long pause = retryPauseMillis;
                            wait(pause);
                            // a flush may have succeeded meanwhile and cleared the pause
                            if (retryPauseMillis == pause) {
                                retryPauseMillis = 0;
                            }
                        } else {
                            wait();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            RuntimeException refused = drain();
            synchronized (this) {
                retryPauseMillis = refused == null ? 0 : Math.min(5_000, Math.max(50, retryPauseMillis * 2));
            }
        }
    }

    /** @return null when the batch (if any) is in the store, else what the store threw */
    private RuntimeException drain() {
        synchronized (drainLock) {
            Map<String, Pending> batch;
            synchronized (this) {
                if (queued.isEmpty()) {
                    return null;
                }
                batch = new LinkedHashMap<>(queued);
                queued.clear();
                inFlight = batch;
            }
            try {
                List<RecordWrite> writes = new ArrayList<>(batch.size());
                for (Pending p : batch.values()) {
                    if (p.fields() != null) {
                        // the creation time the registry already showed, so the record agrees with it
                        writes.add(new RecordWrite(p.name(), p.id(), p.fields(), p.insertedAt()));
                    }
                }
                store.putAll(collection, writes);
                for (Pending p : batch.values()) {
                    if (p.fields() == null) {
                        store.delete(collection, p.name());
                    }
                }
                synchronized (this) {
                    inFlight = Map.of();
                    retryPauseMillis = 0;
                }
                return null;
            } catch (RuntimeException e) {
                synchronized (this) {
                    // keep the batch: a newer queued write of the same name wins over it
                    Map<String, Pending> back = new LinkedHashMap<>(batch);
                    back.keySet().removeAll(queued.keySet());
                    back.putAll(queued);
                    queued.clear();
                    queued.putAll(back);
                    inFlight = Map.of();
                }
                log.warn("writing " + batch.size() + " plugin record(s) failed, kept for a retry: " + batch.keySet()
                        + ": " + e, null);
                return e;
            }
        }
    }

    /** @return how many writes wait for the store (tests: refused batches are kept) */
    synchronized int queuedCount() {
        return queued.size();
    }

    /** Writes what is queued and stops the thread. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
