/**
 * Hookline's management interface over JMX: the MXBean interfaces a JMX client (jconsole, hawtio,
 * Prometheus' JMX exporter, a {@code JMX.newMXBeanProxy}) programs against, their object names
 * ({@link io.hookline.jmx.HooklineMBeans}) and the open-type data they return.
 *
 * <p>Only open types cross the wire: attributes and operations use strings, numbers, booleans,
 * arrays of them, and the {@code *Data} classes of this package, which the MXBean mapping turns
 * into {@code CompositeData} (lists into {@code CompositeData[]}, maps into {@code TabularData}). A
 * client needs no Hookline class; one that has this package can reconstruct the data classes.
 * Errors are plain JDK exceptions ({@link java.lang.IllegalArgumentException} for an unknown name,
 * {@link java.lang.IllegalStateException} for a refused verb, {@link java.lang.SecurityException}
 * for a caller without the admin role) whose message says what was wrong.
 *
 * <p>1.2: {@link io.hookline.jmx.ClusterMXBean}, this node's cluster on
 * {@value io.hookline.jmx.HooklineMBeans#CLUSTER}.
 *
 * <p>Growth: these interfaces are {@code @ProviderType}; attributes are added in minor versions
 * (per-plugin metrics: calls, failures, p50/p99 latency; cluster facts on a
 * {@value io.hookline.jmx.HooklineMBeans#CLUSTER} bean), never changed or removed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hookline.jmx;
