package io.hookline.jmx.internal;

import io.hookline.installer.Installer;
import io.hookline.jmx.HooklineMBeans;
import io.hookline.jmx.InstallerMXBean;
import javax.management.DynamicMBean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the installer's MBean ({@value HooklineMBeans#INSTALLER}) while an {@link Installer}
 * runs. A component of its own so that the installer stays optional: without it this component is
 * unsatisfied and its classes, the only ones naming the installer's package, are never loaded.
 * Threading: activation and deactivation only.
 */
@Component(service = {}, immediate = true)
public final class InstallerMBeanComponent {

    private final ServiceRegistration<DynamicMBean> registration;

    /**
     * @param installer the installer
     * @param context this bundle's context, to register the MBean service
     */
    @Activate
    public InstallerMBeanComponent(@Reference Installer installer, BundleContext context) {
        this.registration = MBeanServices.register(context, HooklineMBeans.INSTALLER, new InstallerBean(installer),
                InstallerMXBean.class);
    }

    @Deactivate
    void deactivate() {
        MBeanServices.unregisterQuietly(registration);
    }
}
