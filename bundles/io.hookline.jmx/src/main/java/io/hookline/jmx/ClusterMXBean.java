package io.hookline.jmx;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's cluster, as {@value HooklineMBeans#CLUSTER}: registered while the cluster bundle runs
 * a connected node ({@code io.hookline.cluster.ClusterRuntime}), absent on a single node. Every
 * attribute reads one fresh snapshot of the node's state, so two attributes read in two requests
 * may come from two views; {@link #getHealth()} and the member lists are what an operator watches.
 * Reads are for Karaf's {@code viewer} role, {@link #sync()} and {@link #forget(String)} for
 * {@code admin} ({@code etc/jmx.acl.io.hookline.cfg}); both check the role themselves too, and both
 * are written to the audit log ({@code cluster.sync}, {@code cluster.forget}).
 *
 * @since 1.2
 */
@ProviderType
public interface ClusterMXBean {

    /** @return the cluster name every member connects with */
    String getClusterName();

    /** @return this node's name */
    String getNode();

    /** @return the current view's members, coordinator first */
    String[] getMembers();

    /** @return the coordinator (first member of the view) */
    String getCoordinator();

    /** @return increases with every view this node installed */
    long getViewId();

    /** @return every member this node expects: seen in a view, neither left on purpose nor forgotten */
    String[] getKnownMembers();

    /** @return known members missing from the view (a partition or a crash); empty when whole */
    String[] getMissingMembers();

    /** @return true while a known member is missing */
    boolean isPartitioned();

    /** @return true if this node's view holds a minority of the known members */
    boolean isMinority();

    /** @return {@code available} or {@code deny-minority} */
    String getPartitionPolicy();

    /** @return true while this node refuses local writes (deny-minority, in a minority) */
    boolean isWritesRefused();

    /** @return {@code OK}, or {@code PARTITIONED: missing ...} naming the missing members */
    String getHealth();

    /** @return true if this node applies the cluster's writes but never publishes its own */
    boolean isFollowerOnly();

    /** @return the replicated collections */
    String[] getCollections();

    /** @return local writes published to the cluster */
    long getPublished();

    /** @return remote records merged into this node's store */
    long getMerged();

    /** @return local writes queued and not yet broadcast */
    int getPendingPublish();

    /** @return remote records refused because their clock was too far ahead */
    long getRefusedClockSkew();

    /** @return the last clock refusal, naming the record and its node; "" if none */
    String getLastRefusal();

    /** @return local writes refused for a minority partition */
    long getRefusedWrites();

    /** @return catch-up exchanges answered */
    long getCatchUpsServed();

    /** @return epoch millis of the last catch-up merged from a peer; 0 if never */
    long getLastCatchUp();

    /** @return epoch millis of the last merge view (a partition healed); 0 if never */
    long getLastMerge();

    /** @return tombstones held, not yet seen by every member */
    int getTombstones();

    /** @return tombstones purged so far */
    long getTombstonesPurged();

    /** @return records dropped because peers had deleted and purged them while this node was away */
    long getResyncDropped();

    /** @return remote copies refused because this node deleted and purged them */
    long getRefusedPurged();

    /**
     * Forces a digest exchange with every other member, as after a merge ({@code hcluster:sync}).
     *
     * @return the members asked; empty when this node is alone
     * @throws SecurityException if the caller is authenticated without the admin role
     */
    String[] sync();

    /**
     * Forgets a known member gone for good, so it is no longer reported missing nor counted for
     * deny-minority ({@code hcluster:forget}).
     *
     * @param member the member's name
     * @return true if it was known
     * @throws IllegalArgumentException if no name was given, the name cannot be a member's (over 255
     *         characters, or with control characters), or the member is in the current view
     * @throws SecurityException if the caller is authenticated without the admin role
     */
    boolean forget(String member);
}
