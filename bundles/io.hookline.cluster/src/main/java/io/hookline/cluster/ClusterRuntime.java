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

    /**
     * Forces a digest exchange with every other member of the view, as after a merge: each sends
     * what this node lacks and asks for what it holds newer. Returns once the digests are sent;
     * the records follow asynchronously.
     *
     * @return the members asked (empty when this node is alone)
     * @since 1.1
     */
    java.util.List<String> sync();

    /**
     * Forgets a known member that is gone for good (crashed and decommissioned), so it is no longer
     * reported missing nor counted for {@code deny-minority}. A member that leaves on purpose is
     * forgotten by itself.
     *
     * @param member the member's name
     * @return true if it was known
     * @throws IllegalArgumentException if it is in the current view
     * @since 1.1
     */
    boolean forget(String member);
}
