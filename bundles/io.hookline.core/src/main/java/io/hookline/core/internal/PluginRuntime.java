package io.hookline.core.internal;

import io.hookline.event.CallContext;
import io.hookline.event.Failure;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The per-plugin state the call path touches: the call context handed to the handler and the
 * self-healing failure breaker.
 *
 * <p>Why: chains are rebuilt as immutable arrays, but a plugin's breaker must survive a rebuild, so
 * chain slots point at one long-lived runtime per registration. Threading: read by any number of
 * calling threads without locks. The success path reads one volatile field and writes nothing
 * unless the plugin had failed before; failure bookkeeping is synchronized on the runtime, which is
 * off the hot path. The breaker is half-open by compare-and-set: once the cool-down has passed,
 * exactly one caller wins the trial call; the others keep skipping until it reports.
 */
final class PluginRuntime implements CallContext {

    private static final VarHandle RETRY_AT;

    static {
        try {
            RETRY_AT = MethodHandles.lookup().findVarHandle(PluginRuntime.class, "retryAtNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EngineLog log;

    final String name;
    final String event;
    final String bundle;
    private final BreakerPolicy policy;
    /** The event's slot, told when this plugin starts or ends a failure streak. */
    private final EventSlot slot;

    /** True while the breaker is open; read only when the failure streak is not zero. */
    volatile boolean open;
    /** nanoTime at which an open breaker lets one trial call through. */
    private volatile long retryAtNanos;
    private volatile int consecutiveFailures;
    private volatile Failure lastFailure;
    private volatile long lastFailureAtMillis;
    private volatile long openUntilMillis;
    /** Set when the plugin left the engine: late results of calls still running are ignored. */
    private volatile boolean retired;

    /** Reads the engine's current breaker settings; they may change while the runtime lives. */
    interface BreakerPolicy {
        int threshold();

        long cooldownNanos();

        /**
         * Told when the breaker opens or closes (off the healthy path: on a failure, the first
         * success after one, or an operator restart). Must not block. Default: nothing.
         */
        default void breakerChanged(PluginRuntime runtime, boolean open, int failures, long openUntilMillis,
                Failure last) {
        }
    }

    /** Its counters: fed by the failure methods here and by {@link MeasuredWalk}; never read on a call. */
    final PluginMetrics metrics;

    /**
     * The state type it accepts: its event's declared type, else the one its handler declares, or
     * null if unknown; see {@link #threw}.
     */
    volatile Class<?> stateType;

    PluginRuntime(String name, String event, String bundle, BreakerPolicy policy, EventSlot slot, EngineLog log) {
        this.log = log;
        this.name = name;
        this.event = event;
        this.bundle = bundle;
        this.policy = policy;
        this.slot = slot;
        this.metrics = new PluginMetrics(slot.metrics.config.window());
    }

    /** @return the metrics settings of its engine */
    MetricsConfig metricsConfig() {
        return slot.metrics.config;
    }

    /** Counts a failure or skip for this plugin and its event (exact: failure paths only). */
    private Failure counted(Failure f) {
        metrics.failed(f.kind());
        slot.metrics.failed(f.kind());
        return f;
    }

    @Override
    public String event() {
        return event;
    }

    @Override
    public String plugin() {
        return name;
    }

    @Override
    public Map<String, Object> meta() {
        return Map.of();
    }

    /** @return the failure streak; zero on the healthy path, which then needs nothing else */
    int streak() {
        return consecutiveFailures;
    }

    /** @return true if the breaker is open and this caller did not win the trial call */
    boolean skip() {
        return open && !tryTrial();
    }

    /**
     * Records a handler that threw; returns the failure for the result. A
     * {@link ClassCastException} on a state its handler's declared type does not accept is the
     * caller's wrong input (an undeclared event), not the plugin's failure: reported as
     * {@code WRONG_TYPE}, not counted, so bad input cannot open a breaker.
     */
    Failure threw(Throwable t, Object state) {
        if (t instanceof InterruptedException) {
            // the handler swallowed the caller's interrupt by throwing it: give it back
            Thread.currentThread().interrupt();
        }
        Class<?> accepts = stateType;
        if (t instanceof ClassCastException && accepts != null && state != null && !accepts.isInstance(state)) {
            return counted(new Failure(event, name, bundle, Failure.Kind.WRONG_TYPE, "the state, a " + state.getClass().getName()
                    + ", does not fit its state type " + accepts.getName() + " (not counted against its breaker)", t));
        }
        Failure f = counted(new Failure(event, name, bundle, Failure.Kind.THREW, String.valueOf(t), t));
        failed(f);
        return f;
    }

    /** Records a call over the plugin's time budget; returns the failure for the result. */
    Failure slow(long tookNanos, long budgetNanos) {
        Failure f = counted(new Failure(event, name, bundle, Failure.Kind.SLOW, "took " + tookNanos / 1_000_000L
                + " ms, over its budget of " + budgetNanos / 1_000_000L + " ms", null));
        failed(f);
        return f;
    }

    /** @return the report of a call that skipped this plugin because its breaker is open */
    Failure skippedByBreaker() {
        long until = openUntilMillis;
        return counted(new Failure(event, name, bundle, Failure.Kind.SKIPPED, "skipped: breaker open"
                + (until == 0 ? "" : " until " + clock(until)) + " after " + consecutiveFailures + " failures", null));
    }

    /** @return the report of a call that skipped this plugin because a dependency did not run */
    Failure skippedForDependency(PluginRuntime dependency) {
        return counted(new Failure(event, name, bundle, Failure.Kind.SKIPPED, "skipped: dependency '"
                + dependency.name + "' failed or was skipped in this call", null));
    }

    static String clock(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(java.time.Instant.ofEpochMilli(epochMillis).atZone(java.time.ZoneId.systemDefault()));
    }

    /** Records a null reply or a reply of the wrong type; returns the failure for the result. */
    Failure badReply(io.hookline.event.Reply<?> reply, Class<?> type) {
        Failure f = reply == null
                ? new Failure(event, name, bundle, Failure.Kind.NULL_REPLY, "handler returned null instead of a Reply", null)
                : new Failure(event, name, bundle, Failure.Kind.WRONG_TYPE, "handler returned a "
                        + reply.value().getClass().getName() + " where " + type.getName() + " was expected", null);
        counted(f);
        failed(f);
        return f;
    }

    /**
     * Called when {@link #open} is true.
     *
     * @return true if this caller may run the handler (it won the trial after the cool-down)
     */
    private boolean tryTrial() {
        long retryAt = retryAtNanos;
        long now = System.nanoTime();
        if (now - retryAt < 0) {
            return false;
        }
        // one trial per cool-down: the winner pushes the next trial out by a whole cool-down
        return RETRY_AT.compareAndSet(this, retryAt, now + policy.cooldownNanos());
    }

    /** Records a success: closes the breaker and clears the failure streak, if any. */
    void succeeded() {
        // an open breaker implies a failure count, so one volatile read covers both
        if (consecutiveFailures != 0) {
            boolean closed;
            int failures;
            Failure last;
            synchronized (this) {
                if (retired) {
                    return;
                }
                closed = open;
                failures = consecutiveFailures;
                last = lastFailure;
                endStreak();
                open = false;
                openUntilMillis = 0;
            }
            if (closed) {
                policy.breakerChanged(this, false, failures, 0, last);
            }
        }
    }

    /** Under the monitor: clears the streak and tells the slot, once. */
    private void endStreak() {
        if (consecutiveFailures != 0) {
            consecutiveFailures = 0;
            EventSlot.FAILING.decrementAndGet(slot);
        }
    }

    /** Records a failure; opens the breaker at the threshold and logs with plugin context. */
    void failed(Failure failure) {
        boolean opened;
        boolean wasOpen;
        int count;
        synchronized (this) {
            wasOpen = open;
            if (retired) {
                // a call that began on a chain this plugin has since left: nothing to count
                lastFailure = failure;
                return;
            }
            count = consecutiveFailures + 1;
            if (count == 1) {
                EventSlot.FAILING.incrementAndGet(slot);
            }
            consecutiveFailures = count;
            lastFailure = failure;
            lastFailureAtMillis = System.currentTimeMillis();
            opened = count >= policy.threshold();
            if (opened) {
                long cooldown = policy.cooldownNanos();
                retryAtNanos = System.nanoTime() + cooldown;
                openUntilMillis = System.currentTimeMillis() + cooldown / 1_000_000L;
                open = true;
            }
        }
        if (opened && !wasOpen) {
            metrics.breakerOpened();
            policy.breakerChanged(this, true, count, openUntilMillis, failure);
        }
        if (count == 1) {
            log.warn(failure.toString(), failure.cause());
        } else if (opened && count == policy.threshold()) {
            log.warn("[" + event + " | " + name + " | " + bundle + "] breaker open after "
                    + count + " consecutive failures; skipped for " + policy.cooldownNanos() / 1_000_000L + " ms", null);
        } else {
            log.debug(failure::toString);
        }
    }

    /** The plugin left the engine: end its streak for the slot and ignore what calls still report. */
    synchronized void retire() {
        endStreak();
        retired = true;
        open = false;
        openUntilMillis = 0;
    }

    /** Operator restart: forget failures and close the breaker. */
    void reset() {
        boolean closed;
        int failures;
        synchronized (this) {
            closed = open;
            failures = consecutiveFailures;
            endStreak();
            open = false;
            openUntilMillis = 0;
            lastFailure = null;
        }
        if (closed) {
            policy.breakerChanged(this, false, failures, 0, null);
        }
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    Failure lastFailure() {
        return lastFailure;
    }

    long lastFailureAtMillis() {
        return lastFailureAtMillis;
    }

    long openUntilMillis() {
        return open ? openUntilMillis : 0;
    }
}
