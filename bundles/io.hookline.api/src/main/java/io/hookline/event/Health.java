package io.hookline.event;

import java.util.Objects;

/**
 * The answer of a health probe: a status and a human-readable message.
 *
 * <p>Immutable and thread-safe.
 */
public final class Health {

    /** Health states, from best to worst. */
    public enum Status {
        /** Working as expected. */
        OK,
        /** Working, but something needs attention (recent failures, a slow dependency...). */
        DEGRADED,
        /** Not working: probe threw, timed out, breaker open, or plugin not active. */
        DOWN
    }

    private static final Health OK = new Health(Status.OK, "ok");

    private final Status status;
    private final String message;

    private Health(Status status, String message) {
        this.status = Objects.requireNonNull(status, "status");
        this.message = message == null ? "" : message;
    }

    /** @return the shared healthy answer */
    public static Health ok() {
        return OK;
    }

    /**
     * @param message what needs attention
     * @return a degraded answer
     */
    public static Health degraded(String message) {
        return new Health(Status.DEGRADED, message);
    }

    /**
     * @param message why it is down
     * @return a down answer
     */
    public static Health down(String message) {
        return new Health(Status.DOWN, message);
    }

    /** @return the status, never null */
    public Status status() {
        return status;
    }

    /** @return the message, never null */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Health h && h.status == status && h.message.equals(message);
    }

    @Override
    public int hashCode() {
        return status.hashCode() * 31 + message.hashCode();
    }

    @Override
    public String toString() {
        return status + (message.isEmpty() ? "" : ": " + message);
    }
}
