package io.hookline.core.internal;

import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandler;
import io.hookline.event.PluginAdmin;
import io.hookline.event.RequireHooklineEngine;
import io.hookline.store.RecordStore;
import java.time.Duration;
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
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OSGi face of the engine: a DS component that binds every {@link EventHandler} service
 * (the whiteboard) and provides {@link Dispatcher} and {@link PluginAdmin}.
 *
 * <p>Why a subclass: the engine's call path stays a direct method of the service object, with no
 * delegation hop. Handler references are bound as {@link ServiceReference}s, their properties
 * parsed once, and the service object fetched lazily through {@link ComponentContext#locateService}
 * when the plugin first joins a chain. Threading: DS calls bind/updated/unbind from any thread;
 * the engine serialises them.
 */
@Component(service = {Dispatcher.class, PluginAdmin.class}, configurationPid = WhiteboardDispatcher.PID,
        immediate = true)
@Designate(ocd = WhiteboardDispatcher.Config.class)
@Capability(namespace = ImplementationNamespace.IMPLEMENTATION_NAMESPACE,
        name = RequireHooklineEngine.IMPLEMENTATION, version = RequireHooklineEngine.VERSION)
public final class WhiteboardDispatcher extends HooklineEngine {

    /** Configuration PID. */
    public static final String PID = "io.hookline.core";

    /** Engine configuration. */
    @ObjectClassDefinition(name = "Hookline engine", description = "Failure breaker and health probe settings of the Hookline event engine.")
    public @interface Config {
        @AttributeDefinition(name = "Breaker threshold", description = "Consecutive failures after which a plugin is skipped for a cool-down.", min = "1")
        int breaker_threshold() default 5;

        @AttributeDefinition(name = "Breaker cool-down (seconds)", description = "How long an open breaker skips a plugin before one trial call.", min = "0")
        long breaker_cooldown_seconds() default 30;

        @AttributeDefinition(name = "Health probe timeout (milliseconds)", description = "How long a plugin health probe may run before it is reported down with 'timeout'.", min = "1")
        long health_timeout_millis() default 1000;
    }

    private static final String HANDLERS = "handlers";

    private final ComponentContext context;

    /**
     * @param store the record store for plugin records
     * @param context the component context, used to fetch handler services lazily
     * @param config the engine configuration
     */
    @Activate
    public WhiteboardDispatcher(@Reference RecordStore store, ComponentContext context, Config config) {
        super(store, settings(config));
        this.context = context;
    }

    static EngineSettings settings(Config config) {
        return new EngineSettings(config.breaker_threshold(), Duration.ofSeconds(config.breaker_cooldown_seconds()),
                Duration.ofMillis(config.health_timeout_millis()));
    }

    @Modified
    void modified(Config config) {
        updateSettings(settings(config));
    }

    @Deactivate
    void deactivate() {
        close();
    }

    @Reference(name = HANDLERS, service = EventHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindHandler(ServiceReference<EventHandler<?>> ref) {
        Bundle bundle = ref.getBundle();
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        register(id, properties(ref), bundle == null ? "" : bundle.getSymbolicName(),
                bundle == null ? -1 : bundle.getBundleId(), () -> context.locateService(HANDLERS, ref));
    }

    void updatedHandler(ServiceReference<EventHandler<?>> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        if (!isIgnored(id)) {
            bindHandler(ref);
        }
    }

    void unbindHandler(ServiceReference<EventHandler<?>> ref) {
        unregister((Long) ref.getProperty(Constants.SERVICE_ID));
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
}
