package io.hookline.cluster.internal.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.cluster.internal.health.ClusterHealth.Finding;
import io.hookline.cluster.internal.health.ClusterHealth.Level;
import io.hookline.event.Health;
import java.util.List;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;

public class ClusterHealthTest {

    private static ClusterStatusDTO status(List<String> members, List<String> known) {
        ClusterStatusDTO s = new ClusterStatusDTO();
        s.clusterName = "hookline";
        s.node = members.get(0);
        s.members = members;
        s.coordinator = members.get(0);
        s.viewId = 7;
        s.knownMembers = known;
        s.missingMembers = known.stream().filter(m -> !members.contains(m)).toList();
        s.partitioned = !s.missingMembers.isEmpty();
        s.partitionPolicy = "available";
        return s;
    }

    @Test
    public void twoMembersWithOneNameAreAWarningNamingTheClash() {
        ClusterStatusDTO s = status(List.of("A", "B", "A"), List.of("A", "B"));

        List<Finding> findings = ClusterHealth.findings(s);

        assertEquals(Result.Status.WARN, ClusterHealthCheck.result(findings).getStatus());
        assertTrue(findings.stream().anyMatch(f -> f.level() == ClusterHealth.Level.WARN
                && f.message().startsWith("more than one member named A in the view (A, B, A)")));
        assertEquals(Health.Status.DEGRADED, ClusterHealth.health(s).status());
        assertTrue(ClusterHealth.health(s).message().contains("give each node its own node.name"));
    }

    @Test
    public void aWholeViewIsOkAndNamesItsMembers() {
        ClusterStatusDTO s = status(List.of("A", "B", "C"), List.of("A", "B", "C"));

        List<Finding> findings = ClusterHealth.findings(s);
        Result result = ClusterHealthCheck.result(findings);

        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals("cluster hookline, node A: view #7 of 3 (A, B, C), coordinator A", findings.get(0).message());
        assertEquals(Health.ok(), ClusterHealth.health(s));
    }

    @Test
    public void missingMembersWarnAndAreNamedInTheCheckAndInHookHealth() {
        ClusterStatusDTO s = status(List.of("A", "B"), List.of("A", "B", "C"));

        Result result = ClusterHealthCheck.result(ClusterHealth.findings(s));
        Health health = ClusterHealth.health(s);

        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(result.toString(), lines(result).contains(
                "WARN partitioned: missing C (the view holds 2 of 3 known members: A, B)"));
        assertEquals(Health.Status.DEGRADED, health.status());
        assertEquals("partitioned: missing C (the view holds 2 of 3 known members: A, B)", health.message());
    }

    @Test
    public void aMinorityThatRefusesWritesIsCriticalAndDown() {
        ClusterStatusDTO s = status(List.of("C"), List.of("A", "B", "C"));
        s.minority = true;
        s.partitionPolicy = "deny-minority";
        s.writesRefused = true;

        List<Finding> findings = ClusterHealth.findings(s);
        Result result = ClusterHealthCheck.result(findings);
        Health health = ClusterHealth.health(s);

        assertEquals(Level.CRITICAL, ClusterHealth.level(findings));
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertTrue(result.toString(), lines(result).stream().anyMatch(l -> l.startsWith("WARN partitioned: missing A, B")));
        assertEquals(Health.Status.DOWN, health.status());
        assertTrue(health.message(), health.message().contains("missing A, B (the view holds 1 of 3"));
    }

    @Test
    public void aMinorityThatKeepsWritingOnlyWarns() {
        ClusterStatusDTO s = status(List.of("C"), List.of("A", "B", "C"));
        s.minority = true;

        Result result = ClusterHealthCheck.result(ClusterHealth.findings(s));

        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(result.toString(), lines(result).contains(
                "WARN minority partition (partition.policy = available: writes go on, the merge decides)"));
        assertEquals(Health.Status.DEGRADED, ClusterHealth.health(s).status());
    }

    @Test
    public void aLoneNodeThatKnowsNobodyElseIsOk() {
        ClusterStatusDTO s = status(List.of("A"), List.of("A"));

        assertEquals(Result.Status.OK, ClusterHealthCheck.result(ClusterHealth.findings(s)).getStatus());
        assertEquals(Health.Status.OK, ClusterHealth.health(s).status());
    }

    @Test
    public void clockRefusalsAndTheLastMergeAreInformational() {
        ClusterStatusDTO s = status(List.of("A", "B"), List.of("A", "B"));
        s.refusedClockSkew = 2;
        s.lastRefusal = "plugin.switches/x/stopped from B, 90 s ahead";
        s.lastMerge = 1_000;
        s.pendingPublish = 3;

        Result result = ClusterHealthCheck.result(ClusterHealth.findings(s));

        assertEquals(Result.Status.OK, result.getStatus());
        List<String> lines = lines(result);
        assertTrue(lines.toString(), lines.contains(
                "OK 2 remote record(s) refused for clock skew, last: plugin.switches/x/stopped from B, 90 s ahead"));
        assertTrue(lines.toString(), lines.contains("OK last merge 1970-01-01T00:00:01Z"));
        assertTrue(lines.toString(), lines.contains("OK 3 local write(s) waiting to be published"));
    }

    @Test
    public void nullListsInTheDtoAreEmpty() {
        ClusterStatusDTO s = new ClusterStatusDTO();
        s.clusterName = "hookline";
        s.node = "A";

        assertEquals(Result.Status.OK, ClusterHealthCheck.result(ClusterHealth.findings(s)).getStatus());
        assertEquals(Health.ok(), ClusterHealth.health(s));
    }

    private static List<String> lines(Result result) {
        List<String> out = new java.util.ArrayList<>();
        for (ResultLog.Entry e : result) {
            out.add(e.getStatus() + " " + e.getMessage());
        }
        return out;
    }
}
