package io.hookline.cluster.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory network for {@link Replicator} tests: sends are queued, and the test delivers them
 * in a shuffled order with duplicates ({@link #deliverShuffled}), splits and joins views by hand.
 * Not thread-safe: tests drive it from one thread (the replicators' sender runs inline).
 */
final class MemoryNetwork {

    private record Envelope(String from, String to, byte[] payload) {
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final List<Envelope> inFlight = new ArrayList<>();
    private final Random random;
    private List<List<String>> groups = List.of();
    int sent;

    MemoryNetwork(long seed) {
        this.random = new Random(seed);
    }

    Endpoint endpoint(String name) {
        Endpoint e = new Endpoint(name);
        endpoints.put(name, e);
        return e;
    }

    /** Installs join/leave views: each group sees only its own members, and messages cross no group. */
    void views(List<List<String>> newGroups) {
        views(newGroups, false);
    }

    /** As {@link #views(List)}, telling the members whether the views merge subgroups. */
    void views(List<List<String>> newGroups, boolean merge) {
        this.groups = newGroups;
        for (List<String> g : newGroups) {
            for (String m : g) {
                endpoints.get(m).handler.onView(g, merge);
            }
        }
    }

    private boolean together(String a, String b) {
        return groups.stream().anyMatch(g -> g.contains(a) && g.contains(b));
    }

    /**
     * Delivers until nothing is in flight, picking messages at random and delivering a fraction of
     * them twice; messages between members of different groups are lost, as in a partition.
     */
    void deliverShuffled(double duplicateRate) {
        while (!inFlight.isEmpty()) {
            Envelope e = inFlight.remove(random.nextInt(inFlight.size()));
            if (!together(e.from, e.to)) {
                continue;
            }
            endpoints.get(e.to).handler.onMessage(e.from, e.payload);
            if (random.nextDouble() < duplicateRate) {
                endpoints.get(e.to).handler.onMessage(e.from, e.payload);
            }
        }
    }

    final class Endpoint implements ClusterTransport {
        final String name;
        ClusterTransport.Handler handler;

        Endpoint(String name) {
            this.name = name;
        }

        @Override
        public String self() {
            return name;
        }

        @Override
        public void broadcast(byte[] payload) {
            for (String to : endpoints.keySet()) {
                if (!to.equals(name) && together(name, to)) {
                    inFlight.add(new Envelope(name, to, payload));
                    sent++;
                }
            }
        }

        @Override
        public void send(String member, byte[] payload) {
            if (together(name, member)) {
                inFlight.add(new Envelope(name, member, payload));
                sent++;
            }
        }

        @Override
        public void close() {
        }
    }
}
