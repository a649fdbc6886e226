package io.hookline.command.internal;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code hook:chain --dot}: an event's chain as Graphviz DOT, as the web console draws it. A node
 * per plugin of the event, labelled with its run position and status and filled by status; an
 * edge per {@code depends} entry, from the dependency (it runs first and gates) to the dependent; a
 * dependency on another event's plugin is a dashed node and a dashed edge; critical plugins get a
 * double red border.
 */
final class ChainDot {

    private ChainDot() {
    }

    static String dot(ChainDTO chain, List<PluginDTO> plugins, Function<String, Optional<PluginDTO>> lookup) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (ChainDTO.Entry e : chain.entries) {
            positions.put(e.plugin, e.position);
        }
        Map<String, PluginDTO> own = new LinkedHashMap<>();
        for (PluginDTO p : plugins) {
            own.put(p.name, p);
        }
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(chain.event)).append(" {\n");
        out.append("  rankdir=LR;\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        for (PluginDTO p : plugins) {
            int position = positions.getOrDefault(p.name, 0);
            out.append("  ").append(quote(p.name)).append(" [label=")
                    .append(quote((position > 0 ? position + ". " : "") + p.name + "\n" + p.status))
                    .append(", fillcolor=").append(quote(color(p.status)))
                    .append(p.status == PluginStatus.HELD ? "" : ", fontcolor=\"white\"")
                    .append(p.critical ? ", peripheries=2, color=\"#b71c1c\", penwidth=2" : "")
                    .append("];\n");
        }
        Map<String, String> external = new LinkedHashMap<>();
        StringBuilder edges = new StringBuilder();
        for (PluginDTO p : plugins) {
            for (String dep : p.depends == null ? new String[0] : p.depends) {
                boolean cross = !own.containsKey(dep);
                if (cross) {
                    external.computeIfAbsent(dep, d -> lookup.apply(d)
                            .map(o -> "  " + quote(d) + " [label=" + quote(d + "\n(" + o.event + ", " + o.status + ")")
                                    + ", style=\"rounded,dashed\"];\n")
                            .orElse("  " + quote(d) + " [label=" + quote(d + "\n(missing)") + ", style=\"rounded,dashed\"];\n"));
                }
                edges.append("  ").append(quote(dep)).append(" -> ").append(quote(p.name))
                        .append(cross ? " [style=dashed]" : "").append(";\n");
            }
        }
        external.values().forEach(out::append);
        out.append(edges);
        out.append("}\n");
        return out.toString();
    }

    private static String color(PluginStatus status) {
        return switch (status) {
            case REGISTERED, STARTED -> "#2e7d32";
            case STOPPED -> "#9e9e9e";
            case HELD -> "#f9a825";
            case FAILED -> "#c62828";
        };
    }

    /**
     * A DOT quoted ID: backslash and double quote escaped, a newline as DOT's centred line break,
     * and every other control or format character (ESC, CR, C1 controls, bidi overrides) as a
     * visible {@code \\uXXXX}: names come from plugins and this text goes to a terminal, where a
     * raw escape could rewrite what the operator reads (as {@link PluginTables#text} does for the
     * tables).
     */
    static String quote(String s) {
        String v = String.valueOf(s);
        StringBuilder out = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '"') {
                out.append("\\\"");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
