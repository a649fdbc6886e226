package io.hookline.cluster.internal.health;

import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.event.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link ClusterStatusDTO} as health, in one place for both views of it: a list of
 * findings (what the Felix health check logs, line by line) and one {@link Health} (what
 * {@code hook:health} prints). A whole view is OK; known members missing from the view (a
 * partition, or members that crashed: one side cannot tell) are a warning naming them; a minority
 * under {@code deny-minority}, where this node refuses cluster writes, is critical. Plain Java over
 * the DTO, so the mapping is unit-tested without a network. Threading: stateless.
 */
public final class ClusterHealth {

    /** How bad a finding is; the order is the severity. */
    public enum Level {
        /** Informational: the view, the last merge. */
        INFO,
        /** Needs attention, the node works: a partition. */
        WARN,
        /** The node refuses work: cluster writes refused in a minority partition. */
        CRITICAL
    }

    /** One line of the report. */
    public record Finding(Level level, String message) {
    }

    private ClusterHealth() {
    }

    /** @return the findings, the view first; never empty */
    public static List<Finding> findings(ClusterStatusDTO s) {
        List<Finding> out = new ArrayList<>();
        List<String> members = list(s.members);
        List<String> missing = list(s.missingMembers);
        out.add(new Finding(Level.INFO, "cluster " + s.clusterName + ", node " + s.node + ": view #" + s.viewId + " of "
                + members.size() + " (" + String.join(", ", members) + "), coordinator " + s.coordinator));
        if (!missing.isEmpty()) {
            out.add(new Finding(Level.WARN, "partitioned: " + missingText(s)));
        }
        String clash = nameClash(s);
        if (clash != null) {
            out.add(new Finding(Level.WARN, clash));
        }
        if (s.writesRefused) {
            out.add(new Finding(Level.CRITICAL, "minority partition under partition.policy = deny-minority: local"
                    + " writes to replicated records are refused until the partition heals (reads and calls go on)"));
        } else if (s.minority) {
            out.add(new Finding(Level.WARN, "minority partition (partition.policy = " + s.partitionPolicy
                    + ": writes go on, the merge decides)"));
        }
        if (s.writesAheadMillis > 0) {
            out.add(new Finding(Level.WARN, aheadText(s)));
        }
        if (s.refusedClockSkew > 0) {
            out.add(new Finding(Level.INFO, s.refusedClockSkew + " remote record(s) refused for clock skew"
                    + (s.lastRefusal == null ? "" : ", last: " + s.lastRefusal)));
        }
        if (s.refusedStaleMessages > 0) {
            out.add(new Finding(Level.WARN, s.refusedStaleMessages + " cluster message(s) refused as stale: " + staleText(s)));
        }
        if (s.lastMerge > 0) {
            out.add(new Finding(Level.INFO, "last merge " + Instant.ofEpochMilli(s.lastMerge)));
        }
        if (s.pendingPublish > 0) {
            out.add(new Finding(Level.INFO, s.pendingPublish + " local write(s) waiting to be published"));
        }
        return out;
    }

    /** @return the worst finding's level */
    public static Level level(List<Finding> findings) {
        return findings.stream().map(Finding::level).max(Enum::compareTo).orElse(Level.INFO);
    }

    /**
     * @return OK when the view holds every known member; DEGRADED naming the missing members; DOWN
     *         when this node refuses cluster writes (which names them too)
     */
    public static Health health(ClusterStatusDTO s) {
        if (s.writesRefused) {
            return Health.down("minority partition, cluster writes refused (deny-minority): " + missingText(s));
        }
        if (!list(s.missingMembers).isEmpty()) {
            return Health.degraded("partitioned: " + missingText(s));
        }
        String clash = nameClash(s);
        if (clash != null) {
            return Health.degraded(clash);
        }
        if (s.writesAheadMillis > 0) {
            return Health.degraded(aheadText(s));
        }
        return Health.ok();
    }

    /**
     * @return a warning if two members of the view share a node name, else null. Records are
     *     attributed by node name, so such nodes take each other's messages for their own and never
     *     replicate to each other; refusing the second at start would also refuse a node restarted
     *     within the failure timeout after a crash, while its old incarnation is still in the view.
     */
    public static String nameClash(ClusterStatusDTO s) {
        List<String> members = list(s.members);
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> twice = new java.util.TreeSet<>();
        for (String m : members) {
            if (!seen.add(m)) {
                twice.add(m);
            }
        }
        if (twice.isEmpty()) {
            return null;
        }
        return "more than one member named " + String.join(", ", twice) + " in the view (" + String.join(", ", members)
                + "): they take each other's records for their own and do not replicate to each other; give each node"
                + " its own node.name (a node restarted after a crash shows twice only until the failure timeout)";
    }

    /** @return what {@link ClusterStatusDTO#writesAheadMillis} means, for an operator */
    public static String aheadText(ClusterStatusDTO s) {
        return "this node stamps its writes " + s.writesAheadMillis + " ms ahead of its wall clock: every member refuses"
                + " them (max.clock.skew.seconds) until its clock catches up; its clock was ahead and was set back, and"
                + " record clocks never go back";
    }

    /** @return what {@link ClusterStatusDTO#refusedStaleMessages} means, for an operator */
    public static String staleText(ClusterStatusDTO s) {
        return "last " + s.lastStaleRefusal + "; a recording played again, or (if it keeps rising) that member's clock"
                + " is behind this node's, or this node's clock ahead, by more than max.clock.skew.seconds plus 30 s:"
                + " the two cannot hear each other until the clocks are fixed";
    }

    /** "missing C, D (the view holds 2 of 4 known members: A, B)". */
    static String missingText(ClusterStatusDTO s) {
        List<String> members = list(s.members);
        return "missing " + String.join(", ", list(s.missingMembers)) + " (the view holds " + members.size() + " of "
                + list(s.knownMembers).size() + " known members: " + String.join(", ", members) + ")";
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }
}
