package io.hookline.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the one way these tests wait (breaker
 * cool-downs, background writes), never a fixed sleep. The same contract as the ITs' helper.
 */
final class Await {

    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** @throws AssertionError naming {@code what} and the last {@code state} if the deadline passes */
    static void awaitUntil(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + "; last seen: " + state.get());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        awaitUntil(what, timeout, condition, () -> "(no state given)");
    }
}
