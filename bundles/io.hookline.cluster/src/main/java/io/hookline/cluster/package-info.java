/**
 * Hookline's cluster: the introspection API of the bundle that replicates the record store's
 * collections between nodes. No JGroups type appears here; JGroups is embedded privately.
 *
 * <p>1.1: partitions in {@link io.hookline.cluster.ClusterStatusDTO} (known and missing members,
 * minority, policy, last merge, pending work, tombstones, resyncs, health) and
 * {@link io.hookline.cluster.ClusterRuntime#sync()}, {@link io.hookline.cluster.ClusterRuntime#forget}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hookline.cluster;
