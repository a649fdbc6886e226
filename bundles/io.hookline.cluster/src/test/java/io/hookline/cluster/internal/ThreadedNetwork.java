package io.hookline.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory network whose members each receive on a thread of their own, in the order sent,
 * as JGroups delivers a sender's messages; for the {@link ArtifactExchange}, whose fetch blocks
 * its caller while the transport delivers. An {@link Interceptor} sees every message on the way
 * and may change it (a tampered chunk) or drop it (a silent peer). Thread-safe.
 */
final class ThreadedNetwork implements AutoCloseable {

    /** Sees every message; returns what to deliver, null to drop it. */
    interface Interceptor {
        byte[] intercept(String from, String to, byte[] payload);
    }

    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    volatile Interceptor interceptor = (from, to, p) -> p;
    final AtomicInteger delivered = new AtomicInteger();

    Endpoint endpoint(String name) {
        Endpoint e = new Endpoint(name);
        endpoints.put(name, e);
        return e;
    }

    /** Tells every member the view (all endpoints, in creation order given). */
    void view(List<String> members) {
        for (String m : members) {
            Endpoint e = endpoints.get(m);
            e.inbox.execute(() -> e.handler.onView(members, false));
        }
    }

    @Override
    public void close() {
        endpoints.values().forEach(e -> e.inbox.shutdownNow());
    }

    final class Endpoint implements ClusterTransport {
        final String name;
        final ExecutorService inbox;
        volatile ClusterTransport.Handler handler;

        Endpoint(String name) {
            this.name = name;
            this.inbox = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "net-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public String self() {
            return name;
        }

        @Override
        public void broadcast(byte[] payload) {
            for (String to : endpoints.keySet()) {
                if (!to.equals(name)) {
                    send(to, payload);
                }
            }
        }

        @Override
        public void send(String member, byte[] payload) {
            Endpoint to = endpoints.get(member);
            byte[] p = interceptor.intercept(name, member, payload.clone());
            if (to == null || p == null) {
                return;
            }
            to.inbox.execute(() -> {
                delivered.incrementAndGet();
                to.handler.onMessage(name, p);
            });
        }

        @Override
        public void close() {
        }
    }
}
