package io.hookline.cluster;

import java.util.List;
import org.osgi.dto.DTO;

/**
 * A snapshot of one node's cluster state, for the shell, health and tests. Public fields, as OSGi
 * DTOs; a copy, so changing it changes nothing.
 */
public class ClusterStatusDTO extends DTO {

    /** The cluster name every member connects with. */
    public String clusterName;

    /** This node's name (by default its record store's node id). */
    public String node;

    /** The current view's members, coordinator first. */
    public List<String> members;

    /** The coordinator (first member of the view). */
    public String coordinator;

    /** Increases with every view this node installed. */
    public long viewId;

    /** True if this node never publishes its own writes (it applies the cluster's). */
    public boolean followerOnly;

    /** The collections replicated. */
    public List<String> collections;

    /** Local writes published to the cluster. */
    public long published;

    /** Remote records merged (that changed this node's store). */
    public long merged;

    /** Remote records refused because their clock was too far ahead of this node's. */
    public long refusedClockSkew;

    /** The last refusal, naming the record, its node and how far ahead it was; null if none. */
    public String lastRefusal;

    /** Catch-up exchanges answered (records sent to a member that lacked them). */
    public long catchUpsServed;

    /** Epoch millis this node last finished merging a catch-up from a peer; 0 if never. */
    public long lastCatchUp;

    /** Every member this node expects: seen in a view and neither left on purpose nor forgotten (since 1.1). */
    public List<String> knownMembers;

    /**
     * Known members missing from the current view: a partition, or members that crashed (a node
     * cannot tell them apart); empty when the view is whole (since 1.1).
     */
    public List<String> missingMembers;

    /** True while {@link #missingMembers} is not empty (since 1.1). */
    public boolean partitioned;

    /**
     * True if the view holds fewer than half of the known members, or exactly half without the
     * first known member in name order (since 1.1).
     */
    public boolean minority;

    /** {@code available} or {@code deny-minority} (since 1.1). */
    public String partitionPolicy;

    /** True while this node refuses local writes to replicated records (deny-minority in a minority; since 1.1). */
    public boolean writesRefused;

    /** Local writes refused so far for a minority partition (since 1.1). */
    public long refusedWrites;

    /** Epoch millis of the last merge view (a partition healed); 0 if never (since 1.1). */
    public long lastMerge;

    /** Local writes queued and not yet broadcast: pending work (since 1.1). */
    public int pendingPublish;

    /** The {@code local.only} globs: records never replicated in or out of this node (since 1.1). */
    public List<String> localOnly;

    /** Tombstones held, not yet seen by every member, at the last tombstone round (since 1.1). */
    public int tombstones;

    /** Tombstones purged so far (every member had them, or past the age limit; since 1.1). */
    public long tombstonesPurged;

    /** Records dropped here because a peer had deleted and purged them while this node was away (since 1.1). */
    public long resyncDropped;

    /** Epoch millis of the last such resync; 0 if never (since 1.1). */
    public long lastResync;

    /** Remote copies refused because this node deleted and purged them (below its purge horizon; since 1.1). */
    public long refusedPurged;

    /**
     * One line for health: {@code OK}, or {@code PARTITIONED: missing ...} naming the missing
     * members (since 1.1).
     */
    public String health;

    /**
     * How far ahead of this node's wall clock, now, its latest local write was stamped (so at
     * least its next write will be), in ms, when that is more than the allowed skew; 0 otherwise.
     * Non-zero after this node's clock was set back from a time ahead: its hybrid logical clock
     * never goes back, so every member refuses its writes (max.clock.skew.seconds) until its wall
     * clock catches up; it falls as the clock catches up and is 0 from then on (since 1.2).
     */
    public long writesAheadMillis;

    /**
     * Cluster messages this node's channel seal refused as stale: sealed longer ago, by this node's
     * clock, than max.clock.skew.seconds plus 30 s. A few: recordings played to this node again.
     * Many, or steadily rising: a member's clock is that far behind this node's, or this node's
     * clock that far ahead, and those two nodes cannot hear each other (since 1.2).
     */
    public long refusedStaleMessages;

    /** The last such refusal: from whom and how old, or null if none (since 1.2). */
    public String lastStaleRefusal;
}
