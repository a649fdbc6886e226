package io.hookline.core.internal;

import io.hookline.event.CallOptions;
import io.hookline.event.admin.ChainDTO;
import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandle;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.EventType;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.Result;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.RequireHooklineEngine;
import io.hookline.store.RecordStore;
import java.util.HashMap;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.namespace.implementation.ImplementationNamespace;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OSGi face of the engine: a DS component that binds every {@link EventHandler} service
 * (the whiteboard) and provides {@link Dispatcher} and {@link PluginAdmin}.
 *
 * <p>It holds a {@link HooklineEngine} and delegates to it; activation opens the engine,
 * deactivation closes it (handles then throw). Handler references are bound as
 * {@link ServiceReference}s, their properties parsed once, and the service object fetched through
 * {@link ComponentContext#locateService} outside the engine lock. Threading: DS calls
 * bind/updated/unbind from any thread; the engine serialises them.
 */
@Component(service = {Dispatcher.class, PluginAdmin.class},
        configurationPid = {WhiteboardDispatcher.PID, WhiteboardDispatcher.POLICY_PID}, immediate = true,
        reference = @Reference(name = WhiteboardDispatcher.LOG, service = org.osgi.service.log.LoggerFactory.class,
                cardinality = ReferenceCardinality.OPTIONAL))
// two PIDs, so no @Designate (it takes one): each OCD names its PID and bnd designates it.
// The Log Service is looked up, not injected: no signature of this class names its package, which
// is optional (see bnd.bnd).
@Capability(namespace = ImplementationNamespace.IMPLEMENTATION_NAMESPACE,
        name = RequireHooklineEngine.IMPLEMENTATION, version = RequireHooklineEngine.VERSION)
public final class WhiteboardDispatcher implements Dispatcher, PluginAdmin {

    /** Configuration PID. */
    public static final String PID = "io.hookline.core";

    /** Configuration PID of the event access policy. */
    public static final String POLICY_PID = "io.hookline.core.policy";

    /** The event access policy (PID {@value #POLICY_PID}): who may attach plugins to which events. */
    @ObjectClassDefinition(pid = POLICY_PID, name = "Hookline event access policy", description = "Restricts which bundles may attach plugins to which events. No rule: every bundle may attach to every event.")
    public @interface PolicyConfig {
        @AttributeDefinition(name = "Access rules", description = "One rule per entry: event-pattern = bundle-symbolic-name-pattern, ... ('*' matches any characters). An event matched by rules takes plugins only from the bundles they list; a plugin outside them is FAILED naming the rule.")
        String[] access_rules() default {};
    }

    /** Engine configuration. */
    @ObjectClassDefinition(pid = PID, name = "Hookline engine", description = "Failure breaker, health probe and metrics settings of the Hookline event engine.")
    public @interface Config {
        @AttributeDefinition(name = "Breaker threshold", description = "Consecutive failures after which a plugin is skipped for a cool-down.", min = "1")
        int breaker_threshold() default 5;

        @AttributeDefinition(name = "Breaker cool-down (seconds)", description = "How long an open breaker skips a plugin before one trial call.", min = "0")
        long breaker_cooldown_seconds() default 30;

        @AttributeDefinition(name = "Health probe timeout (milliseconds)", description = "How long a plugin health probe may run before it is reported down with 'timeout'.", min = "1")
        long health_timeout_millis() default 1000;

        @AttributeDefinition(name = "Plugin time budget (milliseconds)", description = "A plugin call taking longer counts as a SLOW failure for its breaker (the handler is never interrupted); 0 turns the budget off. A plugin's hookline.budget.millis overrides it.", min = "0")
        long plugin_budget_millis() default 0;

        @AttributeDefinition(name = "Metrics", description = "Sample calls for metrics (calls, halts, latency p50/p99: hook:stats, JMX, web console). Failures, skips and breaker opens are counted exactly either way.")
        boolean metrics_enabled() default true;

        @AttributeDefinition(name = "Metrics sampling rate", description = "One call in this many per event takes the measured walk (handlers timed); calls and halts per plugin are scaled estimates. Lower is more precise and costs the call path more.", min = "1")
        int metrics_sample_every() default EngineSettings.DEFAULT_SAMPLE_EVERY;

        @AttributeDefinition(name = "Metrics latency window", description = "How many most recent timed calls per plugin the latency percentiles cover; applies to plugins registered afterwards.", min = "1", max = "1048576")
        int metrics_window() default EngineSettings.DEFAULT_WINDOW;

        @AttributeDefinition(name = "Compiled chains", description = "Give each chain of 2 to 1024 plugins that is called and stays unchanged for the compile delay code of its own (a hidden class per 16 plugins, with one call site per plugin), which the JIT can specialise per plugin. Off: every call walks the chain's arrays.")
        boolean chains_compiled() default true;

        @AttributeDefinition(name = "Compile delay (milliseconds)", description = "How long a chain must stay published before it is compiled, so chains that change faster keep the array walk.", min = "0")
        long chains_compile_delay_millis() default 1000;
    }

    private static final String HANDLERS = "handlers";
    static final String LOG = "log";

    private final ComponentContext context;
    private final HooklineEngine engine;

    /**
     * @param store the record store for plugin records
     * @param context the component context, used to fetch handler services lazily
     * @param config the engine configuration
     * @param policy the event access policy
     */
    @Activate
    public WhiteboardDispatcher(@Reference RecordStore store, ComponentContext context, Config config,
            PolicyConfig policy) {
        // a logger of this bundle from the Log Service: Karaf's log then names io.hookline.core
        Object loggerFactory = context.locateService(LOG);
        EngineLog log = loggerFactory == null ? EngineLog.system(PID)
                : OsgiEngineLog.of(loggerFactory, context.getBundleContext().getBundle(), PID);
        this.engine = new HooklineEngine(store, settings(config, EngineSettings.DEFAULTS, problem -> log.error(
                "configuration " + PID + ": " + problem + " (the default)", null)), log);
        engine.accessRules(policy.access_rules());
        this.context = context;
    }

    /** The boot settings: an invalid value is replaced by its default, silently (the component logs). */
    static EngineSettings settings(Config config) {
        return settings(config, EngineSettings.DEFAULTS, problem -> { });
    }

    /**
     * @param fallback what an invalid value is replaced by: the defaults at boot, the running value on a change
     * @param problems told each invalid value, naming its key
     */
    static EngineSettings settings(Config config, EngineSettings fallback, java.util.function.Consumer<String> problems) {
        return EngineSettings.configured(config.breaker_threshold(), config.breaker_cooldown_seconds(),
                config.health_timeout_millis(), config.plugin_budget_millis(), config.metrics_enabled(),
                config.metrics_sample_every(), config.metrics_window(), config.chains_compiled(),
                config.chains_compile_delay_millis(), fallback, problems);
    }

    @Modified
    void modified(Config config, PolicyConfig policy) {
        EngineLog log = engine.log();
        engine.updateSettings(settings(config, engine.settings(), problem -> log.error(
                "configuration " + PID + ": " + problem + " (the running value)", null)));
        engine.accessRules(policy.access_rules());
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Reference(name = HANDLERS, service = EventHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindHandler(ServiceReference<EventHandler<?>> ref) {
        Bundle bundle = ref.getBundle();
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        engine.register(id, properties(ref), bundle == null ? "" : bundle.getSymbolicName(),
                bundle == null ? -1 : bundle.getBundleId(), () -> context.locateService(HANDLERS, ref));
    }

    @Reference(name = "types", service = EventType.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindType(EventType<?> type) {
        engine.declare(type);
    }

    void unbindType(EventType<?> type) {
        engine.undeclare(type);
    }

    @Reference(name = "lifecycle", service = LifecycleListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindLifecycle(LifecycleListener l) {
        engine.addLifecycleListener(l);
    }

    void unbindLifecycle(LifecycleListener l) {
        engine.removeLifecycleListener(l);
    }

    void updatedHandler(ServiceReference<EventHandler<?>> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        if (!engine.isIgnored(id)) {
            bindHandler(ref);
        }
    }

    void unbindHandler(ServiceReference<EventHandler<?>> ref) {
        engine.unregister((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            Object value = ref.getProperty(key);
            if (value != null) {
                props.put(key, value);
            }
        }
        return props;
    }

    // Dispatcher and PluginAdmin: the engine's

    @Override
    public <T> Result<T> call(String event, T input) {
        return engine.call(event, input);
    }

    @Override
    public <T> Result<T> call(String event, T input, CallOptions options) {
        return engine.call(event, input, options);
    }

    @Override
    public <T> EventHandle<T> event(String name, Class<T> type) {
        return engine.event(name, type);
    }

    @Override
    public PluginDTO start(String plugin) {
        return engine.start(plugin);
    }

    @Override
    public PluginDTO restart(String plugin) {
        return engine.restart(plugin);
    }

    @Override
    public PluginDTO stop(String plugin) {
        return engine.stop(plugin);
    }

    @Override
    public PluginDTO enable(String plugin) {
        return engine.enable(plugin);
    }

    @Override
    public PluginDTO unregister(String plugin) {
        return engine.unregister(plugin);
    }

    @Override
    public List<PluginDTO> startEvent(String event) {
        return engine.startEvent(event);
    }

    @Override
    public List<PluginDTO> restartEvent(String event) {
        return engine.restartEvent(event);
    }

    @Override
    public List<PluginDTO> stopEvent(String event) {
        return engine.stopEvent(event);
    }

    @Override
    public List<PluginDTO> enableEvent(String event) {
        return engine.enableEvent(event);
    }

    @Override
    public List<PluginDTO> unregisterEvent(String event) {
        return engine.unregisterEvent(event);
    }

    @Override
    public List<PluginDTO> startAll() {
        return engine.startAll();
    }

    @Override
    public List<PluginDTO> restartAll() {
        return engine.restartAll();
    }

    @Override
    public List<PluginDTO> stopAll() {
        return engine.stopAll();
    }

    @Override
    public List<PluginDTO> enableAll() {
        return engine.enableAll();
    }

    @Override
    public List<PluginDTO> unregisterAll() {
        return engine.unregisterAll();
    }

    @Override
    public List<PluginDTO> plugins() {
        return engine.plugins();
    }

    @Override
    public List<PluginDTO> plugins(String event) {
        return engine.plugins(event);
    }

    @Override
    public Optional<PluginDTO> plugin(String plugin) {
        return engine.plugin(plugin);
    }

    @Override
    public Optional<Class<?>> declaredType(String event) {
        return engine.declaredType(event);
    }

    @Override
    public Set<String> events() {
        return engine.events();
    }

    @Override
    public ChainDTO chain(String event) {
        return engine.chain(event);
    }

    @Override
    public EventHealthDTO health(String event) {
        return engine.health(event);
    }

    @Override
    public List<EventHealthDTO> health() {
        return engine.health();
    }

    @Override
    public io.hookline.event.admin.EventMetricsDTO metrics(String event) {
        return engine.metrics(event);
    }

    @Override
    public List<io.hookline.event.admin.EventMetricsDTO> metrics() {
        return engine.metrics();
    }
}
