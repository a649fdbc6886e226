package io.hookline.installer.internal.reconcile;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.internal.deploy.AppStager;
import io.hookline.installer.internal.txn.InstallRecords;
import io.hookline.store.RecordListener;
import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * is this node's node state, and the worker goes on with the next app. A failed app is tried again
 * when an artifact source arrives ({@link #sourcesChanged}, also when it arrives while that app's
 * apply is still running) and, without any event, after a back-off (first retry after
 * {@code retryFirst}, doubling up to {@code retryMax}): a peer that did not yet hold the jar, or an
 * origin that was down, heals without an operator. Threading: the store calls
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
    /** Apps whose last reconcile failed, with their retry schedule; tried again when a source arrives. */
    private final Map<String, Retry> failedApps = new LinkedHashMap<>();
    /** Counts {@link #sourcesChanged} calls: an apply that fails after one began is queued again at once. */
    private long sourceGeneration;
    private final long retryFirstNanos;
    private final long retryMaxNanos;

    /** Default first retry of a failed app, without any event. */
    public static final Duration RETRY_FIRST = Duration.ofSeconds(5);
    /** Default longest wait between two retries of a failed app. */
    public static final Duration RETRY_MAX = Duration.ofMinutes(5);

    /** When a failed app is tried next, and how long the wait after that one is. */
    private record Retry(long dueNanos, long delayNanos, long nextDelayNanos) {
    }

    /**
     * Registers with the store at once, so nothing merged from now on is missed; applies nothing
     * before {@link #start} (called after the installer's recovery).
     *
     * @param store the node's store
     * @param apply the engine's reconcile of one app
     */
    public Reconciler(RecordStore store, Function<String, Optional<AppDTO>> apply) {
        this(store, apply, RETRY_FIRST, RETRY_MAX);
    }

    /**
     * @param store the node's store
     * @param apply the engine's reconcile of one app
     * @param retryFirst how long after its failure a failed app is first tried again
     * @param retryMax the longest wait between two retries (the wait doubles from {@code retryFirst})
     */
    public Reconciler(RecordStore store, Function<String, Optional<AppDTO>> apply, Duration retryFirst,
            Duration retryMax) {
        if (retryFirst.isNegative() || retryFirst.isZero() || retryMax.compareTo(retryFirst) < 0) {
            throw new IllegalArgumentException("retry back-off " + retryFirst + " .. " + retryMax
                    + ": the first wait must be positive and not longer than the longest");
        }
        this.store = store;
        this.apply = apply;
        this.retryFirstNanos = retryFirst.toNanos();
        this.retryMaxNanos = retryMax.toNanos();
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
        sourceGeneration++;
        if (!failedApps.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "an artifact source arrived: reconciling again " + failedApps.keySet());
            List.copyOf(failedApps.keySet()).forEach(this::enqueue);
        }
    }

    /** @return apps whose last reconcile failed and that wait for a retry or a source, in order */
    public synchronized List<String> failed() {
        return List.copyOf(failedApps.keySet());
    }

    @Override
    public void recordsChanged(List<StoredRecord> records, boolean merged) {
        if (!merged) {
            return;
        }
        for (StoredRecord r : records) {
            if (InstallRecords.APPS.equals(r.collection())) {
                recordArrived(r.key());
            }
        }
    }

    /** A new version of the app's record: queued, and its back-off starts again from the first wait. */
    private synchronized void recordArrived(String app) {
        failedApps.remove(app);
        enqueue(app);
    }

    /**
     * @return how long the app waited (or waits) for its scheduled retry, in ms; -1 if it is not
     *     among the failed apps (for tests and status)
     */
    public synchronized long retryDelayMillis(String app) {
        Retry r = failedApps.get(app);
        return r == null ? -1 : r.delayNanos() / 1_000_000;
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
            long generation;
            synchronized (this) {
                current = null;
                notifyAll();
                try {
                    while (pending.isEmpty() && !closed && !queueDueRetries()) {
                        long wait = nanosToNextRetry();
                        if (wait == Long.MAX_VALUE) {
                            wait();
                        } else {
                            wait(Math.max(1, wait / 1_000_000), 0);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                app = pending.iterator().next();
                pending.remove(app);
                current = app;
                generation = sourceGeneration;
            }
            boolean ok = false;
            try {
                LOG.log(System.Logger.Level.INFO, "reconciling app " + app + " with the cluster's record");
                Optional<AppDTO> now = apply.apply(app);
                // a record this node wrote itself is not the cluster's to retry: its own install failed
                ok = now.map(d -> d.status != AppDTO.Status.FAILED || ownRecord(d)).orElse(true);
            } catch (InstallException e) {
                if (e.reason() == InstallException.Reason.INTERRUPTED) {
                    synchronized (this) {
                        current = null;
                        notifyAll();
                    }
                    return;
                }
                LOG.log(System.Logger.Level.ERROR, "reconciling app " + app + " failed: " + e.describe());
            } catch (RuntimeException | Error e) {
                // an Error too (a NoClassDefFoundError from a bundle refreshed under the engine): it would end
                // the only worker, and with it every later reconcile; the app is tried again after its back-off
                LOG.log(System.Logger.Level.ERROR, "reconciling app " + app + " failed", e);
            }
            synchronized (this) {
                if (ok) {
                    applied++;
                    failedApps.remove(app);
                } else {
                    failed++;
                    scheduleRetry(app, generation);
                }
            }
        }
    }

    /**
     * Records a failed app's next retry. A source that arrived while it was applied may hold what
     * was missing: then it is queued at once (it was not among the failed apps when the source came).
     */
    private void scheduleRetry(String app, long generation) {
        Retry before = failedApps.get(app);
        long delay = before == null ? retryFirstNanos : before.nextDelayNanos();
        failedApps.put(app, new Retry(System.nanoTime() + delay, delay, Math.min(retryMaxNanos, delay * 2)));
        if (generation != sourceGeneration) {
            LOG.log(System.Logger.Level.INFO, "an artifact source arrived while app " + app + " was reconciled: again");
            pending.add(app);
        } else {
            LOG.log(System.Logger.Level.INFO, "app " + app + " is tried again in " + (delay / 1_000_000) + " ms");
        }
    }

    private boolean ownRecord(AppDTO d) {
        try {
            return d.origin != null && d.origin.equals(store.nodeId());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Schedules a retry of an app whose boot replay failed, as if its reconcile had failed, if the
     * record is another node's (its peers were not reachable yet, say); a record this node wrote
     * itself is not the cluster's to retry.
     *
     * @param app the app as replayed
     * @param generation {@link #sourceGeneration()} read before the replay began: a source that
     *     arrived since queues the app at once
     */
    public synchronized void retryLater(AppDTO app, long generation) {
        if (!closed && app.origin != null && !ownRecord(app) && AppStager.APP_NAME.matcher(app.app).matches()
                && !failedApps.containsKey(app.app)) {
            scheduleRetry(app.app, generation);
            notifyAll();
        }
    }

    /** @return how many times an artifact source arrived; see {@link #retryLater} */
    public synchronized long sourceGeneration() {
        return sourceGeneration;
    }

    /** Queues every failed app whose retry is due; true if any was. */
    private boolean queueDueRetries() {
        long now = System.nanoTime();
        boolean any = false;
        for (Map.Entry<String, Retry> e : failedApps.entrySet()) {
            if (now - e.getValue().dueNanos() >= 0 && !pending.contains(e.getKey())) {
                pending.add(e.getKey());
                any = true;
            }
        }
        return any;
    }

    private long nanosToNextRetry() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Retry r : failedApps.values()) {
            next = Math.min(next, Math.max(0, r.dueNanos() - now));
        }
        return next;
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
