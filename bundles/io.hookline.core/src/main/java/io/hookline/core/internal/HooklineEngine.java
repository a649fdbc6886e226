package io.hookline.core.internal;

import io.hookline.event.CallOptions;
import io.hookline.event.admin.ChainDTO;
import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.Result;
import io.hookline.store.RecordStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The event engine as plain Java: composes the roles and owns the registry lock.
 *
 * <p>What: {@link PluginSpec} parses a registration, {@link PluginRegistry} ranks names and
 * cascades statuses into a {@link ChangeSet}, {@link ChainBuilder} and {@link SlotPublisher} turn
 * it into published chains, {@link PluginRecords} keeps records, {@link EngineDispatcher} calls,
 * {@link EngineAdmin} serves operators and {@link HealthProber} probes. This class takes
 * registrations in (from {@link WhiteboardDispatcher}, or directly in tests and benchmarks),
 * fetches service objects outside the lock and commits under it. Why plain Java: the rules are
 * tested in milliseconds without a framework. Threading: registry changes and admin verbs are
 * serialised on one lock; no plugin code runs while it is held; calls take no lock.
 */
public class HooklineEngine implements Dispatcher, PluginAdmin, AutoCloseable {

    /** The store collection holding one record per plugin name: this node's view of it, not replicated. */
    public static final String COLLECTION = PluginRecords.COLLECTION;

    /**
     * The store collection of the operators' switches, one record per plugin and switch (key
     * {@code <plugin>/<switch>}, field {@code on}): what the cluster replicates.
     */
    public static final String SWITCHES = PluginSwitches.COLLECTION;

    private final EngineLog log;

    final Object lock = new Object();
    private volatile EngineSettings settings;
    final PluginRecords records;
    /** Compiles each settled, called chain into code of its own (hidden classes). */
    final ChainCompiler compiler;
    final SlotPublisher slots;
    final PluginRegistry registry;
    final HealthProber prober = new HealthProber();
    /** Services an operator unregistered: ignored until they are registered anew. Under the lock. */
    final Set<Long> ignored = new HashSet<>();
    private final EngineDispatcher dispatcher;
    private final EngineAdmin admin;
    /** Switches merged from the cluster, applied on a thread of their own. */
    private final RemoteSwitches remoteSwitches;
    /** Plugin lifecycle changes for {@link LifecycleListener}s, on a thread of their own. */
    final LifecycleEvents lifecycle;

    /**
     * @param store where plugin records live
     * @param settings breaker and health settings
     */
    public HooklineEngine(RecordStore store, EngineSettings settings) {
        this(store, settings, EngineLog.system("io.hookline.core"));
    }

    /**
     * @param store where plugin records live
     * @param settings breaker and health settings
     * @param log where warnings go
     */
    HooklineEngine(RecordStore store, EngineSettings settings, EngineLog log) {
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.compiler = new ChainCompiler(this::settings, log);
        this.slots = new SlotPublisher(compiler);
        this.records = new PluginRecords(Objects.requireNonNull(store, "store"), log);
        this.lifecycle = new LifecycleEvents(log);
        PluginRuntime.BreakerPolicy policy = new PluginRuntime.BreakerPolicy() {
            @Override
            public int threshold() {
                return HooklineEngine.this.settings.breakerThreshold();
            }

            @Override
            public long cooldownNanos() {
                return HooklineEngine.this.settings.breakerCooldown().toNanos();
            }

            @Override
            public void breakerChanged(PluginRuntime runtime, boolean open, int failures, long openUntilMillis,
                    io.hookline.event.Failure last) {
                lifecycle.breaker(runtime, open, failures, openUntilMillis, last);
            }
        };
        this.registry = new PluginRegistry(records, slots, policy, log);
        registry.lifecycle = lifecycle;
        registry.defaultBudget(settings.pluginBudget().toMillis());
        this.dispatcher = new EngineDispatcher(slots, lock);
        slots.metrics(settings);
        this.admin = new EngineAdmin(this);
        this.remoteSwitches = new RemoteSwitches(admin::applyRemote, log);
        records.switches().listen(remoteSwitches::offer);
        synchronized (lock) {
            ChangeSet cs = new ChangeSet();
            registry.rememberGuards(cs);
            registry.publish(cs);
        }
    }

    /** @param settings new breaker and health settings, effective for the next failure or probe */
    public void updateSettings(EngineSettings settings) {
        EngineSettings before = this.settings;
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.metricsEnabled() != slots.metricsConfig.enabled()
                || settings.metricsSampleEvery() != slots.metricsConfig.sampleEvery()
                || settings.metricsWindow() != slots.metricsConfig.window()) {
            slots.metrics(settings);
        }
        // compiled chains turned off: republish, so no call walks code compiled before
        boolean decompile = before.compiledChains() && !settings.compiledChains();
        synchronized (lock) {
            if (registry.defaultBudget(settings.pluginBudget().toMillis()) || decompile) {
                ChangeSet cs = new ChangeSet();
                registry.events().forEach(cs::event);
                registry.publish(cs);
            }
        }
    }

    /**
     * Sets the event access policy: rules "event-pattern = bundle-pattern, ..." ({@code *} is a
     * wildcard); no rules lets every bundle attach to every event.
     *
     * @throws IllegalArgumentException naming a malformed rule; the old policy then stays
     */
    public void accessRules(String[] rules) {
        AccessPolicy next = AccessPolicy.parse(rules);
        synchronized (lock) {
            ChangeSet cs = new ChangeSet();
            registry.policy(next, cs);
            registry.commit(cs);
        }
    }

    /** @param l told of every plugin lifecycle change from now on, on the engine's lifecycle thread */
    public void addLifecycleListener(LifecycleListener l) {
        lifecycle.add(Objects.requireNonNull(l, "listener"));
    }

    /** @param l no longer told */
    public void removeLifecycleListener(LifecycleListener l) {
        lifecycle.remove(l);
    }

    EngineSettings settings() {
        return settings;
    }

    /** @return how many chains were compiled into code of their own so far (benchmarks, tests) */
    public long compiledChains() {
        return compiler.compiledCount();
    }

    /** @return the engine's log, for its component's own messages */
    EngineLog log() {
        return log;
    }

    /** Blocks until every plugin record queued so far is in the store (benchmarks, tests). */
    public void flushRecords() {
        records.flush();
    }

    /**
     * Writes pending records, stops the health executor, and makes every handle throw from now on
     * ({@link EventHandle}'s contract).
     */
    @Override
    public void close() {
        synchronized (lock) {
            slots.close("the Hookline engine was deactivated (its bundle stopped or its configuration went away);"
                    + " get a new handle from the current Dispatcher service");
        }
        compiler.close();
        remoteSwitches.close();
        try {
            records.close();
        } catch (RuntimeException e) {
            log.warn("writing the last plugin records failed: " + e, null);
        }
        prober.close();
        lifecycle.close();
    }

    // registration

    /**
     * Registers (or, for a known service id, updates) a handler. Never throws for bad metadata:
     * the plugin is listed FAILED with a reason instead. An update that keeps name, event,
     * dependencies and criticality keeps the plugin in place with its breaker.
     *
     * @param serviceId the handler's service id, unique per registration
     * @param properties its service properties
     * @param bundle symbolic name of the registering bundle
     * @param bundleId id of the registering bundle
     * @param handler fetches the handler object; called outside the engine lock, once per
     *     registration that can run (valid metadata, not stopped by an operator)
     */
    public void register(long serviceId, Map<String, ?> properties, String bundle, long bundleId,
            Supplier<? extends EventHandler<?>> handler) {
        Map<String, ?> props = Map.copyOf(properties);
        PluginSpec spec = PluginSpec.parse(props);
        boolean fetch;
        synchronized (lock) {
            PluginState existing = registry.byService(serviceId);
            fetch = spec.valid() && (existing == null || existing.handler == null) && !records.isStopped(spec.name());
        }
        // plugin code (a delayed component's activation) runs here, outside the lock
        EventHandler<?> fetched = fetch ? fetch(spec.name(), bundle, handler) : null;
        List<PluginState> waiting;
        synchronized (lock) {
            ChangeSet cs = new ChangeSet();
            ignored.remove(serviceId);
            PluginState existing = registry.byService(serviceId);
            if (existing != null && existing.name() != null && existing.spec.sameShape(spec)) {
                registry.updateInPlace(existing, props, spec, cs);
            } else {
                EventHandler<?> known = existing != null && existing.handler != null ? existing.handler : fetched;
                if (existing != null) {
                    registry.remove(serviceId, cs);
                }
                PluginState p = new PluginState(serviceId, bundle, bundleId, props, spec, handler);
                p.setHandler(known);
                if (known == null && fetch) {
                    p.handlerProblem = "the handler service object could not be obtained from bundle " + bundle;
                }
                registry.add(p, cs);
            }
            registry.commit(cs);
            waiting = registry.waitingForService();
        }
        fetchWaiting(waiting);
    }

    /**
     * Removes a registration (the service went away). The plugin's record, its id and its stopped
     * switch are kept for its return; dependents are held.
     *
     * @param serviceId the handler's service id
     */
    public void unregister(long serviceId) {
        List<PluginState> waiting;
        synchronized (lock) {
            ignored.remove(serviceId);
            ChangeSet cs = new ChangeSet();
            registry.remove(serviceId, cs);
            registry.commit(cs);
            waiting = registry.waitingForService();
        }
        fetchWaiting(waiting);
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

    private EventHandler<?> fetch(String name, String bundle, Supplier<? extends EventHandler<?>> source) {
        try {
            return source.get();
        } catch (RuntimeException e) {
            log.warn("plugin " + name + " from " + bundle + ": getting the handler service failed", e);
            return null;
        }
    }

    /**
     * Fetches, outside the lock, the service objects of plugins that became runnable without one
     * (an operator enabled a plugin registered stopped), then commits each under the lock if its
     * registration is still the same (the generation check).
     */
    void fetchWaiting(List<PluginState> waiting) {
        List<PluginState> next = waiting;
        for (int round = 0; !next.isEmpty() && round < 10; round++) {
            List<EventHandler<?>> got = new ArrayList<>(next.size());
            for (PluginState p : next) {
                got.add(fetch(p.name(), p.bundle, p.source));
            }
            synchronized (lock) {
                ChangeSet cs = new ChangeSet();
                for (int i = 0; i < next.size(); i++) {
                    PluginState p = next.get(i);
                    if (registry.byService(p.serviceId) != p || p.handler != null) {
                        continue;
                    }
                    if (got.get(i) == null) {
                        p.handlerProblem = "the handler service object could not be obtained from bundle " + p.bundle;
                    } else {
                        p.setHandler(got.get(i));
                    }
                    cs.touch(p);
                    registry.checkType(p);
                    if (registry.isOwner(p)) {
                        registry.cascade(List.of(p.name()), cs);
                    }
                }
                registry.commit(cs);
                next = registry.waitingForService();
            }
        }
    }

    /**
     * Declares an event's contract (the whiteboard binds {@link io.hookline.event.EventType}
     * services). Plugins of the event whose state type does not fit become FAILED.
     */
    public void declare(io.hookline.event.EventType<?> type) {
        String name = type.name();
        Class<?> cls = type.type();
        String description = type.description();
        synchronized (lock) {
            ChangeSet cs = new ChangeSet();
            registry.declare(type, name, cls, description, cs);
            registry.commit(cs);
        }
    }

    /** Withdraws a declaration; its plugins are checked against the next one, or against none. */
    public void undeclare(io.hookline.event.EventType<?> type) {
        synchronized (lock) {
            ChangeSet cs = new ChangeSet();
            registry.undeclare(type, cs);
            registry.commit(cs);
        }
    }

    // Dispatcher

    @Override
    public <T> Result<T> call(String event, T input) {
        return dispatcher.call(event, input);
    }

    @Override
    public <T> Result<T> call(String event, T input, CallOptions options) {
        return dispatcher.call(event, input, options);
    }

    @Override
    public <T> EventHandle<T> event(String name, Class<T> type) {
        return dispatcher.event(name, type);
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

    // PluginAdmin

    @Override
    public PluginDTO start(String plugin) {
        return admin.start(plugin);
    }

    @Override
    public PluginDTO restart(String plugin) {
        return admin.restart(plugin);
    }

    @Override
    public PluginDTO stop(String plugin) {
        return admin.stop(plugin);
    }

    @Override
    public PluginDTO enable(String plugin) {
        return admin.enable(plugin);
    }

    @Override
    public PluginDTO unregister(String plugin) {
        return admin.unregister(plugin);
    }

    @Override
    public List<PluginDTO> startEvent(String event) {
        return admin.startEvent(event);
    }

    @Override
    public List<PluginDTO> restartEvent(String event) {
        return admin.restartEvent(event);
    }

    @Override
    public List<PluginDTO> stopEvent(String event) {
        return admin.stopEvent(event);
    }

    @Override
    public List<PluginDTO> enableEvent(String event) {
        return admin.enableEvent(event);
    }

    @Override
    public List<PluginDTO> unregisterEvent(String event) {
        return admin.unregisterEvent(event);
    }

    @Override
    public List<PluginDTO> startAll() {
        return admin.startAll();
    }

    @Override
    public List<PluginDTO> restartAll() {
        return admin.restartAll();
    }

    @Override
    public List<PluginDTO> stopAll() {
        return admin.stopAll();
    }

    @Override
    public List<PluginDTO> enableAll() {
        return admin.enableAll();
    }

    @Override
    public List<PluginDTO> unregisterAll() {
        return admin.unregisterAll();
    }

    @Override
    public List<PluginDTO> plugins() {
        return admin.plugins();
    }

    @Override
    public List<PluginDTO> plugins(String event) {
        return admin.plugins(event);
    }

    @Override
    public Optional<PluginDTO> plugin(String plugin) {
        return admin.plugin(plugin);
    }

    @Override
    public Optional<Class<?>> declaredType(String event) {
        return admin.declaredType(event);
    }

    @Override
    public Set<String> events() {
        return admin.events();
    }

    @Override
    public ChainDTO chain(String event) {
        return admin.chain(event);
    }

    @Override
    public EventHealthDTO health(String event) {
        return admin.health(event);
    }

    @Override
    public List<EventHealthDTO> health() {
        return admin.health();
    }

    @Override
    public io.hookline.event.admin.EventMetricsDTO metrics(String event) {
        return admin.metrics(event);
    }

    @Override
    public List<io.hookline.event.admin.EventMetricsDTO> metrics() {
        return admin.metrics();
    }
}
