package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.EventHealthDTO;
import io.hookline.event.Failure;
import io.hookline.event.Health;
import io.hookline.event.HealthDTO;
import io.hookline.event.PluginStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin health probes concurrently on its own daemon threads, each bounded by a timeout.
 *
 * <p>Why: a probe may hang or throw; neither may block a caller of an event, nor the admin lock,
 * nor the other probes. A plugin's health combines its status (not active is down), its breaker
 * (open is down, recent failures degrade) and its probe's answer. Threading: {@link #probe} may be
 * called from any thread; a timed-out probe is interrupted and abandoned.
 */
final class HealthProber implements AutoCloseable {

    /** What to probe, captured under the registry lock and probed outside it. */
    record Target(String plugin, String event, PluginStatus status, String reason, EventHandler<?> handler,
            PluginRuntime runtime) {
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "hookline-health-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    EventHealthDTO probe(String event, List<Target> targets, Duration timeout) {
        long start = System.nanoTime();
        List<Future<Health>> futures = new ArrayList<>(targets.size());
        for (Target t : targets) {
            futures.add(t.handler() == null ? null : executor.submit(t.handler()::health));
        }
        EventHealthDTO dto = new EventHealthDTO();
        dto.event = event;
        dto.plugins = new ArrayList<>(targets.size());
        dto.status = Health.Status.OK;
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < targets.size(); i++) {
            HealthDTO h = evaluate(targets.get(i), futures.get(i), deadline, start);
            dto.plugins.add(h);
            if (h.status.compareTo(dto.status) > 0) {
                dto.status = h.status;
            }
        }
        dto.plugins.sort((a, b) -> a.plugin.compareTo(b.plugin));
        return dto;
    }

    private static HealthDTO evaluate(Target t, Future<Health> future, long deadline, long start) {
        HealthDTO h = new HealthDTO();
        h.plugin = t.plugin();
        h.event = t.event();
        if (future == null) {
            h.status = Health.Status.DOWN;
            h.message = t.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (t.reason() == null || t.reason().isEmpty() ? "" : ": " + t.reason());
            return h;
        }
        Health probe;
        try {
            probe = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (probe == null) {
                probe = Health.down("probe returned null");
            }
        } catch (TimeoutException e) {
            future.cancel(true);
            probe = Health.down("timeout");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            probe = Health.down(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            probe = Health.down("interrupted");
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

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
