package io.hookline.core.internal;

import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands switch records merged from other nodes to the engine on a thread of its own.
 *
 * <p>What: the store calls {@link #offer} on the merging thread (a replication thread), which
 * must not wait for the engine's lock; a daemon thread drains everything queued and gives it to
 * the engine in one batch, which applies it as a verb would (cascade, one publication per chain)
 * without writing the switches back. Why a thread: the store's listener contract asks for short,
 * non-blocking listeners, and a catch-up of thousands of records becomes a few batches, not one
 * lock round per record. Threading: {@link #offer} from any thread; one consumer thread.
 */
final class RemoteSwitches implements AutoCloseable {

    private final LinkedBlockingQueue<StoredRecord> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<StoredRecord>> apply;
    private final EngineLog log;
    private final Thread thread;
    private volatile boolean closed;

    RemoteSwitches(Consumer<List<StoredRecord>> apply, EngineLog log) {
        this.apply = apply;
        this.log = log;
        this.thread = new Thread(this::run, "hookline-remote-switches");
        thread.setDaemon(true);
        thread.start();
    }

    void offer(List<StoredRecord> merged) {
        if (!closed) {
            queue.addAll(merged);
        }
    }

    private void run() {
        while (!closed) {
            try {
                StoredRecord first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<StoredRecord> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch);
                apply.accept(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("applying switches merged from the cluster failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
