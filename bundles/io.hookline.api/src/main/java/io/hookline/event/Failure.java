package io.hookline.event;

import java.util.Objects;

/**
 * One isolated handler failure within a call. Immutable.
 */
public final class Failure {

    /** What went wrong. */
    public enum Kind {
        /** The handler threw an exception or a linkage error. */
        THREW,
        /** The handler returned {@code null} instead of a {@link Reply}. */
        NULL_REPLY,
        /** The handler's reply carried a value that is not of the event's type. */
        WRONG_TYPE,
        /**
         * The handler did not run in this call: its breaker is open, or a same-event dependency
         * failed or was skipped earlier in the same call. Not counted against its breaker.
         */
        SKIPPED,
        /**
         * The handler returned, but later than its time budget ({@link EventHandler#BUDGET_MILLIS}):
         * its reply was used, the failure counts for its breaker.
         */
        SLOW,
        /**
         * A {@link EventHandler#CRITICAL critical} plugin of the event is not active (held,
         * stopped, failed): the call halted before any plugin ran.
         */
        INACTIVE
    }

    private final String event;
    private final String plugin;
    private final String bundle;
    private final Kind kind;
    private final String message;
    private final Throwable cause;

    /**
     * @param event the event called
     * @param plugin the failing plugin
     * @param bundle the symbolic name of the plugin's bundle, or "" if unknown
     * @param kind what went wrong
     * @param message a human-readable description
     * @param cause the thrown exception, or null
     */
    public Failure(String event, String plugin, String bundle, Kind kind, String message, Throwable cause) {
        this.event = Objects.requireNonNull(event, "event");
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.bundle = bundle == null ? "" : bundle;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.message = message == null ? "" : message;
        this.cause = cause;
    }

    /** @return the event called */
    public String event() {
        return event;
    }

    /** @return the failing plugin's name */
    public String plugin() {
        return plugin;
    }

    /** @return the failing plugin's bundle symbolic name, "" if unknown */
    public String bundle() {
        return bundle;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return a human-readable description, never null */
    public String message() {
        return message;
    }

    /** @return the thrown exception or linkage error, or null */
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        return "[" + event + " | " + plugin + " | " + bundle + "] " + kind + ": " + message;
    }
}
