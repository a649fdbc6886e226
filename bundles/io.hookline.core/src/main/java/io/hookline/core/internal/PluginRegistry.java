package io.hookline.core.internal;

import io.hookline.event.admin.PluginStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry: every registration by service id, the owner of each plugin name, the members of
 * each event, and the status cascade through dependencies.
 *
 * <p>What: a name belongs to its best-ranked registration (highest {@code service.ranking}, then
 * lowest service id, as OSGi orders services), so the owner does not depend on arrival order;
 * the others are listed FAILED as duplicates and take over when it leaves. Every mutation records
 * what it touched in a {@link ChangeSet}; {@link #commit} then writes changed records and
 * publishes each affected chain once. Why: no reader sees an in-between chain and no record is
 * written for a state that lasted only inside one operation. Threading: every method is called
 * with the engine's registry lock held; no plugin code runs here (service objects are fetched by
 * the engine before it takes the lock).
 */
final class PluginRegistry {

    static final String WAITING_FOR_SERVICE = "waiting for its service object";

    private static final Comparator<PluginState> BEST_FIRST = Comparator
            .comparingInt((PluginState p) -> -p.spec.ranking()).thenComparingLong(p -> p.serviceId);
    static final Comparator<PluginState> LISTING = Comparator.comparing(PluginState::event)
            .thenComparing(p -> p.name() == null ? "" : p.name()).thenComparingLong(p -> p.serviceId);

    private final EngineLog log;

    private final Map<Long, PluginState> byService = new HashMap<>();
    private final Map<String, PluginState> owners = new HashMap<>();
    private final Map<String, TreeMap<String, PluginState>> byEvent = new HashMap<>();
    /** Declared contracts by event, in binding order: the first one counts. */
    private final Map<String, List<Declaration>> declared = new HashMap<>();

    /** One bound {@link io.hookline.event.EventType} service, read once outside the lock. */
    record Declaration(Object source, String event, Class<?> type, String description) {
    }
    /**
     * Critical plugins that left without an operator's unregister, by name, then by the event they
     * left: each such event refuses calls. By event too, because one name can leave several (a
     * guard that moved to another event and then went away), and each stays refused.
     */
    private final Map<String, Map<String, PluginState>> absentGuards = new HashMap<>();
    private final DependencyGraph graph = new DependencyGraph();
    private final PluginRecords records;
    private final SlotPublisher publisher;
    private final PluginRuntime.BreakerPolicy breakerPolicy;
    private AccessPolicy policy = AccessPolicy.OPEN;

    /** Applies a new access policy to every registered plugin. */
    void policy(AccessPolicy next, ChangeSet cs) {
        policy = next;
        // eligibility for a name depends on the policy: an owner the new policy refuses yields
        // its name to an allowed registration of it, if there is one
        byService.values().stream().map(PluginState::name).filter(java.util.Objects::nonNull).distinct().toList()
                .forEach(n -> resolveOwner(n, cs));
        for (PluginState p : new ArrayList<>(owners.values())) {
            String before = p.policyReason;
            p.policyReason = policy.refusal(p.event(), p.bundle);
            if (!java.util.Objects.equals(before, p.policyReason)) {
                if (p.policyReason != null) {
                    warnFailed(p);
                }
                cs.touch(p);
                cascade(List.of(p.name()), cs);
            }
        }
    }

    /** The engine's default time budget per plugin call, 0 for none. */
    private long defaultBudgetMillis;

    /** Sets the default budget; returns true if it changed (every chain then needs rebuilding). */
    boolean defaultBudget(long millis) {
        boolean changed = millis != defaultBudgetMillis;
        defaultBudgetMillis = millis;
        return changed;
    }

    PluginRegistry(PluginRecords records, SlotPublisher publisher, PluginRuntime.BreakerPolicy breakerPolicy,
            EngineLog log) {
        this.log = log;
        this.records = records;
        this.publisher = publisher;
        this.breakerPolicy = breakerPolicy;
        records.guardPending = name -> absentGuards.getOrDefault(name, Map.of()).keySet();
    }

    /**
     * On start: the critical plugins the store remembers keep their events refusing calls until
     * they are back or an operator releases them ({@link PluginRecords#rememberedGuards()}).
     */
    void rememberGuards(ChangeSet cs) {
        for (PluginState g : records.rememberedGuards()) {
            if (!guards(owners.get(g.name()), g.event()) && absentGuard(g.name(), g.event()) == null) {
                leftEvent(g, cs);
            }
        }
    }

    // registrations

    PluginState byService(long serviceId) {
        return byService.get(serviceId);
    }

    PluginState owner(String name) {
        return owners.get(name);
    }

    boolean isOwner(PluginState p) {
        return p.name() != null && owners.get(p.name()) == p;
    }

    void add(PluginState p, ChangeSet cs) {
        byService.put(p.serviceId, p);
        if (p.name() == null) {
            // listed with its problem, never owner, never stored
            p.status = PluginStatus.FAILED;
            p.reason = p.invalidReason();
            warnFailed(p);
            return;
        }
        resolveOwner(p.name(), cs);
        if (!isOwner(p)) {
            warnFailed(p);
        }
    }

    void remove(long serviceId, ChangeSet cs) {
        remove(serviceId, cs, false);
    }

    /**
     * @param byOperator true for an operator's unregister, which releases the name's event; any
     *     other way a guard leaves (its service went away, it renamed itself or turned
     *     {@code hookline.critical} off) leaves its event refusing calls until a critical plugin of
     *     that name is back on it or an operator releases it
     */
    void remove(long serviceId, ChangeSet cs, boolean byOperator) {
        PluginState p = byService.remove(serviceId);
        if (p == null || p.name() == null) {
            return;
        }
        if (lifecycle != null && p.announced != null && lifecycle.active()) {
            // queued before the changes this removal causes (dependents held), which publish announces
            lifecycle.removed(p);
        }
        boolean guarding = isOwner(p) && p.spec.critical() && eligible(p);
        if (isOwner(p)) {
            detach(p, cs);
        }
        resolveOwner(p.name(), cs);
        if (byOperator) {
            release(p.name(), cs);
        } else if (guarding && !guards(owners.get(p.name()), p.event())) {
            leftEvent(p, cs);
            log.warn("critical plugin " + p.name() + " from " + p.bundle + " left event " + p.event()
                    + ": its calls are refused until it is back or an operator runs hook:unregister " + p.name(), null);
        }
    }

    /** Remembers that guard {@code g} left its event, which refuses calls from now on. */
    private void leftEvent(PluginState g, ChangeSet cs) {
        absentGuards.computeIfAbsent(g.name(), n -> new TreeMap<>()).put(g.event(), g);
        cs.event(g.event());
    }

    private static boolean guards(PluginState owner, String event) {
        return owner != null && owner.spec.critical() && owner.event().equals(event);
    }

    /**
     * An operator's unregister of {@code name}: a guard that left no longer blocks its event. Its
     * record is deleted when no registration owns the name (the plugin is gone), or rewritten
     * without the sticky critical flag, so a restart does not bring the block back.
     */
    boolean release(String name, ChangeSet cs) {
        Map<String, PluginState> gone = absentGuards.remove(name);
        if (gone != null) {
            gone.keySet().forEach(cs::event);
            PluginState owner = owners.get(name);
            if (owner == null) {
                records.delete(name);
            } else {
                records.persist(owner, false);
            }
        }
        return gone != null;
    }

    /** Puts back guards whose release could not be made durable: their events keep refusing calls. */
    void keepGuards(List<PluginState> gone, ChangeSet cs) {
        gone.forEach(g -> leftEvent(g, cs));
        // supersedes the queued delete, which the writer would otherwise retry until it lands
        PluginState owner = owners.get(gone.get(0).name());
        records.persist(owner != null ? owner : gone.get(0), true);
    }

    /** @return the guards that left {@code event}, which refuses calls for them, by name */
    List<PluginState> absentGuards(String event) {
        return absentGuards.values().stream().map(m -> m.get(event)).filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparing(PluginState::name)).toList();
    }

    /** @return the guards that left under {@code name}, one per event still refusing calls for it */
    List<PluginState> guardsLeftBy(String name) {
        return List.copyOf(absentGuards.getOrDefault(name, Map.of()).values());
    }

    /** @return the guard that left {@code event} under {@code name}, or null */
    PluginState absentGuard(String name, String event) {
        return absentGuards.getOrDefault(name, Map.of()).get(event);
    }

    /**
     * A property update that keeps name, event, dependencies and criticality: the plugin stays in
     * place with its runtime and breaker; a new priority reorders its chain in one publication.
     */
    void updateInPlace(PluginState p, Map<String, ?> properties, PluginSpec spec, ChangeSet cs) {
        boolean reorder = spec.priority() != p.priority();
        boolean rerank = spec.ranking() != p.spec.ranking();
        p.properties = properties;
        p.spec = spec;
        if (reorder && isOwner(p)) {
            cs.touch(p);
            cs.event(p.event());
        }
        if (rerank) {
            resolveOwner(p.name(), cs);
        }
    }

    /**
     * Gives the name to its best-ranked registration; the others are duplicates. A registration
     * with bad metadata or from a bundle the access policy refuses on its event never outranks one
     * without: ranking must not let a refused bundle displace a guard.
     */
    private void resolveOwner(String name, ChangeSet cs) {
        List<PluginState> candidates = byService.values().stream().filter(q -> name.equals(q.name()))
                .sorted(Comparator.comparing((PluginState q) -> !eligible(q)).thenComparing(BEST_FIRST)).toList();
        PluginState best = candidates.isEmpty() ? null : candidates.get(0);
        PluginState current = owners.get(name);
        if (current != best) {
            if (current != null) {
                detach(current, cs);
            }
            if (best != null) {
                best.duplicateReason = null;
                attach(best, cs);
            }
        }
        for (PluginState q : candidates) {
            if (q.spec.critical()) {
                // a displaced guard blocks its event; one that got its name back unblocks it
                cs.event(q.event());
            }
            if (q != best) {
                q.duplicateReason = "duplicate plugin name '" + name + "': already registered by bundle " + best.bundle
                        + " (service " + best.serviceId + ", ranking " + best.spec.ranking() + ")";
                q.status = PluginStatus.FAILED;
                q.reason = q.invalidReason();
                // not an owner, so never persisted: touched for the lifecycle announcement only
                cs.touch(q);
            }
        }
    }

    /** Valid metadata and a bundle the access policy lets attach to the registration's event. */
    private boolean eligible(PluginState q) {
        return q.spec.valid() && policy.refusal(q.event(), q.bundle) == null;
    }

    private void attach(PluginState p, ChangeSet cs) {
        owners.put(p.name(), p);
        Map<String, PluginState> left = absentGuards.get(p.name());
        if (left != null && p.spec.critical() && left.remove(p.event()) != null) {
            // the guard is back on the event it left; other events it left keep refusing
            cs.event(p.event());
            if (left.isEmpty()) {
                absentGuards.remove(p.name());
            }
        }
        if (!p.event().isEmpty()) {
            byEvent.computeIfAbsent(p.event(), e -> new TreeMap<>()).put(p.name(), p);
        }
        graph.add(p.name(), p.depends());
        records.restore(p);
        checkType(p);
        p.policyReason = p.spec.valid() ? policy.refusal(p.event(), p.bundle) : null;
        p.cycleReason = p.spec.valid() ? cycleThrough(p) : null;
        if (p.valid()) {
            log.debug(() -> "registered plugin " + p.name() + " on " + p.event());
        } else {
            warnFailed(p);
        }
        cs.touch(p);
        cs.event(p.event());
        cascade(List.of(p.name()), cs);
    }

    private void detach(PluginState p, ChangeSet cs) {
        owners.remove(p.name());
        TreeMap<String, PluginState> members = byEvent.get(p.event());
        if (members != null) {
            members.remove(p.name());
            if (members.isEmpty()) {
                byEvent.remove(p.event());
            }
        }
        graph.remove(p.name(), p.depends());
        if (p.runtime != null) {
            p.runtime.retire();
            p.runtime = null;
        }
        cs.touched.remove(p);
        cs.event(p.event());
        cascade(new ArrayList<>(graph.dependentsOf(p.name())), cs);
    }

    private String cycleThrough(PluginState p) {
        List<String> cycle = DependencyGraph.findCycle(p.name(), p.depends(), n -> {
            PluginState q = owners.get(n);
            return q != null && q != p && q.valid() ? q.depends() : null;
        });
        return cycle == null ? null : "dependency cycle: " + String.join(" -> ", cycle);
    }

    /** Plugins that failed as closing a cycle get another look whenever the graph changed. */
    private void healCycles(ChangeSet cs) {
        for (PluginState p : new ArrayList<>(owners.values())) {
            if (p.cycleReason != null && cycleThrough(p) == null) {
                p.cycleReason = null;
                cs.touch(p);
                cascade(List.of(p.name()), cs);
            }
        }
    }

    // contracts

    Declaration declaration(String event) {
        List<Declaration> list = declared.get(event);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    void declare(Object source, String event, Class<?> type, String description, ChangeSet cs) {
        List<Declaration> list = declared.computeIfAbsent(event, e -> new ArrayList<>());
        list.add(new Declaration(source, event, type, description == null ? "" : description));
        if (list.size() > 1) {
            log.warn("event '" + event + "' is declared twice; " + list.get(0).type().getName() + " counts, "
                    + type.getName() + " is ignored", null);
            return;
        }
        recheck(event, cs);
    }

    void undeclare(Object source, ChangeSet cs) {
        for (Map.Entry<String, List<Declaration>> e : new ArrayList<>(declared.entrySet())) {
            Declaration first = e.getValue().isEmpty() ? null : e.getValue().get(0);
            if (e.getValue().removeIf(d -> d.source() == source)) {
                if (e.getValue().isEmpty()) {
                    declared.remove(e.getKey());
                }
                if (first != null && first.source() == source) {
                    recheck(e.getKey(), cs);
                }
            }
        }
    }

    private void recheck(String event, ChangeSet cs) {
        cs.event(event);
        TreeMap<String, PluginState> members = byEvent.get(event);
        if (members == null) {
            return;
        }
        for (PluginState p : members.values()) {
            String before = p.typeReason;
            checkType(p);
            if (!java.util.Objects.equals(before, p.typeReason)) {
                if (p.typeReason != null) {
                    warnFailed(p);
                }
                cs.touch(p);
                cascade(List.of(p.name()), cs);
            }
        }
    }

    /** Sets or clears the plugin's type mismatch against its event's declaration. */
    void checkType(PluginState p) {
        Declaration d = declaration(p.event());
        p.typeReason = p.name() == null ? null
                : StateTypes.mismatch(p.name(), p.stateType, p.event(), d == null ? null : d.type());
    }

    // status cascade

    /** Re-evaluates {@code names} and everything depending on them, transitively and across events. */
    void cascade(Collection<String> names, ChangeSet cs) {
        Set<String> affected = graph.closure(names);
        Set<String> done = new HashSet<>();
        for (String n : affected) {
            PluginState p = owners.get(n);
            if (p != null) {
                evaluate(p, affected, done, new HashSet<>(), cs);
            }
        }
    }

    private void evaluate(PluginState p, Set<String> affected, Set<String> done, Set<String> visiting, ChangeSet cs) {
        if (done.contains(p.name())) {
            return;
        }
        visiting.add(p.name());
        PluginStatus status;
        String reason = "";
        String invalid = p.invalidReason();
        if (invalid != null) {
            status = PluginStatus.FAILED;
            reason = invalid;
        } else if (p.stopped) {
            status = PluginStatus.STOPPED;
            reason = "stopped by operator";
        } else {
            status = p.started ? PluginStatus.STARTED : PluginStatus.REGISTERED;
            for (String d : p.depends()) {
                PluginState dp = owners.get(d);
                if (dp == null) {
                    status = PluginStatus.HELD;
                    reason = "dependency '" + d + "' is not registered";
                    break;
                }
                if (affected.contains(d) && !done.contains(d) && !visiting.contains(d)) {
                    evaluate(dp, affected, done, visiting, cs);
                }
                if (!dp.status.isActive()) {
                    status = PluginStatus.HELD;
                    reason = "dependency '" + d + "' is " + dp.status.name().toLowerCase(Locale.ROOT);
                    break;
                }
            }
            if (status.isActive() && p.handler == null) {
                status = PluginStatus.HELD;
                reason = WAITING_FOR_SERVICE;
            }
        }
        visiting.remove(p.name());
        done.add(p.name());
        if (status != p.status || !reason.equals(p.reason)) {
            if (status.isActive() != p.status.isActive() || p.spec.critical()) {
                cs.event(p.event());
            }
            p.status = status;
            p.reason = reason;
            cs.touch(p);
        }
    }

    // commit

    /** Writes changed records (queued) and publishes each affected event's chain once. */
    void commit(ChangeSet cs) {
        persist(cs);
        publish(cs);
    }

    void persist(ChangeSet cs) {
        healCycles(cs);
        for (PluginState p : cs.touched) {
            if (isOwner(p)) {
                records.persist(p, false);
            }
        }
    }

    /** Where status changes are announced; set by the engine. */
    LifecycleEvents lifecycle;

    void publish(ChangeSet cs) {
        announce(cs);
        if (cs.events.isEmpty()) {
            return;
        }
        Map<String, List<io.hookline.event.Failure>> displaced = displacedGuards();
        for (String event : cs.events) {
            TreeMap<String, PluginState> members = byEvent.get(event);
            List<io.hookline.event.Failure> guards = displaced.getOrDefault(event, List.of());
            Declaration d = declaration(event);
            publisher.publish(event, (members == null || members.isEmpty()) && guards.isEmpty() ? null
                    : ChainBuilder.build(event, members == null ? List.of() : members.values(), guards,
                            this::runtimeFor, defaultBudgetMillis),
                    d == null ? null : d.type());
        }
    }

    /**
     * Critical registrations that lost their name to another registration, by their event. Such a
     * guard is not active, so its event refuses calls (fail closed) rather than run with whatever
     * took the name: a look-alike with a higher ranking, on another event or not critical. Only
     * registrations that could own their name count (valid metadata, allowed by the policy).
     */
    private Map<String, List<io.hookline.event.Failure>> displacedGuards() {
        Map<String, List<io.hookline.event.Failure>> out = new HashMap<>();
        for (PluginState q : byService.values()) {
            if (q.name() != null && q.spec.critical() && !isOwner(q) && eligible(q)) {
                out.computeIfAbsent(q.event(), e -> new ArrayList<>()).add(new io.hookline.event.Failure(q.event(),
                        q.name(), q.bundle, io.hookline.event.Failure.Kind.INACTIVE, "critical plugin '" + q.name()
                        + "' of bundle " + q.bundle + " (service " + q.serviceId + ") is displaced: "
                        + q.invalidReason() + ": the call is refused", null));
            }
        }
        for (PluginState g : absentGuards.values().stream().flatMap(m -> m.values().stream()).toList()) {
            out.computeIfAbsent(g.event(), e -> new ArrayList<>()).add(new io.hookline.event.Failure(g.event(),
                    g.name(), g.bundle, io.hookline.event.Failure.Kind.INACTIVE, "critical plugin '" + g.name()
                    + "' of bundle " + g.bundle + " left the event: the call is refused until it is back or an"
                    + " operator runs hook:unregister " + g.name(), null));
        }
        return out;
    }

    /** Queues a lifecycle event for each touched registration whose status differs from the last announced. */
    private void announce(ChangeSet cs) {
        if (lifecycle == null) {
            return;
        }
        for (PluginState p : cs.touched) {
            if (p.status != p.announced && p.name() != null && byService.get(p.serviceId) == p) {
                PluginStatus previous = p.announced;
                p.announced = p.status;
                if (lifecycle.active()) {
                    lifecycle.status(p, previous);
                }
            }
        }
    }

    private PluginRuntime runtimeFor(PluginState p) {
        if (p.runtime == null) {
            p.runtime = new PluginRuntime(p.name(), p.event(), p.bundle, breakerPolicy, publisher.slotFor(p.event()),
                    log);
        }
        // on a declared event the contract is what the plugin was admitted for (a lambda's own type
        // cannot be read): a state outside it, from a caller's raw call, is never the plugin's failure
        Declaration d = declaration(p.event());
        p.runtime.stateType = d != null ? d.type() : p.stateType;
        return p.runtime;
    }

    // queries

    /** @return owners waiting for their service object (fetched by the engine outside the lock) */
    List<PluginState> waitingForService() {
        return owners.values().stream().filter(p -> p.handler == null && p.handlerProblem == null
                && WAITING_FOR_SERVICE.equals(p.reason)).toList();
    }

    List<PluginState> named() {
        List<PluginState> all = new ArrayList<>(owners.values());
        all.sort(LISTING);
        return all;
    }

    Collection<PluginState> all() {
        return byService.values();
    }

    Optional<List<PluginState>> members(String event) {
        TreeMap<String, PluginState> m = byEvent.get(event);
        return m == null || m.isEmpty() ? Optional.empty() : Optional.of(new ArrayList<>(m.values()));
    }

    Set<String> events() {
        return byEvent.keySet();
    }

    /** Saves every owner's mutable fields, for a verb whose write may be refused. */
    Map<PluginState, PluginState.Saved> save() {
        Map<PluginState, PluginState.Saved> saved = new HashMap<>();
        owners.values().forEach(p -> saved.put(p, p.save()));
        return saved;
    }

    /** Puts saved fields back and queues the old records again over the refused ones. */
    void revert(Map<PluginState, PluginState.Saved> saved, ChangeSet cs) {
        for (PluginState p : cs.touched) {
            PluginState.Saved s = saved.get(p);
            if (s != null) {
                p.restore(s);
                if (isOwner(p)) {
                    records.persist(p, true);
                }
            }
        }
    }

    private void warnFailed(PluginState p) {
        log.warn("plugin " + (p.name() == null ? "service-" + p.serviceId : p.name()) + " from " + p.bundle
                + " failed: " + p.invalidReason(), null);
    }
}
