package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Turns an event's registered plugins into the immutable chain calls walk.
 *
 * <p>What: the active plugins in run order (same-event dependencies first, otherwise priority then
 * name), each one's same-event dependency indexes, its critical flag, and a blocking failure when a
 * critical plugin of the event is not active. Why apart: ordering is a pure function of the
 * members, tested without an engine. Threading: stateless; called under the registry lock.
 */
final class ChainBuilder {

    private static final Comparator<PluginState> BY_PRIORITY_NAME =
            Comparator.comparingInt(PluginState::priority).thenComparing(PluginState::name);

    private ChainBuilder() {
    }

    /**
     * @param event the event
     * @param members the event's named plugins, any status
     * @param runtimeFor gives the long-lived runtime of an active plugin
     * @return the chain to publish
     */
    static ChainSnapshot build(String event, Collection<PluginState> members,
            java.util.function.Function<PluginState, PluginRuntime> runtimeFor, long defaultBudgetMillis) {
        return build(event, members, List.of(), runtimeFor, defaultBudgetMillis);
    }

    /**
     * @param guardFailures why a critical plugin of this event that is not among its members (its
     *     name is held by another registration, or it left) blocks the chain; the first counts
     */
    static ChainSnapshot build(String event, Collection<PluginState> members, Collection<Failure> guardFailures,
            java.util.function.Function<PluginState, PluginRuntime> runtimeFor, long defaultBudgetMillis) {
        List<PluginState> order = runOrder(members);
        int n = order.size();
        EventHandler<?>[] handlers = new EventHandler<?>[n];
        PluginRuntime[] runtimes = new PluginRuntime[n];
        Map<String, Integer> index = new HashMap<>();
        boolean anyDeps = false;
        boolean anyCritical = false;
        for (int i = 0; i < n; i++) {
            PluginState p = order.get(i);
            handlers[i] = p.handler;
            runtimes[i] = runtimeFor.apply(p);
            index.put(p.name(), i);
            anyCritical |= p.spec.critical();
        }
        long[] budgets = new long[n];
        boolean anyBudget = false;
        for (int i = 0; i < n; i++) {
            long own = order.get(i).spec.budgetMillis();
            long millis = own >= 0 ? own : defaultBudgetMillis;
            budgets[i] = millis * 1_000_000L;
            anyBudget |= millis > 0;
        }
        int[][] dependsOn = new int[n][];
        boolean[] critical = anyCritical ? new boolean[n] : null;
        for (int i = 0; i < n; i++) {
            PluginState p = order.get(i);
            dependsOn[i] = p.depends().stream().filter(index::containsKey).mapToInt(index::get).toArray();
            anyDeps |= dependsOn[i].length > 0;
            if (critical != null) {
                critical[i] = p.spec.critical();
            }
        }
        Failure blocked = null;
        for (PluginState p : members) {
            if (p.spec.critical() && !p.status.isActive()) {
                blocked = new Failure(event, p.name(), p.bundle, Failure.Kind.INACTIVE, "critical plugin '" + p.name()
                        + "' is " + p.status.name().toLowerCase(Locale.ROOT)
                        + (p.reason.isEmpty() ? "" : " (" + p.reason + ")") + ": the call is refused", null);
                break;
            }
        }
        if (blocked == null && !guardFailures.isEmpty()) {
            blocked = guardFailures.iterator().next();
        }
        return new ChainSnapshot(handlers, runtimes, anyDeps ? dependsOn : null, critical, blocked, null,
                anyBudget ? budgets : null);
    }

    /** Active plugins in run order: same-event dependencies first, otherwise (priority, name). */
    static List<PluginState> runOrder(Collection<PluginState> members) {
        Map<String, PluginState> active = new HashMap<>();
        for (PluginState p : members) {
            if (p.status.isActive()) {
                active.put(p.name(), p);
            }
        }
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<PluginState>> unlocks = new HashMap<>();
        PriorityQueue<PluginState> ready = new PriorityQueue<>(BY_PRIORITY_NAME);
        for (PluginState p : active.values()) {
            int count = 0;
            for (String d : p.depends()) {
                if (active.containsKey(d)) {
                    count++;
                    unlocks.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                }
            }
            pending.put(p.name(), count);
            if (count == 0) {
                ready.add(p);
            }
        }
        List<PluginState> order = new ArrayList<>(active.size());
        while (!ready.isEmpty()) {
            PluginState p = ready.poll();
            order.add(p);
            for (PluginState q : unlocks.getOrDefault(p.name(), List.of())) {
                if (pending.merge(q.name(), -1, Integer::sum) == 0) {
                    ready.add(q);
                }
            }
        }
        return order;
    }
}
