/**
 * The {@code hcluster:*} shell scope (not {@code cluster:}, which is Karaf Cellar's): thin Karaf
 * actions over {@link io.hookline.cluster.ClusterRuntime}, found by Karaf's shell extender through
 * this bundle's {@code Karaf-Commands} header. Read-only so far, so no ACL yet.
 */
package io.hookline.cluster.internal.shell;
