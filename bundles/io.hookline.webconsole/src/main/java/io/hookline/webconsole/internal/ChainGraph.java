package io.hookline.webconsole.internal;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One event's chain as a graph, read from the admin API only: a node per plugin of the event
 * (status, colour, run position, critical), an edge per {@code depends} entry from the dependency to
 * its dependent. A dependency attached to another event is a node of its own marked
 * {@code external} with a {@code cross} (gating) edge; an unknown one is {@code missing}.
 */
final class ChainGraph {

    /** A plugin of the graph. */
    record Node(String id, String event, String status, String color, int position, boolean critical,
            boolean external, boolean missing, String reason, boolean halting, boolean haltedRecently) {
        Node(String id, String event, String status, String color, int position, boolean critical, boolean external,
                boolean missing, String reason) {
            this(id, event, status, color, position, critical, external, missing, reason, false, false);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("event", event);
            m.put("status", status);
            m.put("color", color);
            m.put("position", position);
            m.put("critical", critical);
            m.put("external", external);
            m.put("missing", missing);
            m.put("reason", reason);
            m.put("halting", halting);
            m.put("haltedRecently", haltedRecently);
            return m;
        }
    }

    /** A {@code depends} entry: {@code source} runs first and gates {@code target}. */
    record Edge(String source, String target, boolean cross) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", source + "->" + target);
            m.put("source", source);
            m.put("target", target);
            m.put("cross", cross);
            return m;
        }
    }

    final String event;
    final List<Node> nodes;
    final List<Edge> edges;

    private ChainGraph(String event, List<Node> nodes, List<Edge> edges) {
        this.event = event;
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
    }

    /**
     * @param chain the event's chain (positions)
     * @param plugins the event's plugins
     * @param lookup any plugin by name (for dependencies on other events)
     */
    static ChainGraph of(ChainDTO chain, List<PluginDTO> plugins, Function<String, Optional<PluginDTO>> lookup) {
        return of(chain, plugins, lookup, 0);
    }

    /** How long after its last seen halt a plugin counts as having halted recently. */
    static final long RECENT_MILLIS = 15 * 60_000L;

    /**
     * As {@link #of(ChainDTO, List, Function)}, marking halting plugins from their metrics: one
     * that halted sampled calls is {@code halting}; one whose last seen halt is less than
     * {@link #RECENT_MILLIS} before {@code nowMillis} also {@code haltedRecently}.
     */
    static ChainGraph of(ChainDTO chain, List<PluginDTO> plugins, Function<String, Optional<PluginDTO>> lookup,
            long nowMillis) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (ChainDTO.Entry e : chain.entries) {
            positions.put(e.plugin, e.position);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (PluginDTO p : plugins) {
            boolean halting = p.metrics != null && p.metrics.halts > 0;
            boolean recent = halting && p.metrics.lastHaltAt > 0 && nowMillis - p.metrics.lastHaltAt < RECENT_MILLIS;
            nodes.put(p.name, new Node(p.name, p.event, String.valueOf(p.status), color(p.status),
                    positions.getOrDefault(p.name, 0), p.critical, false, false, nz(p.statusReason), halting, recent));
        }
        for (PluginDTO p : plugins) {
            for (String dep : p.depends == null ? new String[0] : p.depends) {
                Node known = nodes.get(dep);
                boolean cross = known == null || known.external();
                if (known == null) {
                    Optional<PluginDTO> other = lookup.apply(dep);
                    nodes.put(dep, other.map(o -> new Node(o.name, o.event, String.valueOf(o.status), color(o.status),
                            0, o.critical, true, false, nz(o.statusReason)))
                            .orElseGet(() -> new Node(dep, "", "MISSING", "#ffffff", 0, false, true, true,
                                    "not registered")));
                }
                edges.add(new Edge(dep, p.name, cross));
            }
        }
        return new ChainGraph(chain.event, new ArrayList<>(nodes.values()), edges);
    }

    /** @return the graph as the page's script reads it */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("nodes", nodes.stream().map(Node::toMap).toList());
        m.put("edges", edges.stream().map(Edge::toMap).toList());
        return m;
    }

    /** Graphviz-like colours per status: active green, stopped grey, held amber, failed red. */
    static String color(PluginStatus status) {
        if (status == null) {
            return "#ffffff";
        }
        return switch (status) {
            case REGISTERED, STARTED -> "#2e7d32";
            case STOPPED -> "#9e9e9e";
            case HELD -> "#f9a825";
            case FAILED -> "#c62828";
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
