package io.hookline.core.internal;

import io.hookline.event.CallOptions;
import io.hookline.event.ChainDTO;
import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.EventHealthDTO;
import io.hookline.event.PluginAdmin;
import io.hookline.event.PluginDTO;
import io.hookline.event.PluginStatus;
import io.hookline.event.Result;
import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The event engine: plugin registry, chain builder, dispatcher and admin, as plain Java.
 *
 * <p>What: registrations come in (from the OSGi whiteboard in {@link WhiteboardDispatcher}, or
 * directly in unit tests and benchmarks); each one is validated, checked for cycles, given its
 * durable record, and its status cascaded through its dependents across events; every event whose
 * membership or order changed gets a new immutable {@link ChainSnapshot}. Why plain Java: the rules
 * (ordering, cycles, cascade, breaker, options) are tested in milliseconds without a framework.
 * Threading: registry changes and admin verbs are serialised on one lock and may write the store;
 * calls take no lock, read one volatile chain field and never touch the store; health probes run
 * on {@link HealthProber}'s executor, outside the lock.
 */
public class HooklineEngine implements Dispatcher, PluginAdmin, AutoCloseable {

    /** The store collection holding one record per plugin name. */
    public static final String COLLECTION = "plugins";

    private static final System.Logger LOG = System.getLogger(HooklineEngine.class.getName());
    private static final Comparator<PluginState> BY_PRIORITY_NAME =
            Comparator.comparingInt((PluginState p) -> p.priority).thenComparing(p -> p.name);
    private static final Comparator<PluginState> LISTING = Comparator.comparing((PluginState p) -> p.event)
            .thenComparing(p -> p.name).thenComparingLong(p -> p.serviceId);

    private final RecordStore store;
    private volatile EngineSettings settings;
    private final PluginRuntime.BreakerPolicy breakerPolicy = new PluginRuntime.BreakerPolicy() {
        @Override
        public int threshold() {
            return settings.breakerThreshold();
        }

        @Override
        public long cooldownNanos() {
            return settings.breakerCooldown().toNanos();
        }
    };
    private final HealthProber prober = new HealthProber();
    private final PluginRecordWriter records;

    private final Object lock = new Object();
    /** Every registration by service id, failed ones included. */
    private final Map<Long, PluginState> byService = new HashMap<>();
    /** The registration owning each plugin name. */
    private final Map<String, PluginState> byName = new HashMap<>();
    /** Named plugins per event, in name order. */
    private final Map<String, TreeMap<String, PluginState>> byEvent = new HashMap<>();
    /** For each plugin name, the names of the plugins depending on it (registered or not). */
    private final Map<String, Set<String>> dependents = new HashMap<>();
    /** Services an operator unregistered: ignored until they are registered anew. */
    private final Set<Long> ignored = new HashSet<>();
    /** Published chains, read by calls; holds events with plugins, and events pinned by handles. */
    private final ConcurrentHashMap<String, EventSlot> slots = new ConcurrentHashMap<>();

    /**
     * @param store where plugin records live
     * @param settings breaker and health settings
     */
    public HooklineEngine(RecordStore store, EngineSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.records = new PluginRecordWriter(store, COLLECTION);
    }

    /** @param settings new breaker and health settings, effective for the next failure or probe */
    public void updateSettings(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Blocks until every plugin record queued so far is in the store (benchmarks, tests). */
    public void flushRecords() {
        records.flush();
    }

    /** Writes pending records, stops the health executor and empties every chain. */
    @Override
    public void close() {
        records.close();
        prober.close();
        synchronized (lock) {
            slots.values().forEach(s -> s.chain = ChainSnapshot.EMPTY);
        }
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers (or, for a known service id, re-registers) a handler. Never throws for bad
     * metadata: the plugin is listed {@link PluginStatus#FAILED} with a reason instead.
     *
     * @param serviceId the handler's service id, unique per registration
     * @param properties its service properties
     * @param bundle symbolic name of the registering bundle
     * @param bundleId id of the registering bundle
     * @param handler fetches the handler object; called once, when the plugin first becomes active
     */
    public void register(long serviceId, Map<String, ?> properties, String bundle, long bundleId,
            Supplier<? extends EventHandler<?>> handler) {
        synchronized (lock) {
            if (byService.containsKey(serviceId)) {
                removeService(serviceId);
            }
            ignored.remove(serviceId);
            registerLocked(serviceId, Map.copyOf(properties), bundle, bundleId, handler);
        }
    }

    /**
     * Removes a registration (the service went away). The plugin's record, its id and its stopped
     * switch are kept for its return; dependents are held.
     *
     * @param serviceId the handler's service id
     */
    public void unregister(long serviceId) {
        synchronized (lock) {
            ignored.remove(serviceId);
            removeService(serviceId);
        }
    }

    private void registerLocked(long serviceId, Map<String, ?> props, String bundle, long bundleId,
            Supplier<? extends EventHandler<?>> handler) {
        List<String> problems = new ArrayList<>();
        String name = firstNonEmpty(props.get(EventHandler.PLUGIN), props.get(EventHandler.PLUGIN_NAME_ALIAS),
                props.get("component.name"));
        if (name == null) {
            problems.add("no plugin name: set service property " + EventHandler.PLUGIN);
            name = "service-" + serviceId;
        }
        Object rawEvent = props.get(EventHandler.EVENT);
        String event = rawEvent instanceof String s ? s.strip() : "";
        if (rawEvent == null || event.isEmpty()) {
            problems.add(rawEvent == null || rawEvent instanceof String
                    ? "missing service property " + EventHandler.EVENT
                    : EventHandler.EVENT + " must be a String, was " + rawEvent.getClass().getSimpleName());
        }
        int priority = EventHandler.DEFAULT_PRIORITY;
        Object rawPriority = props.get(EventHandler.PRIORITY);
        if (rawPriority != null) {
            try {
                priority = rawPriority instanceof Number n ? n.intValue() : Integer.parseInt(rawPriority.toString().strip());
                if (priority < 0 || priority > 100) {
                    problems.add(EventHandler.PRIORITY + " " + priority + " is outside 0..100");
                }
            } catch (NumberFormatException e) {
                problems.add(EventHandler.PRIORITY + " '" + rawPriority + "' is not an integer");
                priority = EventHandler.DEFAULT_PRIORITY;
            }
        }
        List<String> depends = stringList(props.get(EventHandler.DEPENDS));

        PluginState p = new PluginState(serviceId, bundle, bundleId, props, name, event, priority, depends, handler);
        byService.put(serviceId, p);
        PluginState owner = byName.get(name);
        if (owner != null) {
            // not named: the owner keeps the name, its record and its chain place
            fail(p, "duplicate plugin name '" + name + "': already registered by bundle " + owner.bundle
                    + " (service " + owner.serviceId + ")");
            return;
        }
        if (problems.isEmpty()) {
            List<String> cycle = findCycle(name, depends);
            if (cycle != null) {
                problems.add("dependency cycle: " + String.join(" -> ", cycle));
            }
        }
        if (!problems.isEmpty()) {
            fail(p, String.join("; ", problems));
        }
        byName.put(name, p);
        if (!event.isEmpty()) {
            byEvent.computeIfAbsent(event, e -> new TreeMap<>()).put(name, p);
        }
        for (String d : depends) {
            dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(name);
        }
        PluginRecordWriter.Pending queued = records.pending(name);
        if (queued != null) {
            if (queued.fields() != null) {
                restore(p, queued.id(), queued.insertedAt(), queued.updatedAt(), queued.fields());
            }
        } else {
            readRecord(name).ifPresent(r -> restore(p, r.id(), r.createdAt(), r.updatedAt(), r.fields()));
        }
        if (p.valid()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "registered plugin " + p.name + " on " + p.event);
        } else {
            LOG.log(System.Logger.Level.WARNING, () -> "plugin " + p.name + " from " + p.bundle + " failed: " + p.reason);
        }
        cascade(List.of(p), Set.of());
    }

    /** Gives a registration its durable identity and operator switches back. */
    private static void restore(PluginState p, String id, long insertedAt, long updatedAt, Map<String, String> fields) {
        p.id = id;
        p.insertedAt = insertedAt;
        p.updatedAt = updatedAt;
        p.stopped = Boolean.parseBoolean(fields.get("stopped"));
        p.started = Boolean.parseBoolean(fields.get("started"));
        p.persisted = fields;
    }

    private static void fail(PluginState p, String reason) {
        p.invalidReason = reason;
        p.status = PluginStatus.FAILED;
        p.reason = reason;
    }

    private void removeService(long serviceId) {
        PluginState p = byService.remove(serviceId);
        if (p == null || byName.get(p.name) != p) {
            return;
        }
        detach(p);
        cascade(dependentsOf(List.of(p.name)), Set.of(p.event));
        promoteWaitingDuplicate(p.name);
    }

    /** Removes a named plugin from the indexes (not from byService). */
    private void detach(PluginState p) {
        byName.remove(p.name);
        if (p.runtime != null) {
            p.runtime.reset();
        }
        TreeMap<String, PluginState> members = byEvent.get(p.event);
        if (members != null) {
            members.remove(p.name);
            if (members.isEmpty()) {
                byEvent.remove(p.event);
            }
        }
        for (String d : p.depends) {
            Set<String> ds = dependents.get(d);
            if (ds != null) {
                ds.remove(p.name);
                if (ds.isEmpty()) {
                    dependents.remove(d);
                }
            }
        }
    }

    /**
     * When a name is freed, the oldest registration that failed as its duplicate gets another
     * chance. Called once the owner has left byService and byName, so every registration still
     * carrying the name is such a duplicate.
     */
    private void promoteWaitingDuplicate(String name) {
        byService.values().stream()
                .filter(q -> q.name.equals(name))
                .min(Comparator.comparingLong(q -> q.serviceId))
                .ifPresent(q -> {
                    byService.remove(q.serviceId);
                    registerLocked(q.serviceId, q.properties, q.bundle, q.bundleId, q.source);
                });
    }

    /** @return the dependency path closing a cycle through {@code name}, or null */
    private List<String> findCycle(String name, List<String> depends) {
        Deque<String> path = new ArrayDeque<>();
        path.add(name);
        Set<String> seen = new HashSet<>();
        for (String d : depends) {
            if (walkForCycle(name, d, path, seen)) {
                return new ArrayList<>(path);
            }
        }
        return null;
    }

    private boolean walkForCycle(String target, String current, Deque<String> path, Set<String> seen) {
        path.addLast(current);
        if (current.equals(target)) {
            return true;
        }
        if (seen.add(current)) {
            PluginState p = byName.get(current);
            if (p != null && p.valid()) {
                for (String d : p.depends) {
                    if (walkForCycle(target, d, path, seen)) {
                        return true;
                    }
                }
            }
        }
        path.removeLast();
        return false;
    }

    // ---------------------------------------------------------------- cascade and chains

    private Collection<PluginState> dependentsOf(Collection<String> names) {
        List<PluginState> out = new ArrayList<>();
        for (String n : names) {
            for (String d : dependents.getOrDefault(n, Set.of())) {
                PluginState dp = byName.get(d);
                if (dp != null) {
                    out.add(dp);
                }
            }
        }
        return out;
    }

    /**
     * Recomputes the status of {@code changed} and of everything depending on them, transitively and
     * across events; persists what changed and rebuilds each affected event's chain once.
     *
     * @param changed plugins whose own state changed
     * @param extraEvents events to rebuild even if no status there changed (a removal)
     */
    private void cascade(Collection<PluginState> changed, Set<String> extraEvents) {
        Set<String> affected = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        changed.forEach(p -> queue.add(p.name));
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (affected.add(n)) {
                queue.addAll(dependents.getOrDefault(n, Set.of()));
            }
        }
        Set<String> dirtyEvents = new TreeSet<>(extraEvents);
        changed.forEach(p -> dirtyEvents.add(p.event));
        Set<String> done = new HashSet<>();
        for (String n : affected) {
            PluginState p = byName.get(n);
            if (p != null) {
                evaluate(p, affected, done, new HashSet<>(), dirtyEvents);
            }
        }
        for (PluginState p : changed) {
            if (byName.get(p.name) == p) {
                persist(p);
            }
        }
        dirtyEvents.remove("");
        dirtyEvents.forEach(this::rebuild);
    }

    private void evaluate(PluginState p, Set<String> affected, Set<String> done, Set<String> visiting,
            Set<String> dirtyEvents) {
        if (done.contains(p.name)) {
            return;
        }
        visiting.add(p.name);
        PluginStatus status;
        String reason = "";
        if (!p.valid()) {
            status = PluginStatus.FAILED;
            reason = p.invalidReason;
        } else if (p.stopped) {
            status = PluginStatus.STOPPED;
            reason = "stopped by operator";
        } else {
            status = p.started ? PluginStatus.STARTED : PluginStatus.REGISTERED;
            for (String d : p.depends) {
                PluginState dp = byName.get(d);
                if (dp == null) {
                    status = PluginStatus.HELD;
                    reason = "dependency '" + d + "' is not registered";
                    break;
                }
                if (affected.contains(d) && !done.contains(d) && !visiting.contains(d)) {
                    evaluate(dp, affected, done, visiting, dirtyEvents);
                }
                if (!dp.status.isActive()) {
                    status = PluginStatus.HELD;
                    reason = "dependency '" + d + "' is " + dp.status.name().toLowerCase(java.util.Locale.ROOT);
                    break;
                }
            }
            if (status.isActive() && p.handler == null) {
                try {
                    p.handler = p.source.get();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "plugin " + p.name + ": getting the handler service failed", e);
                }
                if (p.handler == null) {
                    status = PluginStatus.FAILED;
                    reason = "the handler service object could not be obtained from bundle " + p.bundle;
                }
            }
        }
        visiting.remove(p.name);
        done.add(p.name);
        if (status != p.status || !reason.equals(p.reason)) {
            boolean membershipChanged = status.isActive() != p.status.isActive();
            p.status = status;
            p.reason = reason;
            if (membershipChanged) {
                dirtyEvents.add(p.event);
            }
            persist(p);
        }
    }

    /** Builds and publishes one event's chain from its active plugins. */
    private void rebuild(String event) {
        TreeMap<String, PluginState> members = byEvent.get(event);
        if (members == null || members.isEmpty()) {
            EventSlot slot = slots.get(event);
            if (slot != null) {
                slot.chain = ChainSnapshot.EMPTY;
                if (!slot.pinned) {
                    slots.remove(event);
                }
            }
            return;
        }
        List<PluginState> order = runOrder(members.values());
        EventSlot slot = slots.computeIfAbsent(event, EventSlot::new);
        EventHandler<?>[] handlers = new EventHandler<?>[order.size()];
        PluginRuntime[] runtimes = new PluginRuntime[order.size()];
        for (int i = 0; i < handlers.length; i++) {
            PluginState p = order.get(i);
            if (p.runtime == null) {
                p.runtime = new PluginRuntime(p.name, p.event, p.bundle, breakerPolicy, slot);
            }
            handlers[i] = p.handler;
            runtimes[i] = p.runtime;
        }
        slot.chain = new ChainSnapshot(handlers, runtimes);
    }

    /** Active plugins in run order: same-event dependencies first, otherwise (priority, name). */
    private static List<PluginState> runOrder(Collection<PluginState> members) {
        Map<String, PluginState> active = new HashMap<>();
        for (PluginState p : members) {
            if (p.status.isActive()) {
                active.put(p.name, p);
            }
        }
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<PluginState>> unlocks = new HashMap<>();
        PriorityQueue<PluginState> ready = new PriorityQueue<>(BY_PRIORITY_NAME);
        for (PluginState p : active.values()) {
            int count = 0;
            for (String d : p.depends) {
                if (active.containsKey(d)) {
                    count++;
                    unlocks.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                }
            }
            pending.put(p.name, count);
            if (count == 0) {
                ready.add(p);
            }
        }
        List<PluginState> order = new ArrayList<>(active.size());
        while (!ready.isEmpty()) {
            PluginState p = ready.poll();
            order.add(p);
            for (PluginState q : unlocks.getOrDefault(p.name, List.of())) {
                if (pending.merge(q.name, -1, Integer::sum) == 0) {
                    ready.add(q);
                }
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- records

    private Optional<StoredRecord> readRecord(String name) {
        try {
            return store.get(COLLECTION, name);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reading the record of plugin " + name + " failed", e);
            return Optional.empty();
        }
    }

    private void persist(PluginState p) {
        if (byName.get(p.name) != p) {
            return;
        }
        Map<String, String> fields = Map.of(
                "event", p.event,
                "priority", Integer.toString(p.priority),
                "depends", String.join(",", p.depends),
                "status", p.status.name(),
                "reason", p.reason,
                "bundle", p.bundle == null ? "" : p.bundle,
                "stopped", Boolean.toString(p.stopped),
                "started", Boolean.toString(p.started));
        if (fields.equals(p.persisted)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (p.id.isEmpty()) {
            p.id = UUID.randomUUID().toString();
            p.insertedAt = now;
        }
        p.updatedAt = now;
        p.persisted = fields;
        records.put(p.name, p.id, fields, p.insertedAt, now);
    }

    // ---------------------------------------------------------------- Dispatcher

    @Override
    public <T> Result<T> call(String event, T input) {
        EventSlot slot = slots.get(Objects.requireNonNull(event, "event"));
        return slot == null ? Result.of(input, null) : ChainRunner.run(slot, input, null);
    }

    @Override
    public <T> Result<T> call(String event, T input, CallOptions options) {
        Objects.requireNonNull(options, "options");
        EventSlot slot = slots.get(Objects.requireNonNull(event, "event"));
        return slot == null ? Result.of(input, null, null, options.privateData(), false)
                : ChainRunner.run(slot.chain, input, null, options);
    }

    @Override
    public <T> EventHandle<T> event(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name must not be empty");
        }
        EventSlot slot;
        synchronized (lock) {
            slot = slots.computeIfAbsent(name, EventSlot::new);
            slot.pinned = true;
        }
        return new EventHandleImpl<>(slot, type);
    }

    /** The hot-path handle: one volatile read of its slot's chain per call. */
    private static final class EventHandleImpl<T> implements EventHandle<T> {
        private final EventSlot slot;
        private final Class<T> type;
        /** The type replies are checked against; null for Object, which every value is. */
        private final Class<?> checkedType;

        EventHandleImpl(EventSlot slot, Class<T> type) {
            this.slot = slot;
            this.type = type;
            this.checkedType = type == Object.class ? null : type;
        }

        @Override
        public String name() {
            return slot.event;
        }

        @Override
        public Class<T> type() {
            return type;
        }

        @Override
        public Result<T> call(T input) {
            return ChainRunner.run(slot, input, checkedType);
        }

        @Override
        public Result<T> call(T input, CallOptions options) {
            return ChainRunner.run(slot.chain, input, checkedType, Objects.requireNonNull(options, "options"));
        }

        @Override
        public String toString() {
            return "EventHandle[" + slot.event + ", " + type.getName() + "]";
        }
    }

    /** @return the published chain of an event, or null (for tests: which chains a change rebuilt) */
    ChainSnapshot snapshot(String event) {
        EventSlot slot = slots.get(event);
        return slot == null ? null : slot.chain;
    }

    /** @return how many plugins of an event are on a failure streak (for tests: the lean path's gate) */
    int failingPlugins(String event) {
        EventSlot slot = slots.get(event);
        return slot == null ? 0 : slot.failing;
    }

    /** @return the number of events with a published slot (for tests: unknown events leave none) */
    int slotCount() {
        return slots.size();
    }

    // ---------------------------------------------------------------- PluginAdmin: verbs

    private PluginState require(String plugin) {
        Objects.requireNonNull(plugin, "plugin");
        PluginState p = byName.get(plugin);
        if (p == null) {
            throw new IllegalArgumentException("unknown plugin '" + plugin + "'");
        }
        return p;
    }

    private List<PluginState> requireEvent(String event) {
        Objects.requireNonNull(event, "event");
        TreeMap<String, PluginState> members = byEvent.get(event);
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("unknown event '" + event + "': no plugin is attached to it");
        }
        return new ArrayList<>(members.values());
    }

    private void checkRunnable(PluginState p, String verb) {
        if (!p.valid()) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name + "': it failed registration: "
                    + p.invalidReason);
        }
        if (p.stopped) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name
                    + "': it is stopped; use enable to start it again");
        }
        if (p.status == PluginStatus.HELD) {
            throw new IllegalStateException("cannot " + verb + " plugin '" + p.name + "': it is held: " + p.reason);
        }
    }

    private static boolean runnable(PluginState p) {
        return p.valid() && !p.stopped && p.status != PluginStatus.HELD;
    }

    /** An operator verb: change, cascade, and make it durable before answering. */
    private List<PluginDTO> apply(List<PluginState> targets, Consumer<PluginState> change) {
        targets.forEach(change);
        cascade(targets, Set.of());
        records.flush();
        return targets.stream().map(PluginState::toDTO).toList();
    }

    private static void markStarted(PluginState p) {
        p.started = true;
    }

    private static void markRestarted(PluginState p) {
        p.started = true;
        if (p.runtime != null) {
            p.runtime.reset();
        }
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

    @Override
    public PluginDTO start(String plugin) {
        synchronized (lock) {
            PluginState p = require(plugin);
            checkRunnable(p, "start");
            return apply(List.of(p), HooklineEngine::markStarted).get(0);
        }
    }

    @Override
    public PluginDTO restart(String plugin) {
        synchronized (lock) {
            PluginState p = require(plugin);
            checkRunnable(p, "restart");
            return apply(List.of(p), HooklineEngine::markRestarted).get(0);
        }
    }

    @Override
    public PluginDTO stop(String plugin) {
        synchronized (lock) {
            return apply(List.of(require(plugin)), HooklineEngine::markStopped).get(0);
        }
    }

    @Override
    public PluginDTO enable(String plugin) {
        synchronized (lock) {
            PluginState p = require(plugin);
            if (!p.valid()) {
                throw new IllegalStateException("cannot enable plugin '" + p.name + "': it failed registration: "
                        + p.invalidReason);
            }
            return apply(List.of(p), HooklineEngine::markEnabled).get(0);
        }
    }

    @Override
    public PluginDTO unregister(String plugin) {
        synchronized (lock) {
            return unregisterAllOf(List.of(require(plugin))).get(0);
        }
    }

    private List<PluginDTO> unregisterAllOf(List<PluginState> targets) {
        List<PluginDTO> before = targets.stream().map(PluginState::toDTO).toList();
        Set<String> events = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (PluginState p : targets) {
            detach(p);
            byService.remove(p.serviceId);
            ignored.add(p.serviceId);
            events.add(p.event);
            names.add(p.name);
            records.delete(p.name);
        }
        cascade(dependentsOf(names), events);
        names.forEach(this::promoteWaitingDuplicate);
        records.flush();
        return before;
    }

    /**
     * @param serviceId a service id
     * @return true if an operator unregistered that service; the whiteboard then ignores its updates
     */
    public boolean isIgnored(long serviceId) {
        synchronized (lock) {
            return ignored.contains(serviceId);
        }
    }

    @Override
    public List<PluginDTO> startEvent(String event) {
        synchronized (lock) {
            return apply(filter(requireEvent(event), HooklineEngine::runnable), HooklineEngine::markStarted);
        }
    }

    @Override
    public List<PluginDTO> restartEvent(String event) {
        synchronized (lock) {
            return apply(filter(requireEvent(event), HooklineEngine::runnable), HooklineEngine::markRestarted);
        }
    }

    @Override
    public List<PluginDTO> stopEvent(String event) {
        synchronized (lock) {
            return apply(requireEvent(event), HooklineEngine::markStopped);
        }
    }

    @Override
    public List<PluginDTO> enableEvent(String event) {
        synchronized (lock) {
            return apply(filter(requireEvent(event), p -> p.valid() && p.stopped), HooklineEngine::markEnabled);
        }
    }

    @Override
    public List<PluginDTO> unregisterEvent(String event) {
        synchronized (lock) {
            return unregisterAllOf(requireEvent(event));
        }
    }

    private List<PluginState> allNamed() {
        List<PluginState> all = new ArrayList<>(byName.values());
        all.sort(LISTING);
        return all;
    }

    @Override
    public List<PluginDTO> startAll() {
        synchronized (lock) {
            return apply(filter(allNamed(), HooklineEngine::runnable), HooklineEngine::markStarted);
        }
    }

    @Override
    public List<PluginDTO> restartAll() {
        synchronized (lock) {
            return apply(filter(allNamed(), HooklineEngine::runnable), HooklineEngine::markRestarted);
        }
    }

    @Override
    public List<PluginDTO> stopAll() {
        synchronized (lock) {
            return apply(allNamed(), HooklineEngine::markStopped);
        }
    }

    @Override
    public List<PluginDTO> enableAll() {
        synchronized (lock) {
            return apply(filter(allNamed(), p -> p.valid() && p.stopped), HooklineEngine::markEnabled);
        }
    }

    @Override
    public List<PluginDTO> unregisterAll() {
        synchronized (lock) {
            return unregisterAllOf(allNamed());
        }
    }

    private static List<PluginState> filter(List<PluginState> in, Predicate<PluginState> keep) {
        return in.stream().filter(keep).toList();
    }

    // ---------------------------------------------------------------- PluginAdmin: introspection

    @Override
    public List<PluginDTO> plugins() {
        synchronized (lock) {
            return byService.values().stream().sorted(LISTING).map(PluginState::toDTO).toList();
        }
    }

    @Override
    public List<PluginDTO> plugins(String event) {
        Objects.requireNonNull(event, "event");
        synchronized (lock) {
            return byService.values().stream().filter(p -> p.event.equals(event)).sorted(LISTING)
                    .map(PluginState::toDTO).toList();
        }
    }

    @Override
    public Optional<PluginDTO> plugin(String plugin) {
        Objects.requireNonNull(plugin, "plugin");
        synchronized (lock) {
            return Optional.ofNullable(byName.get(plugin)).map(PluginState::toDTO);
        }
    }

    @Override
    public Set<String> events() {
        synchronized (lock) {
            return new TreeSet<>(byEvent.keySet());
        }
    }

    @Override
    public ChainDTO chain(String event) {
        synchronized (lock) {
            List<PluginState> members = requireEvent(event);
            ChainDTO dto = new ChainDTO();
            dto.event = event;
            dto.entries = new ArrayList<>();
            List<PluginState> order = runOrder(members);
            for (int i = 0; i < order.size(); i++) {
                PluginState p = order.get(i);
                List<String> sameEventDeps = p.depends.stream().filter(d -> {
                    PluginState dp = byName.get(d);
                    return dp != null && dp.event.equals(event);
                }).toList();
                String reason = "priority " + p.priority
                        + (sameEventDeps.isEmpty() ? "" : ", after " + String.join(", ", sameEventDeps) + " (dependency)");
                dto.entries.add(entry(i + 1, p, reason));
            }
            for (PluginState p : members) {
                if (!p.status.isActive()) {
                    dto.entries.add(entry(0, p, p.status.name().toLowerCase(java.util.Locale.ROOT) + ": " + p.reason));
                }
            }
            byService.values().stream().filter(p -> p.event.equals(event) && byName.get(p.name) != p)
                    .sorted(LISTING).forEach(p -> dto.entries.add(entry(0, p, "failed: " + p.reason)));
            return dto;
        }
    }

    private static ChainDTO.Entry entry(int position, PluginState p, String reason) {
        ChainDTO.Entry e = new ChainDTO.Entry();
        e.position = position;
        e.plugin = p.name;
        e.priority = p.priority;
        e.status = p.status;
        e.reason = reason;
        return e;
    }

    @Override
    public EventHealthDTO health(String event) {
        List<HealthProber.Target> targets;
        synchronized (lock) {
            targets = requireEvent(event).stream().map(HooklineEngine::target).toList();
        }
        return prober.probe(event, targets, settings.healthTimeout());
    }

    @Override
    public List<EventHealthDTO> health() {
        Map<String, List<HealthProber.Target>> byEventTargets = new TreeMap<>();
        synchronized (lock) {
            byEvent.forEach((event, members) -> byEventTargets.put(event,
                    members.values().stream().map(HooklineEngine::target).toList()));
        }
        List<EventHealthDTO> out = new ArrayList<>();
        byEventTargets.forEach((event, targets) -> out.add(prober.probe(event, targets, settings.healthTimeout())));
        return out;
    }

    private static HealthProber.Target target(PluginState p) {
        return new HealthProber.Target(p.name, p.event, p.status, p.reason, p.status.isActive() ? p.handler : null,
                p.runtime);
    }

    private static String firstNonEmpty(Object... values) {
        for (Object v : values) {
            if (v instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    private static List<String> stringList(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof String s) {
            out.add(s);
        } else if (raw instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (raw instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
