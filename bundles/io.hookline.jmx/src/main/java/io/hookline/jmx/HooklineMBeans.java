package io.hookline.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The object names of Hookline's MBeans, all in the domain {@value #DOMAIN}, with the key
 * {@code type} first, as Karaf's JMX ACLs read it ({@code etc/jmx.acl.io.hookline.cfg} covers the
 * domain, {@code etc/jmx.acl.io.hookline.<type>.cfg} one type).
 */
public final class HooklineMBeans {

    /** The JMX domain of every Hookline MBean. */
    public static final String DOMAIN = "io.hookline";

    /** The engine: {@link EngineMXBean}. */
    public static final String ENGINE = DOMAIN + ":type=Engine";

    /** The value of the {@code type} key of a plugin's MBean ({@link PluginMXBean}); {@code name} is the plugin. */
    public static final String PLUGIN_TYPE = "Plugin";

    /** Matches every plugin's MBean, for {@code MBeanServerConnection.queryNames}. */
    public static final String PLUGIN_PATTERN = DOMAIN + ":type=" + PLUGIN_TYPE + ",*";

    /** The installer: {@link InstallerMXBean}; registered while an installer runs. */
    public static final String INSTALLER = DOMAIN + ":type=Installer";

    /** This node's cluster: {@link ClusterMXBean}; registered while the cluster bundle runs a connected node (since 1.2). */
    public static final String CLUSTER = DOMAIN + ":type=Cluster";

    private HooklineMBeans() {
    }

    /**
     * @param plugin a plugin name, not null
     * @return {@code io.hookline:type=Plugin,name=<plugin>}, the name quoted only if it contains a
     *     character an unquoted value may not ({@code , = : " * ?} or a line break)
     * @throws IllegalArgumentException if no object name can be made of it
     */
    public static ObjectName plugin(String plugin) {
        String value = plugin.matches("[^,=:\"*?\\n\\r]+") ? plugin : ObjectName.quote(plugin);
        try {
            return new ObjectName(DOMAIN + ":type=" + PLUGIN_TYPE + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX object name for plugin '" + plugin + "': " + e.getMessage());
        }
    }
}
