package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;

/**
 * The one way the {@code hcluster:*} actions reach the cluster. Their {@code ClusterRuntime}
 * references are optional because Karaf's shell extender registers a bundle's commands only once
 * every mandatory reference of every one of them is satisfied: a node whose cluster refused to start
 * (no keystore yet) would otherwise have no {@code hcluster:keygen}, the command it needs. Without a
 * running cluster an action fails with an error saying so and what to do. Stateless.
 */
final class RunningCluster {

    private RunningCluster() {
    }

    /**
     * @return {@code cluster}
     * @throws IllegalStateException if it is null: the cluster is not running on this node
     */
    static ClusterRuntime require(ClusterRuntime cluster) {
        if (cluster == null) {
            throw new IllegalStateException("the cluster is not running on this node: it is not installed with"
                    + " its configuration, or it refused to start (the log says why: log:display | grep 'cluster"
                    + " refuses'). A new cluster's credentials: hcluster:keygen, then keystore.path and"
                    + " keystore.password in etc/io.hookline.cluster.cfg.");
        }
        return cluster;
    }
}
