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
}
