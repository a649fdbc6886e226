package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.INTERRUPTED;

import io.hookline.installer.InstallException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who may operate on which app, and when the engine may close. Each operation on an app (install,
 * uninstall, recovery of its journal, its replay) holds the app's lock, so one app's operations are
 * serialised and different apps run in parallel; {@link #claimLock()} is held briefly around the
 * symbolic-name ownership check and the framework installs of one deploy. {@link #drain} closes the
 * gate: operations not yet holding their app lock are refused, those holding it are waited for, so
 * a reconfiguration never has two engines working on one app. Threading: thread-safe.
 */
public final class AppLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ReentrantLock claimLock = new ReentrantLock();
    private final ReentrantLock state = new ReentrantLock();
    private final Condition idle = state.newCondition();
    private int inFlight;
    private boolean closed;

    /** An app lock held by the current thread; closing releases it. */
    public final class Held implements AutoCloseable {
        private final ReentrantLock lock;

        private Held(ReentrantLock lock) {
            this.lock = lock;
        }

        @Override
        public void close() {
            lock.unlock();
            state.lock();
            try {
                if (--inFlight == 0) {
                    idle.signalAll();
                }
            } finally {
                state.unlock();
            }
        }
    }

    /**
     * Takes the app's lock (interruptibly).
     *
     * @param app the app
     * @return the held lock, to close in a {@code finally}
     * @throws InstallException {@code INTERRUPTED} if interrupted while waiting, or if the engine
     *     is closing (then nothing has been done for this operation)
     */
    public Held acquire(String app) {
        enter();
        ReentrantLock lock = locks.computeIfAbsent(app, k -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            exit();
            Thread.currentThread().interrupt();
            throw new InstallException(INTERRUPTED, "interrupted while waiting for another operation on app " + app);
        }
        Held held = new Held(lock);
        if (isClosed()) {
            held.close();
            throw shuttingDown();
        }
        return held;
    }

    /** @return the short engine-wide lock around the symbolic-name ownership check and installs */
    public ReentrantLock claimLock() {
        return claimLock;
    }

    /**
     * Refuses new operations, then waits until every operation holding (or waiting for) an app
     * lock is done.
     *
     * @param timeout how long to wait
     * @return true if drained, false if operations were still running at the timeout
     */
    public boolean drain(Duration timeout) {
        long left = timeout.toNanos();
        state.lock();
        try {
            closed = true;
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                try {
                    left = idle.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            state.unlock();
        }
    }

    /** @return true once {@link #drain} was called */
    public boolean isClosed() {
        state.lock();
        try {
            return closed;
        } finally {
            state.unlock();
        }
    }

    private void enter() {
        state.lock();
        try {
            if (closed) {
                throw shuttingDown();
            }
            inFlight++;
        } finally {
            state.unlock();
        }
    }

    private void exit() {
        state.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            state.unlock();
        }
    }

    static InstallException shuttingDown() {
        return new InstallException(INTERRUPTED, "the installer is shutting down (reconfigured or stopped); try again");
    }
}
