/**
 * Hookline's cluster: the introspection API of the bundle that replicates the record store's
 * collections between nodes. No JGroups type appears here; JGroups is embedded privately.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hookline.cluster;
