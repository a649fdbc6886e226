package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class ChainDotTest {

    private static PluginDTO plugin(String name, String event, PluginStatus status, String... depends) {
        PluginDTO p = new PluginDTO();
        p.name = name;
        p.event = event;
        p.status = status;
        p.depends = depends;
        return p;
    }

    @Test
    public void dotHasANodePerPluginAnEdgePerDependsAndDashesForAnotherEvent() {
        PluginDTO normalize = plugin("normalize-email", "user_registered", PluginStatus.REGISTERED);
        PluginDTO block = plugin("block-disposable", "user_registered", PluginStatus.STARTED, "normalize-email");
        block.critical = true;
        PluginDTO welcome = plugin("welcome-message", "user_registered", PluginStatus.HELD, "normalize-email", "sink");
        PluginDTO sink = plugin("sink", "audit", PluginStatus.STOPPED);
        ChainDTO chain = new ChainDTO();
        chain.event = "user_registered";
        chain.entries = new ArrayList<>();
        for (String name : List.of("normalize-email", "block-disposable")) {
            ChainDTO.Entry e = new ChainDTO.Entry();
            e.plugin = name;
            e.position = chain.entries.size() + 1;
            chain.entries.add(e);
        }

        String dot = ChainDot.dot(chain, List.of(block, normalize, welcome), n -> n.equals("sink") ? Optional.of(sink) : Optional.empty());

        assertEquals(String.join("\n",
                "digraph \"user_registered\" {",
                "  rankdir=LR;",
                "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];",
                "  \"block-disposable\" [label=\"2. block-disposable\\nSTARTED\", fillcolor=\"#2e7d32\", fontcolor=\"white\", peripheries=2, color=\"#b71c1c\", penwidth=2];",
                "  \"normalize-email\" [label=\"1. normalize-email\\nREGISTERED\", fillcolor=\"#2e7d32\", fontcolor=\"white\"];",
                "  \"welcome-message\" [label=\"welcome-message\\nHELD\", fillcolor=\"#f9a825\"];",
                "  \"sink\" [label=\"sink\\n(audit, STOPPED)\", style=\"rounded,dashed\"];",
                "  \"normalize-email\" -> \"block-disposable\";",
                "  \"normalize-email\" -> \"welcome-message\";",
                "  \"sink\" -> \"welcome-message\" [style=dashed];",
                "}", ""), dot);
    }

    @Test
    public void quotesEscapeWhatWouldEndTheId() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", ChainDot.quote("a\"b\\c\nd"));
    }

    @Test
    public void aHostileNameCannotReachTheTerminalWithAControlCharacter() {
        // ESC [2K ESC [1G erases the line and returns the cursor; CR and a bidi override would
        // rewrite what the operator reads; the graph's text shows them as visible escapes instead
        PluginDTO evil = plugin("x\u001b[2K\u001b[1G\rok\u202e", "chat", PluginStatus.STARTED, "dep\u0007");
        ChainDTO chain = new ChainDTO();
        chain.event = "chat\u009b";
        chain.entries = new ArrayList<>();

        String dot = ChainDot.dot(chain, List.of(evil), n -> Optional.empty());

        for (char c : dot.toCharArray()) {
            if (c != '\n' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
                throw new AssertionError(String.format("raw U+%04X in hook:chain --dot output:%n%s", (int) c, dot));
            }
        }
        // DOT keeps an escaped backslash, so a rendered label shows the escape too
        assertEquals("\"x\\\\u001b[2K\\\\u001b[1G\\\\u000dok\\\\u202e\"", ChainDot.quote("x\u001b[2K\u001b[1G\rok\u202e"));
    }
}
