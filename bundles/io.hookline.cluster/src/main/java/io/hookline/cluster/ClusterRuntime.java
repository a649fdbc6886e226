package io.hookline.cluster;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running cluster node, registered by the cluster bundle while this node is connected to its
 * cluster (its channel is up and the credentials were accepted locally). Absent when the bundle
 * is not installed or not configured: the engine and installer work the same on a single node.
 *
 * <p>Thread-safe; every call returns a fresh immutable snapshot.
 */
@ProviderType
public interface ClusterRuntime {

    /** @return the current state: view, members, replication counters, refusals */
    ClusterStatusDTO status();
}
