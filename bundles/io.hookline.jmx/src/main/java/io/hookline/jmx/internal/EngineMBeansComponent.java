package io.hookline.jmx.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.jmx.EngineMXBean;
import io.hookline.jmx.HooklineMBeans;
import io.hookline.jmx.PluginMXBean;
import io.hookline.store.audit.AuditLog;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.DynamicMBean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Registers the engine's MBean ({@value HooklineMBeans#ENGINE}) and one MBean per plugin
 * ({@code io.hookline:type=Plugin,name=<plugin>}) as whiteboard services, and keeps the plugin
 * MBeans in step with the engine: on activation and on every plugin lifecycle event (Event Admin,
 * {@code io/hookline/plugin/*}, {@code REMOVED} included) it registers the new names and withdraws
 * the names that left. Threading: the constructor and {@link #handleEvent} (Event Admin's delivery
 * thread) may overlap; {@link PluginBeans} serialises them. Immediate: nothing else gets it.
 */
@Component(service = EventHandler.class, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + PluginAdmin.TOPIC_PREFIX + "*")
public final class EngineMBeansComponent implements EventHandler {

    /** How long one probe round serves every reader of the health attributes. */
    private static final long HEALTH_ROUND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PluginAdmin admin;
    private final ServiceRegistration<DynamicMBean> engine;
    private final PluginBeans plugins;
    private volatile AuditLog audit;

    /**
     * @param admin the engine's admin
     * @param context this bundle's context, to register the MBean services
     */
    @Activate
    public EngineMBeansComponent(@Reference PluginAdmin admin, BundleContext context) {
        this.admin = admin;
        OperatorVerbs verbs = new OperatorVerbs(admin, () -> audit, System::currentTimeMillis);
        HealthRound health = new HealthRound(admin::health, System::nanoTime, HEALTH_ROUND_NANOS);
        this.engine = MBeanServices.register(context, HooklineMBeans.ENGINE,
                new EngineBean(admin, verbs, health, System::currentTimeMillis), EngineMXBean.class);
        this.plugins = new PluginBeans(name -> {
            ServiceRegistration<DynamicMBean> r = MBeanServices.register(context,
                    HooklineMBeans.plugin(name).toString(),
                    new PluginBean(name, admin, verbs, System::currentTimeMillis), PluginMXBean.class);
            return () -> MBeanServices.unregisterQuietly(r);
        });
        sync();
    }

    /** @param log where verbs are audited */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAudit(AuditLog log) {
        this.audit = log;
    }

    void unsetAudit(AuditLog log) {
        if (this.audit == log) {
            this.audit = null;
        }
    }

    @Deactivate
    void deactivate() {
        plugins.close();
        MBeanServices.unregisterQuietly(engine);
    }

    @Override
    public void handleEvent(Event event) {
        sync();
    }

    private void sync() {
        List<PluginDTO> known = admin.plugins();
        plugins.sync(known.stream().map(p -> p.name).toList());
    }
}
