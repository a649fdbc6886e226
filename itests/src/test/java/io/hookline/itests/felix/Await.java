package io.hookline.itests.felix;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the only way these tests wait for the
 * framework (DS activation, service events, bundle updates), never a fixed sleep.
 */
public final class Await {

    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param what what is awaited, for the failure message ("welcome-message is HELD")
     * @param timeout how long to poll
     * @param condition the condition, polled on the calling thread
     * @throws AssertionError if the deadline passes first
     */
    public static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        awaitUntil(what, timeout, condition, () -> "(no state given)");
    }

    /**
     * As {@link #awaitUntil(String, Duration, BooleanSupplier)}, naming the last state seen in the
     * failure message.
     *
     * @param state describes what was seen, evaluated once on timeout
     */
    public static void awaitUntil(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + "; last seen: " + state.get());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }
}
