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
}
