package io.hookline.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class ChainGraphTest {

    private static PluginDTO plugin(String name, String event, PluginStatus status, String... depends) {
        PluginDTO p = new PluginDTO();
        p.name = name;
        p.event = event;
        p.status = status;
        p.depends = depends;
        p.statusReason = "";
        return p;
    }

    private static ChainDTO chain(String event, String... runOrder) {
        ChainDTO c = new ChainDTO();
        c.event = event;
        c.entries = new ArrayList<>();
        for (int i = 0; i < runOrder.length; i++) {
            ChainDTO.Entry e = new ChainDTO.Entry();
            e.plugin = runOrder[i];
            e.position = i + 1;
            c.entries.add(e);
        }
        return c;
    }

    @Test
    public void nodesAreThePluginsEdgesTheirDependsAndAnotherEventsDependencyIsACrossEdge() {
        PluginDTO normalize = plugin("normalize-email", "user_registered", PluginStatus.REGISTERED);
        PluginDTO block = plugin("block-disposable", "user_registered", PluginStatus.REGISTERED, "normalize-email");
        block.critical = true;
        PluginDTO welcome = plugin("welcome-message", "user_registered", PluginStatus.STOPPED, "normalize-email", "audit-sink", "ghost");
        PluginDTO sink = plugin("audit-sink", "audit", PluginStatus.HELD);
        List<PluginDTO> all = List.of(sink, block, normalize, welcome);

        ChainGraph g = ChainGraph.of(chain("user_registered", "normalize-email", "block-disposable"),
                List.of(block, normalize, welcome), n -> all.stream().filter(p -> p.name.equals(n)).findFirst());

        assertEquals(List.of("block-disposable", "normalize-email", "welcome-message", "audit-sink", "ghost"),
                g.nodes.stream().map(ChainGraph.Node::id).toList());
        assertEquals(List.of(new ChainGraph.Edge("normalize-email", "block-disposable", false),
                new ChainGraph.Edge("normalize-email", "welcome-message", false),
                new ChainGraph.Edge("audit-sink", "welcome-message", true),
                new ChainGraph.Edge("ghost", "welcome-message", true)), g.edges);
        ChainGraph.Node b = g.nodes.get(0);
        assertEquals(2, b.position());
        assertTrue(b.critical());
        assertEquals("#2e7d32", b.color());
        ChainGraph.Node w = g.nodes.get(2);
        assertEquals(0, w.position());
        assertEquals("#9e9e9e", w.color());
        ChainGraph.Node s = g.nodes.get(3);
        assertTrue(s.external());
        assertFalse(s.missing());
        assertEquals("audit", s.event());
        assertTrue(g.nodes.get(4).missing());
    }

    @Test
    public void jsonCannotCloseTheScriptElementItIsEmbeddedIn() {
        String json = Json.write(Map.of("name", "</script><img src=x onerror=alert(1)>&'\"\u2028"));
        assertFalse(json, json.contains("<"));
        assertFalse(json, json.contains(">"));
        assertFalse(json, json.contains("&"));
        assertEquals("{\"name\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u0026\\u0027\\\"\\u2028\"}", json);
        assertEquals("[1,true,null,\"a\"]", Json.write(java.util.Arrays.asList(1, true, null, "a")));
    }

    @Test
    public void htmlEscapesEveryMarkupCharacter() {
        assertEquals("&lt;b onclick=&quot;x&quot; a=&#39;y&#39;&gt;&amp;", Html.esc("<b onclick=\"x\" a='y'>&"));
        assertEquals("", Html.esc(null));
        assertEquals("", Optional.<String>empty().map(Html::esc).orElse(""));
    }

    @Test
    public void haltingPluginsAreMarkedFromTheirMetricsAndRecentHaltsApart() {
        long now = 10_000_000L;
        PluginDTO normalize = plugin("normalize-email", "user_registered", PluginStatus.REGISTERED);
        PluginDTO block = plugin("block-disposable", "user_registered", PluginStatus.REGISTERED, "normalize-email");
        block.critical = true;
        block.metrics = new io.hookline.event.admin.MetricsDTO();
        block.metrics.halts = 1024;
        block.metrics.lastHaltAt = now - 1000;
        PluginDTO old = plugin("old-halter", "user_registered", PluginStatus.REGISTERED);
        old.metrics = new io.hookline.event.admin.MetricsDTO();
        old.metrics.halts = 1;
        old.metrics.lastHaltAt = now - ChainGraph.RECENT_MILLIS - 1;
        normalize.metrics = new io.hookline.event.admin.MetricsDTO();
        List<PluginDTO> all = List.of(block, normalize, old);

        ChainGraph g = ChainGraph.of(chain("user_registered", "normalize-email", "block-disposable", "old-halter"), all,
                n -> all.stream().filter(p -> p.name.equals(n)).findFirst(), now);

        ChainGraph.Node b = g.nodes.get(0);
        assertTrue(b.critical());
        assertTrue(b.halting());
        assertTrue(b.haltedRecently());
        ChainGraph.Node n = g.nodes.get(1);
        assertFalse(n.halting());
        assertFalse(n.critical());
        ChainGraph.Node o = g.nodes.get(2);
        assertTrue(o.halting());
        assertFalse("a halt 15 minutes ago is not recent", o.haltedRecently());
        assertEquals(Boolean.TRUE, b.toMap().get("halting"));
        assertEquals(Boolean.TRUE, b.toMap().get("haltedRecently"));
    }

    @Test
    public void metricsTextShowsEveryNumberAndTheLegendSaysWhatIsSampled() {
        io.hookline.event.admin.MetricsDTO m = new io.hookline.event.admin.MetricsDTO();
        m.enabled = true;
        m.sampleEvery = 1024;
        m.window = 1024;
        m.calls = 2048;
        m.halts = 1024;
        m.failures = new java.util.LinkedHashMap<>(java.util.Map.of("THREW", 3L));
        m.failuresTotal = 3;
        m.skips = 1;
        m.breakerOpens = 1;
        m.p50Nanos = 1200;
        m.p99Nanos = 9800;
        m.latencySamples = 2;
        assertEquals("calls~ 2048, halts~ 1024, failures 3 (THREW 3), skips 1, breaker opens 1, p50 1.2 \u00b5s,"
                + " p99 9.8 \u00b5s (2 samples)", MetricsText.of(m));
        assertEquals("not run yet", MetricsText.of(null));
        PluginDTO p = plugin("x", "e", PluginStatus.REGISTERED);
        p.metrics = m;
        assertTrue(MetricsText.legend(List.of(p)).startsWith("Metrics: ~ estimated, one call in 1024 per event"));
        m.enabled = false;
        assertTrue(MetricsText.legend(List.of(p)).startsWith("Metrics: sampling is off"));
    }
}
