package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterStatusDTO;
import java.io.PrintStream;
import java.time.Instant;

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
    }

    static void status(ClusterStatusDTO s, PrintStream out) {
        out.println("Cluster       : " + s.clusterName);
        out.println("Node          : " + s.node + (s.followerOnly ? " (follower only)" : ""));
        out.println("View          : #" + s.viewId + ", " + s.members.size() + " member(s), coordinator " + s.coordinator);
        out.println("Collections   : " + String.join(", ", s.collections));
        out.println("Published     : " + s.published);
        out.println("Merged        : " + s.merged);
        out.println("Catch-ups     : " + s.catchUpsServed + " served, last received "
                + (s.lastCatchUp == 0 ? "never" : Instant.ofEpochMilli(s.lastCatchUp).toString()));
        out.println("Clock refusals: " + s.refusedClockSkew + (s.lastRefusal == null ? "" : " (last: " + s.lastRefusal + ")"));
    }
}
