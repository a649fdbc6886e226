/**
 * The cluster's health: {@link io.hookline.cluster.internal.health.ClusterHealth} (the mapping),
 * the Felix health check (the HC API is an optional import: only this package names it) and the
 * {@code hook:health} contributor. Exports nothing.
 */
package io.hookline.cluster.internal.health;
