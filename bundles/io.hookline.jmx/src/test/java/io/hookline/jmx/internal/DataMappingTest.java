package io.hookline.jmx.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.event.Health;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.jmx.AppData;
import io.hookline.jmx.EventHealthData;
import io.hookline.jmx.PluginData;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The mapping of the engine's and installer's DTOs to the open-type data JMX clients read. */
public class DataMappingTest {

    private static final long NOW = 1_000_000L;

    @Test
    public void aPluginIsMappedFieldByFieldWithEnumsAsNamesAndNullsAsEmpty() {
        PluginDTO p = Fakes.plugin("welcome", "user_registered", PluginStatus.HELD);
        p.priority = 20;
        p.depends = new String[] {"normalize"};
        p.statusReason = "dependency 'normalize' is stopped";
        p.critical = true;
        p.consecutiveFailures = 3;
        p.lastFailure = null;
        p.stateType = "java.util.Map";
        p.id = null;

        PluginData d = DataMapping.plugin(p, NOW);

        assertEquals("welcome", d.getName());
        assertEquals("user_registered", d.getEvent());
        assertEquals("HELD", d.getStatus());
        assertFalse("HELD is not active", d.isActive());
        assertEquals(20, d.getPriority());
        assertArrayEquals(new String[] {"normalize"}, d.getDepends());
        assertTrue(d.isCritical());
        assertEquals("dependency 'normalize' is stopped", d.getReason());
        assertEquals("test.bundle", d.getBundle());
        assertEquals(7, d.getBundleId());
        assertEquals("a missing record id reads as empty, not null", "", d.getRecordId());
        assertEquals(3, d.getConsecutiveFailures());
        assertEquals("no failure since the last reset reads as empty", "", d.getLastFailure());
        assertEquals("java.util.Map", d.getStateType());
        assertEquals("CLOSED", d.getBreakerState());
    }

    @Test
    public void nullArraysAndStatusMapToEmpty() {
        PluginDTO p = Fakes.plugin("x", "e", null);
        p.depends = null;
        PluginData d = DataMapping.plugin(p, NOW);
        assertEquals("", d.getStatus());
        assertEquals(0, d.getDepends().length);
        assertFalse(d.isActive());
    }

    @Test
    public void theBreakerIsClosedOpenOrHalfOpenByItsOpenUntilTime() {
        PluginDTO p = Fakes.plugin("flaky", "e", PluginStatus.REGISTERED);
        assertEquals("CLOSED", DataMapping.breakerState(p, NOW));
        p.breakerOpenUntil = NOW + 1;
        assertEquals("OPEN", DataMapping.breakerState(p, NOW));
        assertEquals(NOW + 1, DataMapping.plugin(p, NOW).getBreakerOpenUntil());
        p.breakerOpenUntil = NOW;
        assertEquals("the cool-down is over: the next call is a trial", "HALF_OPEN", DataMapping.breakerState(p, NOW));
        assertEquals(1, DataMapping.breakersOpen(List.of(p, Fakes.plugin("ok", "e", PluginStatus.STARTED))));
    }

    @Test
    public void countsNameEveryStatusZerosIncluded() {
        Map<String, Integer> counts = DataMapping.counts(List.of(Fakes.plugin("a", "e", PluginStatus.STARTED),
                Fakes.plugin("b", "e", PluginStatus.STARTED), Fakes.plugin("c", "e", PluginStatus.STOPPED)));
        assertEquals(List.of("REGISTERED", "STARTED", "STOPPED", "HELD", "FAILED"), List.copyOf(counts.keySet()));
        assertEquals(Integer.valueOf(0), counts.get("REGISTERED"));
        assertEquals(Integer.valueOf(2), counts.get("STARTED"));
        assertEquals(Integer.valueOf(1), counts.get("STOPPED"));
    }

    @Test
    public void overallHealthIsTheWorstEventsAndProblemsListOnlyPluginsThatAreNotOk() {
        var ok = Fakes.eventHealth("a", Health.Status.OK, Fakes.health("p1", Health.Status.OK, "fine"));
        var degraded = Fakes.eventHealth("b", Health.Status.DEGRADED, Fakes.health("p2", Health.Status.OK, "fine"),
                Fakes.health("p3", Health.Status.DEGRADED, "3 failures"));
        assertEquals("OK", DataMapping.overall(List.of()));
        assertEquals("OK", DataMapping.overall(List.of(ok)));
        assertEquals("DEGRADED", DataMapping.overall(List.of(ok, degraded)));
        assertEquals("DOWN", DataMapping.overall(List.of(degraded, Fakes.eventHealth("c", Health.Status.DOWN))));

        EventHealthData d = DataMapping.eventHealth(degraded);
        assertEquals("b", d.getEvent());
        assertEquals("DEGRADED", d.getStatus());
        assertEquals(2, d.getPluginCount());
        assertArrayEquals(new String[] {"p3 DEGRADED: 3 failures"}, d.getProblems());
    }

    @Test
    public void anAppCarriesVersionSourceChecksumAndItsBundles() {
        AppDTO a = new AppDTO();
        a.app = "vip";
        a.version = "1.2.0";
        a.status = AppDTO.Status.INSTALLED;
        a.sourceType = "path";
        a.source = "/tmp/vip.jar";
        a.sha256 = "ab".repeat(32);
        ArtifactDTO jar = new ArtifactDTO();
        jar.symbolicName = "com.example.vip";
        jar.bundleVersion = "1.2.0";
        a.artifacts = new ArtifactDTO[] {jar};
        a.installedAt = 5;
        a.updatedAt = 6;

        AppData d = AppMapping.app(a);

        assertEquals("vip", d.getApp());
        assertEquals("1.2.0", d.getVersion());
        assertEquals("INSTALLED", d.getStatus());
        assertEquals("path", d.getSourceType());
        assertEquals("/tmp/vip.jar", d.getSource());
        assertEquals("ab".repeat(32), d.getSha256());
        assertEquals("no signer reads as empty", "", d.getSigner());
        assertEquals("", d.getFailureReason());
        assertArrayEquals(new String[] {"com.example.vip 1.2.0"}, d.getBundles());
        assertEquals(5, d.getInstalledAt());
        assertEquals(6, d.getUpdatedAt());
    }
}
