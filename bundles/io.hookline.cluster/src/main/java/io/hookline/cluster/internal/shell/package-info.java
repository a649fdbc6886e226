/**
 * The {@code hcluster:*} shell scope (not {@code cluster:}, which is Karaf Cellar's): thin Karaf
 * actions over {@link io.hookline.cluster.ClusterRuntime}, found by Karaf's shell extender through
 * this bundle's {@code Karaf-Commands} header. {@code members}, {@code status} and {@code overrides}
 * read; {@code sync}, {@code forget} and {@code keygen} change things and are admin-only through
 * {@code etc/org.apache.karaf.command.acl.hcluster.cfg}, shipped with the {@code hookline-cluster}
 * feature.
 */
package io.hookline.cluster.internal.shell;
