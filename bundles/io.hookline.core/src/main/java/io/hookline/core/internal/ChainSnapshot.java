package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.Failure;

/**
 * One published version of an event's chain: the active handlers in run order, their runtimes at
 * the same index, and what the failure path needs to gate dependents and critical plugins.
 *
 * <p>Why parallel arrays: the call path indexes both without a pointer hop to a holder object; the
 * gate arrays are read only after a failure or a skip. Threading: immutable after construction and
 * published through a volatile field of {@link EventSlot}, so a call sees a whole chain, never a
 * half-built one.
 */
final class ChainSnapshot {

    static final ChainSnapshot EMPTY = new ChainSnapshot(new EventHandler<?>[0], new PluginRuntime[0], null, null,
            null, null, null);

    final EventHandler<Object>[] handlers;
    final PluginRuntime[] runtimes;
    /** Per index, the chain indexes of its same-event dependencies; null when no plugin has any. */
    final int[][] dependsOn;
    /** Per index, true if the plugin is critical; null when none is. */
    final boolean[] critical;
    /**
     * Non-null when no call may walk this chain: a critical plugin is not active. Read once per
     * call on the lean path.
     */
    final Failure blocked;
    /** Non-null once the engine is deactivated: calls throw {@link IllegalStateException} with it. */
    final String closedCause;
    /** Per index, the time budget in nanos (0 none); null when no plugin has one. */
    final long[] budgetNanos;
    /** True if calls must take the careful walk: blocked, or some plugin is timed. */
    final boolean careful;
    /**
     * True if a healthy call may take the plainest walk: not careful, and no plugin has a
     * same-event dependency or is critical, so a failure only isolates its plugin and the walk
     * goes on. One field read decides the common case.
     */
    final boolean plain;
    /**
     * What a handle compares its type with to take the plain walk in one field read: {@link #ANY}
     * for a plain chain of an undeclared event, the declared type for a plain chain of a declared
     * one, and {@link #NONE} when the chain is not plain.
     */
    final Class<?> plainFor;

    /** {@link #plainFor} of a plain chain of an undeclared event: every handle may walk it plainly. */
    static final Class<?> ANY = AnyType.class;
    /** {@link #plainFor} of a chain that is not plain: no handle walks it plainly. */
    static final Class<?> NONE = NoType.class;

    /** Marker types for {@link #plainFor}: no handle or declaration can have them. */
    private static final class AnyType {
    }

    private static final class NoType {
    }
    /** Index of the last critical plugin, -1 if none: a halt before it still runs the guards. */
    final int lastCritical;
    /**
     * The event's declared state type ({@code EventType}), or null. Kept here, not in the slot, so
     * a call reads one volatile field (the slot's chain) and finds everything it needs in it.
     */
    final Class<?> declaredType;
    /**
     * This chain's healthy walk as code of its own ({@link ChainCompiler}), or null: then the lean
     * walks go over the arrays. Set only on the copy {@link #withCompiled} makes.
     */
    final CompiledChain compiled;
    /**
     * True once a call asked {@link ChainCompiler} for this chain's code, or from the start when it
     * gets none (careful, or a length not worth compiling). A racy flag on purpose: it turns false
     * to true once, and a second ask is harmless, so the call path pays one plain read.
     */
    boolean compileAsked;
    /**
     * True while a plain call walks the arrays: no compiled code and nothing left to ask for
     * ({@code compiled == null && compileAsked}), so the plain walk reads one flag for both.
     * Racy like {@link #compileAsked}, set with it.
     */
    boolean walkArrays;
    /** {@link System#nanoTime} when the chain was built: a chain must settle before it is compiled. */
    final long builtAtNanos;

    @SuppressWarnings("unchecked")
    ChainSnapshot(EventHandler<?>[] handlers, PluginRuntime[] runtimes, int[][] dependsOn, boolean[] critical,
            Failure blocked, String closedCause, long[] budgetNanos) {
        this(handlers, runtimes, dependsOn, critical, blocked, closedCause, budgetNanos, null, null, System.nanoTime());
    }

    @SuppressWarnings("unchecked")
    private ChainSnapshot(EventHandler<?>[] handlers, PluginRuntime[] runtimes, int[][] dependsOn, boolean[] critical,
            Failure blocked, String closedCause, long[] budgetNanos, Class<?> declaredType, CompiledChain compiled,
            long builtAtNanos) {
        if (handlers.length != runtimes.length) {
            throw new IllegalArgumentException("handlers and runtimes differ in length");
        }
        this.handlers = (EventHandler<Object>[]) handlers;
        this.runtimes = runtimes;
        this.dependsOn = dependsOn;
        this.critical = critical;
        this.blocked = blocked != null || closedCause == null ? blocked
                : new Failure("", "", "", Failure.Kind.INACTIVE, closedCause, null);
        this.closedCause = closedCause;
        this.budgetNanos = budgetNanos;
        this.careful = this.blocked != null || budgetNanos != null;
        this.plain = !careful && dependsOn == null && critical == null;
        int last = -1;
        for (int i = 0; critical != null && i < critical.length; i++) {
            if (critical[i]) {
                last = i;
            }
        }
        this.lastCritical = last;
        this.declaredType = declaredType;
        this.plainFor = !plain ? NONE : declaredType == null ? ANY : declaredType;
        this.compiled = compiled;
        this.builtAtNanos = builtAtNanos;
        this.compileAsked = compiled != null || !ChainCompiler.worthCompiling(this);
        this.walkArrays = compiled == null && compileAsked;
    }

    /** @return this chain with {@code type} as the event's declared state type (this if it has it) */
    ChainSnapshot withDeclaredType(Class<?> type) {
        if (type == declaredType) {
            return this;
        }
        return new ChainSnapshot(handlers, runtimes, dependsOn, critical, blocked, closedCause, budgetNanos, type,
                null, builtAtNanos);
    }

    /** @return this chain walked by {@code code}: the same chain in every field the call path reads */
    ChainSnapshot withCompiled(CompiledChain code) {
        return new ChainSnapshot(handlers, runtimes, dependsOn, critical, blocked, closedCause, budgetNanos,
                declaredType, code, builtAtNanos);
    }

    /** A chain that makes every call throw: the engine behind it is gone. */
    static ChainSnapshot closed(String cause) {
        return new ChainSnapshot(new EventHandler<?>[0], new PluginRuntime[0], null, null, null, cause, null);
    }

    int size() {
        return handlers.length;
    }

    boolean isCritical(int i) {
        return critical != null && critical[i];
    }
}
