package io.hookline.core.internal;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The engine's {@link PluginAdmin}: operator verbs and introspection.
 *
 * <p>What: a verb changes switches, cascades, and writes its records through to the store before
 * anything is published; if the store refuses, the in-memory state is put back, the old records
 * are queued again and the verb throws, so an operator is never told STOPPED for a stop that a
 * restart would undo. Threading: verbs and queries take the engine's registry lock; health probes
 * run outside it.
 */
final class EngineAdmin implements PluginAdmin {

    private final HooklineEngine engine;
    private final PluginRegistry registry;

    EngineAdmin(HooklineEngine engine) {
        this.engine = engine;
        this.registry = engine.registry;
    }

    private PluginState require(String plugin) {
        Objects.requireNonNull(plugin, "plugin");
        PluginState p = registry.owner(plugin);
        if (p == null) {
            throw new IllegalArgumentException("unknown plugin '" + plugin + "'");
        }
        return p;
    }

    private List<PluginState> requireEvent(String event) {
        Objects.requireNonNull(event, "event");
        return registry.members(event).orElseThrow(
                () -> new IllegalArgumentException("unknown event '" + event + "': no plugin is attached to it"));
    }

    private static void checkRunnable(PluginState p, String verb) {
        if (!p.valid()) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name() + "': it failed registration: "
                    + p.invalidReason());
        }
        if (p.stopped) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name()
                    + "': it is stopped; use enable to start it again");
        }
        if (p.status == PluginStatus.HELD) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name() + "': it is held: " + p.reason);
        }
    }

    private static boolean runnable(PluginState p) {
        return p.valid() && !p.stopped && p.status != PluginStatus.HELD;
    }

    /** An operator verb: change, cascade, make it durable, then publish; all or nothing. */
    private List<PluginDTO> apply(String verb, List<PluginState> targets, Consumer<PluginState> change,
            Consumer<PluginState> afterDurable) {
        OperatorGuard.check(verb);
        List<PluginState> waiting;
        List<PluginState> live;
        synchronized (engine.lock) {
            // targets were chosen under an earlier hold of the lock: keep those still registered
            live = targets.stream().filter(registry::isOwner).toList();
            if (live.isEmpty() && targets.size() == 1) {
                throw new IllegalArgumentException("unknown plugin '" + targets.get(0).name() + "'");
            }
            Map<PluginState, PluginState.Saved> saved = registry.save();
            ChangeSet cs = new ChangeSet();
            List<String> names = new ArrayList<>();
            for (PluginState p : live) {
                change.accept(p);
                cs.touch(p);
                names.add(p.name());
            }
            registry.cascade(names, cs);
            List<PluginSwitches.Change> switched = switchChanges(live, saved, false);
            try {
                // first: a refusal (a full disk, the cluster's minority guard) leaves nothing to undo
                engine.records.switches().write(switched);
            } catch (RuntimeException e) {
                registry.revert(saved, cs);
                throw new IllegalStateException("cannot " + verb + " " + describe(live) + ": " + e.getMessage()
                        + "; nothing was changed", e);
            }
            registry.persist(cs);
            try {
                engine.records.flush();
            } catch (PluginRecordWriter.RecordWriteException e) {
                registry.revert(saved, cs);
                undo(switched);
                throw new IllegalStateException("cannot " + verb + " " + describe(live) + ": " + e.getMessage()
                        + "; nothing was changed", e);
            }
            live.forEach(afterDurable);
            registry.publish(cs);
            waiting = registry.waitingForService();
        }
        engine.fetchWaiting(waiting);
        synchronized (engine.lock) {
            return live.stream().map(PluginState::toDTO).toList();
        }
    }

    /**
     * The switch records a verb must write: those whose value differs from before the verb, or,
     * for an unregister, all of them reset with {@link PluginSwitches#UNREGISTERED} set.
     */
    private static List<PluginSwitches.Change> switchChanges(List<PluginState> live,
            Map<PluginState, PluginState.Saved> saved, boolean unregister) {
        List<PluginSwitches.Change> out = new ArrayList<>();
        for (PluginState p : live) {
            PluginState.Saved before = saved.get(p);
            if (unregister) {
                out.add(new PluginSwitches.Change(p.name(), PluginSwitches.STOPPED, false));
                out.add(new PluginSwitches.Change(p.name(), PluginSwitches.STARTED, false));
                out.add(new PluginSwitches.Change(p.name(), PluginSwitches.UNREGISTERED, true));
                continue;
            }
            if (before == null || before.stopped() != p.stopped) {
                out.add(new PluginSwitches.Change(p.name(), PluginSwitches.STOPPED, p.stopped));
            }
            if (before == null || before.started() != p.started) {
                out.add(new PluginSwitches.Change(p.name(), PluginSwitches.STARTED, p.started));
            }
        }
        return out;
    }

    /** Best effort after a later write failed: the switches as they were before the verb. */
    private void undo(List<PluginSwitches.Change> written) {
        try {
            engine.records.switches().write(written.stream()
                    .map(c -> new PluginSwitches.Change(c.plugin(), c.name(), !c.on())).toList());
        } catch (RuntimeException e) {
            // the same store just refused: the plugin records' retry, and the next verb, put it right
        }
    }

    private static String describe(List<PluginState> targets) {
        return targets.size() == 1 ? "plugin '" + targets.get(0).name() + "'" : targets.size() + " plugins";
    }

    private static void markStarted(PluginState p) {
        p.started = true;
    }

    private static void markStopped(PluginState p) {
        p.stopped = true;
    }

    private static void markEnabled(PluginState p) {
        if (p.stopped) {
            p.stopped = false;
            p.started = true;
        }
    }

    private static void resetBreaker(PluginState p) {
        if (p.runtime != null) {
            p.runtime.reset();
        }
    }

    private static void nothing(PluginState p) {
        // no effect once durable
    }

    private List<PluginDTO> verb(String verb, Predicate<PluginState> check, Consumer<PluginState> change,
            Consumer<PluginState> after, List<PluginState> targets) {
        return apply(verb, targets.stream().filter(check).toList(), change, after);
    }

    private PluginDTO one(String verb, String plugin, Consumer<PluginState> check, Consumer<PluginState> change,
            Consumer<PluginState> after) {
        OperatorGuard.check(verb);
        PluginState p;
        synchronized (engine.lock) {
            p = require(plugin);
            check.accept(p);
        }
        return apply(verb, List.of(p), change, after).get(0);
    }

    @Override
    public PluginDTO start(String plugin) {
        return one("start", plugin, p -> checkRunnable(p, "start"), EngineAdmin::markStarted, EngineAdmin::nothing);
    }

    @Override
    public PluginDTO restart(String plugin) {
        return one("restart", plugin, p -> checkRunnable(p, "restart"), EngineAdmin::markStarted,
                EngineAdmin::resetBreaker);
    }

    @Override
    public PluginDTO stop(String plugin) {
        return one("stop", plugin, p -> { }, EngineAdmin::markStopped, EngineAdmin::nothing);
    }

    @Override
    public PluginDTO enable(String plugin) {
        return one("enable", plugin, p -> {
            if (!p.valid()) {
                throw new IllegalStateException("cannot enable plugin '" + p.name() + "': it failed registration: "
                        + p.invalidReason());
            }
        }, EngineAdmin::markEnabled, EngineAdmin::nothing);
    }

    @Override
    public PluginDTO unregister(String plugin) {
        OperatorGuard.check("unregister");
        PluginState p;
        synchronized (engine.lock) {
            List<PluginState> gone = plugin == null || registry.owner(plugin) != null ? List.of()
                    : registry.guardsLeftBy(plugin);
            if (!gone.isEmpty()) {
                // a critical plugin that left: the operator releases every event it left
                ChangeSet cs = new ChangeSet();
                registry.release(plugin, cs);
                try {
                    // durable before it returns: a restart must not bring the block back
                    engine.records.flush();
                } catch (RuntimeException e) {
                    registry.keepGuards(gone, new ChangeSet());
                    throw new IllegalStateException("cannot unregister " + plugin + ": " + e.getMessage()
                            + "; nothing was changed", e);
                }
                registry.publish(cs);
                return gone.get(0).toDTO();
            }
            p = require(plugin);
        }
        return unregisterAllOf(List.of(p)).get(0);
    }

    private List<PluginDTO> unregisterAllOf(List<PluginState> targets) {
        OperatorGuard.check("unregister");
        List<PluginState> waiting;
        List<PluginDTO> before;
        synchronized (engine.lock) {
            List<PluginState> live = targets.stream().filter(registry::isOwner).toList();
            before = live.stream().map(PluginState::toDTO).toList();
            List<PluginSwitches.Change> switched = switchChanges(live, Map.of(), true);
            try {
                engine.records.switches().write(switched);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot unregister " + describe(live) + ": " + e.getMessage()
                        + "; nothing was changed", e);
            }
            live.forEach(p -> engine.records.delete(p.name()));
            try {
                engine.records.flush();
            } catch (PluginRecordWriter.RecordWriteException e) {
                live.forEach(p -> engine.records.persist(p, true));
                List<PluginSwitches.Change> back = new ArrayList<>();
                for (PluginState p : live) {
                    back.add(new PluginSwitches.Change(p.name(), PluginSwitches.STOPPED, p.stopped));
                    back.add(new PluginSwitches.Change(p.name(), PluginSwitches.STARTED, p.started));
                    back.add(new PluginSwitches.Change(p.name(), PluginSwitches.UNREGISTERED, false));
                }
                undo(back.stream().map(c -> new PluginSwitches.Change(c.plugin(), c.name(), !c.on())).toList());
                throw new IllegalStateException("cannot unregister " + describe(live) + ": " + e.getMessage()
                        + "; nothing was changed", e);
            }
            ChangeSet cs = new ChangeSet();
            for (PluginState p : live) {
                registry.remove(p.serviceId, cs, true);
                engine.ignored.add(p.serviceId);
            }
            registry.commit(cs);
            waiting = registry.waitingForService();
        }
        engine.fetchWaiting(waiting);
        return before;
    }

    /**
     * Applies switch records merged from another node, as the verbs that wrote them would, without
     * writing them again (no echo) and without the operator check (the cluster's node made it).
     * The store is re-read under the lock rather than trusting the delivered records: merges and
     * local verbs race, and the store has already decided which write wins. A stop or an enable
     * cascades and republishes like a local one; a merged {@code unregistered} write unregisters
     * this node's registration of the name (ignored until its service registers anew), or
     * releases the events a critical plugin of that name left here. A plugin
     * not registered here picks its switches up when it registers. Restart's breaker reset stays
     * node-local (a breaker is this node's own).
     *
     * @param merged switch records merged from the cluster, in any order
     */
    void applyRemote(List<StoredRecord> merged) {
        PluginSwitches switches = engine.records.switches();
        List<PluginState> waiting;
        synchronized (engine.lock) {
            ChangeSet cs = new ChangeSet();
            Set<String> changed = new java.util.LinkedHashSet<>();
            List<PluginState> unregister = new ArrayList<>();
            for (StoredRecord r : merged) {
                String[] parsed = PluginSwitches.parse(r.key());
                PluginState p = parsed == null ? null : registry.owner(parsed[0]);
                if (parsed != null && parsed[1].equals(PluginSwitches.UNREGISTERED)) {
                    // an event more than a state: act on the write that is still the current one
                    boolean current = switches.record(parsed[0], parsed[1])
                            .filter(now -> now.version().equals(r.version()) && Boolean.parseBoolean(now.field(PluginSwitches.ON)))
                            .isPresent();
                    if (current && p == null) {
                        // a guard that left here: released, as a local unregister would and as the
                        // next restart would (the switch is newer than its record)
                        registry.release(parsed[0], cs);
                    } else if (current && !unregister.contains(p)) {
                        unregister.add(p);
                    }
                    continue;
                }
                if (p == null) {
                    continue;
                }
                boolean stopped = switches.get(p.name(), PluginSwitches.STOPPED);
                boolean started = switches.get(p.name(), PluginSwitches.STARTED);
                if (stopped != p.stopped || started != p.started) {
                    p.stopped = stopped;
                    p.started = started;
                    cs.touch(p);
                    changed.add(p.name());
                }
            }
            registry.cascade(changed, cs);
            for (PluginState p : unregister) {
                if (registry.isOwner(p)) {
                    engine.records.delete(p.name());
                    registry.remove(p.serviceId, cs, true);
                    engine.ignored.add(p.serviceId);
                }
            }
            registry.commit(cs);
            waiting = registry.waitingForService();
        }
        engine.fetchWaiting(waiting);
    }

    private List<PluginState> eventTargets(String event) {
        synchronized (engine.lock) {
            return requireEvent(event);
        }
    }

    private List<PluginState> allTargets() {
        synchronized (engine.lock) {
            return registry.named();
        }
    }

    @Override
    public List<PluginDTO> startEvent(String event) {
        return verb("start", EngineAdmin::runnable, EngineAdmin::markStarted, EngineAdmin::nothing, eventTargets(event));
    }

    @Override
    public List<PluginDTO> restartEvent(String event) {
        return verb("restart", EngineAdmin::runnable, EngineAdmin::markStarted, EngineAdmin::resetBreaker,
                eventTargets(event));
    }

    @Override
    public List<PluginDTO> stopEvent(String event) {
        return verb("stop", p -> true, EngineAdmin::markStopped, EngineAdmin::nothing, eventTargets(event));
    }

    @Override
    public List<PluginDTO> enableEvent(String event) {
        return verb("enable", p -> p.valid() && p.stopped, EngineAdmin::markEnabled, EngineAdmin::nothing,
                eventTargets(event));
    }

    @Override
    public List<PluginDTO> unregisterEvent(String event) {
        return unregisterAllOf(eventTargets(event));
    }

    @Override
    public List<PluginDTO> startAll() {
        return verb("start", EngineAdmin::runnable, EngineAdmin::markStarted, EngineAdmin::nothing, allTargets());
    }

    @Override
    public List<PluginDTO> restartAll() {
        return verb("restart", EngineAdmin::runnable, EngineAdmin::markStarted, EngineAdmin::resetBreaker,
                allTargets());
    }

    @Override
    public List<PluginDTO> stopAll() {
        return verb("stop", p -> true, EngineAdmin::markStopped, EngineAdmin::nothing, allTargets());
    }

    @Override
    public List<PluginDTO> enableAll() {
        return verb("enable", p -> p.valid() && p.stopped, EngineAdmin::markEnabled, EngineAdmin::nothing,
                allTargets());
    }

    @Override
    public List<PluginDTO> unregisterAll() {
        return unregisterAllOf(allTargets());
    }

    // introspection

    @Override
    public List<PluginDTO> plugins() {
        synchronized (engine.lock) {
            return registry.all().stream().sorted(PluginRegistry.LISTING).map(PluginState::toDTO).toList();
        }
    }

    @Override
    public List<PluginDTO> plugins(String event) {
        Objects.requireNonNull(event, "event");
        synchronized (engine.lock) {
            return registry.all().stream().filter(p -> p.event().equals(event)).sorted(PluginRegistry.LISTING)
                    .map(PluginState::toDTO).toList();
        }
    }

    @Override
    public Optional<PluginDTO> plugin(String plugin) {
        Objects.requireNonNull(plugin, "plugin");
        synchronized (engine.lock) {
            return Optional.ofNullable(registry.owner(plugin)).map(PluginState::toDTO);
        }
    }

    @Override
    public Optional<Class<?>> declaredType(String event) {
        Objects.requireNonNull(event, "event");
        synchronized (engine.lock) {
            return Optional.ofNullable(registry.declaration(event)).map(PluginRegistry.Declaration::type);
        }
    }

    @Override
    public Set<String> events() {
        synchronized (engine.lock) {
            return new TreeSet<>(registry.events());
        }
    }

    @Override
    public ChainDTO chain(String event) {
        synchronized (engine.lock) {
            List<PluginState> members = requireEvent(event);
            ChainDTO dto = new ChainDTO();
            dto.event = event;
            PluginRegistry.Declaration declared = registry.declaration(event);
            if (declared != null) {
                dto.type = declared.type().getName();
                dto.description = declared.description();
            }
            dto.entries = new ArrayList<>();
            List<PluginState> order = ChainBuilder.runOrder(members);
            for (int i = 0; i < order.size(); i++) {
                PluginState p = order.get(i);
                List<String> sameEventDeps = p.depends().stream().filter(d -> {
                    PluginState dp = registry.owner(d);
                    return dp != null && dp.event().equals(event);
                }).toList();
                String reason = "priority " + p.priority()
                        + (sameEventDeps.isEmpty() ? "" : ", after " + String.join(", ", sameEventDeps) + " (dependency)")
                        + (p.spec.critical() ? ", critical" : "") + breakerNote(p);
                dto.entries.add(entry(i + 1, p, reason));
            }
            for (PluginState p : members) {
                if (!p.status.isActive()) {
                    dto.entries.add(entry(0, p, p.status.name().toLowerCase(Locale.ROOT) + ": " + p.reason
                            + (p.spec.critical() ? " (critical: calls are refused)" : "")));
                }
            }
            registry.all().stream().filter(p -> p.event().equals(event) && !registry.isOwner(p))
                    .sorted(PluginRegistry.LISTING).forEach(p -> dto.entries.add(entry(0, p, "failed: " + p.reason
                            + (p.spec.critical() && p.name() != null ? " (critical: calls are refused)" : ""))));
            for (PluginState g : registry.absentGuards(event)) {
                dto.entries.add(entry(0, g, "left the event (critical: calls are refused until it is back or"
                        + " hook:unregister " + g.name() + ")"));
            }
            return dto;
        }
    }

    /** "; skipped until 12:00:30 after 5 failures" while the breaker is open, else "". */
    static String breakerNote(PluginState p) {
        PluginRuntime rt = p.runtime;
        if (rt == null || rt.openUntilMillis() == 0) {
            return "";
        }
        return "; skipped until " + PluginRuntime.clock(rt.openUntilMillis()) + " after " + rt.consecutiveFailures()
                + " failures";
    }

    private static ChainDTO.Entry entry(int position, PluginState p, String reason) {
        ChainDTO.Entry e = new ChainDTO.Entry();
        e.position = position;
        e.plugin = p.name() == null ? "service-" + p.serviceId : p.name();
        e.priority = p.priority();
        e.status = p.status;
        e.reason = reason;
        return e;
    }

    @Override
    public EventHealthDTO health(String event) {
        List<HealthProber.Target> targets;
        synchronized (engine.lock) {
            targets = requireEvent(event).stream().map(EngineAdmin::target).toList();
        }
        return engine.prober.probe(event, targets, engine.settings().healthTimeout());
    }

    @Override
    public List<EventHealthDTO> health() {
        Map<String, List<HealthProber.Target>> byEvent = new TreeMap<>();
        synchronized (engine.lock) {
            for (String event : registry.events()) {
                byEvent.put(event, registry.members(event).orElse(List.of()).stream().map(EngineAdmin::target).toList());
            }
        }
        return engine.prober.probeAll(byEvent, engine.settings().healthTimeout());
    }

    private static HealthProber.Target target(PluginState p) {
        return new HealthProber.Target(p.serviceId, p.name(), p.event(), p.status, p.reason,
                p.status.isActive() ? p.handler : null, p.runtime);
    }

    @Override
    public io.hookline.event.admin.EventMetricsDTO metrics(String event) {
        Objects.requireNonNull(event, "event");
        synchronized (engine.lock) {
            EventSlot slot = engine.slots.get(event);
            if (slot == null) {
                throw new IllegalArgumentException("unknown event '" + event + "': no plugin is attached to it");
            }
            return eventMetrics(slot);
        }
    }

    @Override
    public List<io.hookline.event.admin.EventMetricsDTO> metrics() {
        synchronized (engine.lock) {
            List<io.hookline.event.admin.EventMetricsDTO> out = new ArrayList<>();
            engine.slots.all().stream().sorted(java.util.Comparator.comparing(s -> s.event))
                    .forEach(s -> out.add(eventMetrics(s)));
            return out;
        }
    }

    /** Under the lock: the slot's metrics with its plugins' (those with a runtime), chain order first. */
    private io.hookline.event.admin.EventMetricsDTO eventMetrics(EventSlot slot) {
        List<PluginRuntime> runtimes = new ArrayList<>(java.util.Arrays.asList(slot.chain.runtimes));
        for (PluginState p : registry.members(slot.event).orElse(List.of())) {
            if (p.runtime != null && !runtimes.contains(p.runtime)) {
                runtimes.add(p.runtime);
            }
        }
        return MetricsReport.event(slot, runtimes);
    }
}
