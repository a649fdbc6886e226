package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterStatusDTO;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** Renders a {@link ClusterStatusDTO} for the console. Stateless; separate from the actions so it is unit-tested. */
final class ClusterText {

    private ClusterText() {
    }

    static void members(ClusterStatusDTO s, PrintStream out) {
        out.printf("%-40s %s%n", "Member", "Role");
        for (String m : s.members) {
            String role = (m.equals(s.coordinator) ? "coordinator" : "member") + (m.equals(s.node) ? " (this node)" : "");
            out.printf("%-40s %s%n", m, role);
        }
        for (String m : list(s.missingMembers)) {
            out.printf("%-40s %s%n", m, "MISSING (known, not in the view)");
        }
    }

    static void status(ClusterStatusDTO s, PrintStream out) {
        out.println("Cluster       : " + s.clusterName);
        out.println("Node          : " + s.node + (s.followerOnly ? " (follower only)" : ""));
        out.println("Health        : " + (s.health == null ? "OK" : s.health));
        out.println("View          : #" + s.viewId + ", " + s.members.size() + " member(s), coordinator " + s.coordinator);
        out.println("Known members : " + String.join(", ", list(s.knownMembers))
                + (list(s.missingMembers).isEmpty() ? "" : " (missing: " + String.join(", ", s.missingMembers) + ")"));
        out.println("Partition     : policy " + (s.partitionPolicy == null ? "available" : s.partitionPolicy)
                + (s.writesRefused ? ", MINORITY: cluster writes refused" : s.minority ? ", minority (writes go on)" : "")
                + (s.refusedWrites > 0 ? ", " + s.refusedWrites + " write(s) refused so far" : ""));
        out.println("Last merge    : " + time(s.lastMerge));
        out.println("Collections   : " + String.join(", ", s.collections));
        out.println("Pending       : " + s.pendingPublish + " local write(s) to publish");
        out.println("Published     : " + s.published);
        out.println("Merged        : " + s.merged);
        out.println("Catch-ups     : " + s.catchUpsServed + " served, last received " + time(s.lastCatchUp));
        out.println("Tombstones    : " + s.tombstones + " held, " + s.tombstonesPurged + " purged"
                + (s.resyncDropped > 0 ? "; resync dropped " + s.resyncDropped + " record(s), last " + time(s.lastResync) : "")
                + (s.refusedPurged > 0 ? "; " + s.refusedPurged + " stale copies refused" : ""));
        out.println("Clock refusals: " + s.refusedClockSkew + (s.lastRefusal == null ? "" : " (last: " + s.lastRefusal + ")"));
        if (s.refusedStaleMessages > 0) {
            out.println("Stale refused : " + s.refusedStaleMessages + " message(s) ("
                    + io.hookline.cluster.internal.health.ClusterHealth.staleText(s) + ")");
        }
        if (s.writesAheadMillis > 0) {
            out.println("Clock ahead   : " + io.hookline.cluster.internal.health.ClusterHealth.aheadText(s));
        }
    }

    /** The node's opt-outs: what never travels, and whether it publishes at all. */
    static void overrides(ClusterStatusDTO s, PrintStream out) {
        out.println("Follower only : " + (s.followerOnly ? "yes: applies the cluster's records, never publishes its own"
                : "no"));
        out.println("Collections   : " + String.join(", ", s.collections));
        List<String> globs = list(s.localOnly);
        out.println("Local only    : " + (globs.isEmpty() ? "none" : String.join(", ", globs)
                + " (never replicated in or out of this node)"));
        out.println("Partition     : policy " + (s.partitionPolicy == null ? "available" : s.partitionPolicy));
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String time(long millis) {
        return millis == 0 ? "never" : Instant.ofEpochMilli(millis).toString();
    }
}
