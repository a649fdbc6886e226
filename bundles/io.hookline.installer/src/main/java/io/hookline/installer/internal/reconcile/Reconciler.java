package io.hookline.installer.internal.reconcile;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.internal.deploy.AppStager;
import io.hookline.installer.internal.txn.InstallRecords;
import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;

/**
 * Brings this node's framework to the install records other nodes wrote, as the cluster merges
 * them: listens to the store, and for every merged write of collection
 * {@value InstallRecords#APPS} (a record or a tombstone; a catch-up after a join or a merge arrives
 * the same way) queues the app and applies it on one worker thread, through the engine's
 * {@code reconcile} (the {@code Replayer}'s apply, under the app's lock, so it is serialised with
 * every other operation on that app). Local writes are ignored: this node's own install did the
 * work. The installer listens to its own collection, so it needs nothing from the cluster bundle
 * and stays idle without it (nothing is ever merged). Never writes the record (no echo); a failure
 * is this node's node state, and the worker goes on with the next app; a failed app is tried again
 * when an artifact source arrives ({@link #sourcesChanged}). Threading: the store calls
 * {@link #recordsChanged} on writing threads (it only queues); one worker applies, in arrival
 * order, an app queued twice once; {@link #close} stops it between two apps, never by interrupt.
 */
public final class Reconciler implements RecordListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());

    private final RecordStore store;
    private final Function<String, Optional<AppDTO>> apply;
    private final Thread worker;
    // guarded by this
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private String current;
    private boolean started;
    private boolean closed;
    private long applied;
    private long failed;
    /** Apps whose last reconcile failed, tried again when a source arrives. */
    private final Set<String> failedApps = new LinkedHashSet<>();

    /**
     * Registers with the store at once, so nothing merged from now on is missed; applies nothing
     * before {@link #start} (called after the installer's recovery).
     *
     * @param store the node's store
     * @param apply the engine's reconcile of one app
     */
    public Reconciler(RecordStore store, Function<String, Optional<AppDTO>> apply) {
        this.store = store;
        this.apply = apply;
        this.worker = new Thread(this::work, "hookline-installer-reconcile");
        worker.setDaemon(true);
        try {
            store.addListener(this);
        } catch (UnsupportedOperationException e) {
            // such a store cannot be replicated either: nothing will ever be merged into it
            LOG.log(System.Logger.Level.DEBUG, "the record store reports no writes: no reconcile (" + e.getMessage() + ")");
        }
    }

    /** Starts applying what was queued and what comes. */
    public synchronized void start() {
        if (!started && !closed) {
            started = true;
            worker.start();
        }
    }

    /** Queues apps by name (used for the merged records and by tests). */
    public synchronized void enqueue(String app) {
        if (!closed && AppStager.APP_NAME.matcher(app).matches()) {
            pending.add(app);
            notifyAll();
        }
    }

    /**
     * Queues again every app whose last reconcile failed: an artifact source arrived (the cluster's
     * peers, bound after a catch-up had already merged the record: a joining node merges it before
     * its peer source is registered) and may hold what was missing. Apps that were applied stay.
     */
    public synchronized void sourcesChanged() {
        if (!failedApps.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "an artifact source arrived: reconciling again " + failedApps);
            List.copyOf(failedApps).forEach(this::enqueue);
        }
    }

    @Override
    public void recordsChanged(List<StoredRecord> records, boolean merged) {
        if (!merged) {
            return;
        }
        for (StoredRecord r : records) {
            if (InstallRecords.APPS.equals(r.collection())) {
                enqueue(r.key());
            }
        }
    }

    /** @return apps queued or being applied, in order */
    public synchronized List<String> pending() {
        List<String> all = new ArrayList<>();
        if (current != null) {
            all.add(current);
        }
        all.addAll(pending);
        return all;
    }

    /** @return {applied, failed} counts since start */
    public synchronized long[] counts() {
        return new long[] {applied, failed};
    }

    /** @return true once every queued app has been applied (for tests and sync commands) */
    public synchronized boolean idle() {
        return pending.isEmpty() && current == null;
    }

    private void work() {
        while (true) {
            String app;
            synchronized (this) {
                current = null;
                notifyAll();
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                app = pending.iterator().next();
                pending.remove(app);
                current = app;
            }
            try {
                LOG.log(System.Logger.Level.INFO, "reconciling app " + app + " with the cluster's record");
                Optional<AppDTO> now = apply.apply(app);
                boolean ok = now.map(d -> d.status != AppDTO.Status.FAILED).orElse(true);
                synchronized (this) {
                    if (ok) {
                        applied++;
                        failedApps.remove(app);
                    } else {
                        failed++;
                        failedApps.add(app);
                    }
                }
            } catch (InstallException e) {
                if (e.reason() == InstallException.Reason.INTERRUPTED) {
                    return;
                }
                synchronized (this) {
                    failedApps.add(app);
                }
                LOG.log(System.Logger.Level.ERROR, "reconciling app " + app + " failed: " + e.describe());
            } catch (RuntimeException e) {
                synchronized (this) {
                    failed++;
                    failedApps.add(app);
                }
                LOG.log(System.Logger.Level.ERROR, "reconciling app " + app + " failed", e);
            }
        }
    }

    /** Stops listening, lets the app being applied finish, and stops the worker. */
    @Override
    public void close() {
        store.removeListener(this);
        boolean join;
        synchronized (this) {
            closed = true;
            pending.clear();
            notifyAll();
            join = started;
        }
        if (join) {
            try {
                worker.join(180_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
