package io.hookline.cluster.internal.shell;

import static org.junit.Assert.assertTrue;

import io.hookline.cluster.ClusterStatusDTO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class ClusterTextTest {

    private static ClusterStatusDTO dto() {
        ClusterStatusDTO s = new ClusterStatusDTO();
        s.clusterName = "prod";
        s.node = "B";
        s.members = List.of("A", "B");
        s.coordinator = "A";
        s.viewId = 4;
        s.collections = List.of("installs", "plugins");
        s.refusedClockSkew = 1;
        s.lastRefusal = "refused plugins/p from C";
        return s;
    }

    private static String render(java.util.function.BiConsumer<ClusterStatusDTO, PrintStream> r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.accept(dto(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void membersMarkTheCoordinatorAndThisNode() {
        String text = render(ClusterText::members);
        assertTrue(text, text.matches("(?s).*A +coordinator\\R.*B +member \\(this node\\).*"));
    }

    @Test
    public void statusNamesTheMissingMembersThePolicyAndPendingWork() {
        ClusterStatusDTO s = dto();
        s.knownMembers = List.of("A", "B", "C");
        s.missingMembers = List.of("C");
        s.partitioned = true;
        s.partitionPolicy = "deny-minority";
        s.health = "PARTITIONED: missing C (sees 2 of 3 known members)";
        s.pendingPublish = 3;
        s.lastMerge = 1_000;
        s.localOnly = List.of("installs/lab-*");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ClusterText.status(s, out);
        ClusterText.members(s, out);
        ClusterText.overrides(s, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("Health        : PARTITIONED: missing C"));
        assertTrue(text, text.contains("A, B, C (missing: C)"));
        assertTrue(text, text.contains("policy deny-minority"));
        assertTrue(text, text.contains("Last merge    : 1970-01-01T00:00:01Z"));
        assertTrue(text, text.contains("Pending       : 3 local write(s)"));
        assertTrue(text, text.matches("(?s).*C +MISSING.*"));
        assertTrue(text, text.contains("Local only    : installs/lab-*"));
    }

    @Test
    public void statusNamesTheViewAndTheLastRefusal() {
        String text = render(ClusterText::status);
        assertTrue(text, text.contains("#4, 2 member(s), coordinator A"));
        assertTrue(text, text.contains("1 (last: refused plugins/p from C)"));
        assertTrue(text, text.contains("last received never"));
    }
}
