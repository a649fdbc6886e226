package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Failure;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin health probes on a bounded pool of daemon threads, all probes of one request within
 * one timeout.
 *
 * <p>Why: a probe may hang or throw; neither may block a caller of an event, nor the admin lock,
 * nor the other probes, nor grow the thread count. A plugin whose previous probe still runs (it
 * ignored the interrupt) is reported down with "probe still running" and gets no new thread. A
 * plugin's health combines its status (held and failed are down; an operator stop is degraded,
 * not an outage), its breaker (open is down, recent failures degrade) and its probe's answer.
 * Threading: {@link #probe} may be called from any thread.
 */
final class HealthProber implements AutoCloseable {

    /** Threads at most; a plugin holds at most one of them. */
    static final int MAX_THREADS = 4;

    /** What to probe, captured under the registry lock and probed outside it. */
    record Target(long key, String plugin, String event, PluginStatus status, String reason, EventHandler<?> handler,
            PluginRuntime runtime) {
    }

    private final AtomicInteger threadCount = new AtomicInteger();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hookline-health-" + threadCount.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
    /** Probes started and not yet returned, by target key. */
    private final Map<Long, Probe> running = new ConcurrentHashMap<>();

    HealthProber() {
        executor.allowCoreThreadTimeOut(true);
    }

    /** One probe: runs at most once; a timeout before it starts cancels it, after it interrupts it. */
    private final class Probe implements Runnable {
        final long key;
        final EventHandler<?> handler;
        final CompletableFuture<Health> result = new CompletableFuture<>();
        /** 0 new, 1 running, 2 cancelled. */
        final AtomicInteger state = new AtomicInteger();
        volatile Thread thread;

        Probe(long key, EventHandler<?> handler) {
            this.key = key;
            this.handler = handler;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(0, 1)) {
                return;
            }
            thread = Thread.currentThread();
            try {
                result.complete(handler.health());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                thread = null;
                Thread.interrupted();
                running.remove(key, this);
            }
        }

        void abandon() {
            if (state.compareAndSet(0, 2)) {
                running.remove(key, this);
                return;
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    EventHealthDTO probe(String event, List<Target> targets, Duration timeout) {
        return probeAll(Map.of(event, targets), timeout).get(0);
    }

    /** Probes every event's plugins in parallel, all within one {@code timeout}. */
    List<EventHealthDTO> probeAll(Map<String, List<Target>> byEvent, Duration timeout) {
        long start = System.nanoTime();
        Map<String, List<Object>> started = new LinkedHashMap<>();
        byEvent.forEach((event, targets) -> {
            List<Object> probes = new ArrayList<>(targets.size());
            for (Target t : targets) {
                probes.add(start(t));
            }
            started.put(event, probes);
        });
        long deadline = start + timeout.toNanos();
        List<EventHealthDTO> out = new ArrayList<>();
        byEvent.forEach((event, targets) -> {
            EventHealthDTO dto = new EventHealthDTO();
            dto.event = event;
            dto.plugins = new ArrayList<>(targets.size());
            dto.status = Health.Status.OK;
            List<Object> probes = started.get(event);
            for (int i = 0; i < targets.size(); i++) {
                HealthDTO h = evaluate(targets.get(i), probes.get(i), deadline, start);
                dto.plugins.add(h);
                if (h.status.compareTo(dto.status) > 0) {
                    dto.status = h.status;
                }
            }
            dto.plugins.sort((a, b) -> a.plugin.compareTo(b.plugin));
            out.add(dto);
        });
        return out;
    }

    /** @return a started probe, a Health already known (still running), or null (nothing to probe) */
    private Object start(Target t) {
        if (t.handler() == null) {
            return null;
        }
        Probe fresh = new Probe(t.key(), t.handler());
        Probe previous = running.putIfAbsent(t.key(), fresh);
        if (previous != null) {
            return Health.down("probe still running (the previous probe has not returned)");
        }
        try {
            executor.execute(fresh);
        } catch (RuntimeException e) {
            running.remove(t.key(), fresh);
            return Health.down("probe not started: " + e.getMessage());
        }
        return fresh;
    }

    private static HealthDTO evaluate(Target t, Object started, long deadline, long start) {
        HealthDTO h = new HealthDTO();
        h.plugin = t.plugin();
        h.event = t.event();
        if (started == null) {
            if (t.status() == PluginStatus.STOPPED) {
                // an operator's decision, not an outage
                h.status = Health.Status.DEGRADED;
                h.message = "stopped by operator";
            } else {
                h.status = Health.Status.DOWN;
                h.message = t.status().name().toLowerCase(Locale.ROOT)
                        + (t.reason() == null || t.reason().isEmpty() ? "" : ": " + t.reason());
            }
            return h;
        }
        Health probe;
        if (started instanceof Health known) {
            probe = known;
        } else {
            Probe p = (Probe) started;
            try {
                probe = p.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (probe == null) {
                    probe = Health.down("probe returned null");
                }
            } catch (TimeoutException e) {
                p.abandon();
                probe = Health.down("timeout");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                probe = Health.down(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.abandon();
                probe = Health.down("interrupted");
            }
        }
        h.durationMicros = (System.nanoTime() - start) / 1_000;
        PluginRuntime rt = t.runtime();
        Failure last = rt == null ? null : rt.lastFailure();
        if (rt != null && rt.open) {
            h.status = Health.Status.DOWN;
            h.message = "breaker open after " + rt.consecutiveFailures() + " consecutive failures"
                    + (last == null ? "" : ": " + last.message());
        } else if (probe.status() == Health.Status.OK && rt != null && rt.consecutiveFailures() > 0) {
            h.status = Health.Status.DEGRADED;
            h.message = rt.consecutiveFailures() + " recent failure(s)" + (last == null ? "" : ": " + last.message());
        } else {
            h.status = probe.status();
            h.message = probe.message();
        }
        return h;
    }

    /** @return threads the pool holds now (tests: hung probes do not pile up) */
    int threads() {
        return executor.getPoolSize();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
