package io.hookline.jmx.internal;

import io.hookline.cluster.ClusterRuntime;
import io.hookline.jmx.ClusterMXBean;
import io.hookline.jmx.HooklineMBeans;
import io.hookline.store.audit.AuditLog;
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

/**
 * Registers the cluster's MBean ({@value HooklineMBeans#CLUSTER}) while a {@link ClusterRuntime}
 * runs, that is while this node is connected to its cluster. A component of its own so that the
 * cluster stays optional: without it this component is unsatisfied and its classes, the only ones
 * naming the cluster's package, are never loaded. Threading: activation, deactivation and the
 * audit reference's (any thread) only.
 */
@Component(service = {}, immediate = true)
public final class ClusterMBeanComponent {

    private final ServiceRegistration<DynamicMBean> registration;
    private volatile AuditLog audit;

    /**
     * @param cluster the running node
     * @param context this bundle's context, to register the MBean service
     */
    @Activate
    public ClusterMBeanComponent(@Reference ClusterRuntime cluster, BundleContext context) {
        this.registration = MBeanServices.register(context, HooklineMBeans.CLUSTER,
                new ClusterBean(cluster, () -> audit), ClusterMXBean.class);
    }

    /** @param log where the operations are audited */
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
        MBeanServices.unregisterQuietly(registration);
    }
}
