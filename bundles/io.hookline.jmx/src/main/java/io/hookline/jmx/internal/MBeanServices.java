package io.hookline.jmx.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Publishes an MXBean as an OSGi service for the Aries JMX whiteboard of Karaf's {@code management}
 * feature, which registers every service carrying {@value #OBJECT_NAME} with each MBean server. The
 * service is a {@link StandardMBean} in MXBean mode, so clients see open types only. Threading:
 * stateless.
 */
final class MBeanServices {

    /** The whiteboard's service property: the MBean's object name. */
    static final String OBJECT_NAME = "jmx.objectname";

    private MBeanServices() {
    }

    /**
     * @return a {@link StandardMBean} exposing {@code impl} through the MXBean interface {@code type}
     * @throws IllegalArgumentException if {@code type} is not a compliant MXBean interface (a defect
     *     the unit tests find)
     */
    static <T> StandardMBean mxbean(T impl, Class<T> type) {
        return new StandardMBean(impl, type, true);
    }

    static <T> ServiceRegistration<DynamicMBean> register(BundleContext context, String objectName, T impl, Class<T> type) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(OBJECT_NAME, objectName);
        return context.registerService(DynamicMBean.class, mxbean(impl, type), props);
    }

    static void unregisterQuietly(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework withdrew it when this bundle stopped
        }
    }
}
