package io.hookline.jmx.internal;

import io.hookline.event.admin.EventHealthDTO;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One probe round of every event's health, shared by the readers of a short period. Why: a JMX
 * client reads {@code Health} and {@code EventHealth} together (jconsole refreshes every attribute,
 * an exporter polls), the engine probes every plugin for each {@code health()} call, and it reports
 * a plugin whose probe is already running for another caller as down. Threading: thread-safe;
 * callers of one period wait for the one probe.
 */
final class HealthRound {

    private final Supplier<List<EventHealthDTO>> probe;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private List<EventHealthDTO> last;
    private long lastAt;

    HealthRound(Supplier<List<EventHealthDTO>> probe, LongSupplier nanoTime, long maxAgeNanos) {
        this.probe = probe;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
    }

    synchronized List<EventHealthDTO> get() {
        if (last == null || nanoTime.getAsLong() - lastAt > maxAgeNanos) {
            last = List.copyOf(probe.get());
            lastAt = nanoTime.getAsLong();
        }
        return last;
    }
}
