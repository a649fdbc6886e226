package io.hookline.event.admin;

/**
 * The status of a plugin, durable across restarts.
 *
 * <p>{@link #REGISTERED} and {@link #STARTED} are active: the plugin runs in its event's chain,
 * and they behave the same on every call. The difference is only who made it active:
 * {@code REGISTERED} means the engine activated it on registration and no operator has acted on it
 * since; {@code STARTED} means an operator did ({@code start}, {@code restart}, or {@code enable}
 * after a stop), which is kept in the record as a trace of the intervention.
 * {@link #STOPPED} is the operator's switch; it survives framework restarts and bundle updates,
 * is never changed by the dependency cascade, and only {@link PluginAdmin#enable(String)} leaves
 * it. {@link #HELD} is managed by the engine: a dependency is missing or inactive; the plugin is
 * released when it returns. {@link #FAILED} means the registration itself is invalid (bad metadata,
 * duplicate name, dependency cycle).
 */
public enum PluginStatus {
    /** Registered and active, never explicitly started. */
    REGISTERED,
    /** Active after an operator start or restart. */
    STARTED,
    /** Switched off by an operator; durable. */
    STOPPED,
    /** Waiting for a missing or inactive dependency. */
    HELD,
    /** Invalid registration; the reason says why. */
    FAILED;

    /** @return true if a plugin in this status runs in its event's chain */
    public boolean isActive() {
        return this == REGISTERED || this == STARTED;
    }
}
