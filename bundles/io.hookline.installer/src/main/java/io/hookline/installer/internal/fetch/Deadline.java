package io.hookline.installer.internal.fetch;

import static io.hookline.installer.InstallException.Reason.TIMEOUT;

import io.hookline.installer.InstallException;
import java.time.Duration;

/**
 * The total time one fetch may take (API calls, redirects, the body), however steadily a server
 * drips bytes inside the read timeout. Threading: immutable.
 */
public final class Deadline {

    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    /** @return a deadline {@code budget} from now */
    public static Deadline in(Duration budget) {
        return new Deadline(budget);
    }

    /** @return milliseconds left, at least 0 */
    public long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    public boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /**
     * @param timeoutMillis a per-operation timeout
     * @return the smaller of it and the time left (at least 1 ms, as 0 means "forever" to sockets)
     */
    public int cap(long timeoutMillis) {
        return (int) Math.max(1, Math.min(timeoutMillis, remainingMillis()));
    }

    /** @throws InstallException {@code TIMEOUT} once the deadline has passed */
    public void check(Object what) {
        if (expired()) {
            throw exceeded(what);
        }
    }

    /** @return the {@code TIMEOUT} refusal naming {@code what} and the budget */
    public InstallException exceeded(Object what) {
        return new InstallException(TIMEOUT, "fetching " + what + " did not finish within the download deadline of "
                + budget.toMillis() + " ms (download.deadline.millis in PID io.hookline.installer)");
    }
}
