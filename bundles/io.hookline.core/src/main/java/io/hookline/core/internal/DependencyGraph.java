package io.hookline.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency edges between plugin names: who depends on whom, and where a cycle closes.
 *
 * <p>Why apart: the registry asks two questions of the graph (the transitive dependents of a
 * change, and whether a registration closes a cycle) and neither needs the rest of its state.
 * Threading: confined to the registry lock.
 */
final class DependencyGraph {

    /** For each plugin name, the names of the plugins depending on it (registered or not). */
    private final Map<String, Set<String>> dependents = new HashMap<>();

    void add(String name, List<String> depends) {
        for (String d : depends) {
            dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(name);
        }
    }

    void remove(String name, List<String> depends) {
        for (String d : depends) {
            Set<String> ds = dependents.get(d);
            if (ds != null) {
                ds.remove(name);
                if (ds.isEmpty()) {
                    dependents.remove(d);
                }
            }
        }
    }

    Set<String> dependentsOf(String name) {
        return dependents.getOrDefault(name, Set.of());
    }

    /** @return the names in {@code start} and everything depending on them, transitively, in BFS order */
    Set<String> closure(Iterable<String> start) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        start.forEach(queue::add);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (out.add(n)) {
                queue.addAll(dependentsOf(n));
            }
        }
        return out;
    }

    /**
     * @param name the plugin to check
     * @param depends its dependencies
     * @param edges the dependencies of a valid registered plugin, or null if it does not count
     * @return the dependency path closing a cycle through {@code name}, or null
     */
    static List<String> findCycle(String name, List<String> depends, Function<String, List<String>> edges) {
        Deque<String> path = new ArrayDeque<>();
        path.add(name);
        Set<String> seen = new HashSet<>();
        for (String d : depends) {
            if (walk(name, d, path, seen, edges)) {
                return new ArrayList<>(path);
            }
        }
        return null;
    }

    private static boolean walk(String target, String current, Deque<String> path, Set<String> seen,
            Function<String, List<String>> edges) {
        path.addLast(current);
        if (current.equals(target)) {
            return true;
        }
        if (seen.add(current)) {
            List<String> next = edges.apply(current);
            if (next != null) {
                for (String d : next) {
                    if (walk(target, d, path, seen, edges)) {
                        return true;
                    }
                }
            }
        }
        path.removeLast();
        return false;
    }
}
