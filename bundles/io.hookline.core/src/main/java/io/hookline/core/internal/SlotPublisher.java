package io.hookline.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds each event's {@link EventSlot} and publishes chains into it.
 *
 * <p>What: a slot exists while its event has plugins or a handle pins it; unknown events leave
 * nothing behind. Why apart: it is the only place that writes what calls read, so "published once
 * per change set" is checkable here ({@link #publications()}). Threading: {@link #publish} and
 * {@link #pin} under the registry lock; {@link #get} from any thread without a lock.
 */
final class SlotPublisher {

    private final ConcurrentHashMap<String, EventSlot> slots = new ConcurrentHashMap<>();
    private final AtomicLong publications = new AtomicLong();
    private volatile String closedCause;
    /** The metrics settings every slot of this engine samples by. */
    final MetricsConfig metricsConfig = new MetricsConfig();
    /** Given to every slot: compiles its settled chains; null compiles nothing. */
    private final ChainCompiler compiler;

    SlotPublisher() {
        this(null);
    }

    SlotPublisher(ChainCompiler compiler) {
        this.compiler = compiler;
    }

    EventSlot get(String event) {
        return slots.get(event);
    }

    /** @return the slot of {@code event}, created and pinned: a handle keeps it */
    EventSlot pin(String event) {
        EventSlot slot = slots.computeIfAbsent(event, e -> new EventSlot(e, metricsConfig, compiler));
        slot.pinned = true;
        if (closedCause != null) {
            slot.chain = ChainSnapshot.closed(closedCause);
        }
        return slot;
    }

    /** @return the slot for a chain about to be built, created if needed */
    EventSlot slotFor(String event) {
        return slots.computeIfAbsent(event, e -> new EventSlot(e, metricsConfig, compiler));
    }

    /**
     * Publishes {@code chain}; null means the event has no plugins left.
     *
     * @param declaredType the event's declared state type, or null
     */
    void publish(String event, ChainSnapshot chain, Class<?> declaredType) {
        if (closedCause != null) {
            return;
        }
        publications.incrementAndGet();
        if (chain == null) {
            EventSlot slot = slots.get(event);
            if (slot != null) {
                slot.chain = ChainSnapshot.EMPTY.withDeclaredType(declaredType);
                slot.measured = null;
                if (!slot.pinned) {
                    slots.remove(event);
                }
            }
            return;
        }
        EventSlot slot = slotFor(event);
        slot.chain = chain.withDeclaredType(declaredType);
        // the timed twin of the old chain must not keep its handlers (and their bundles) reachable
        slot.measured = null;
    }

    /**
     * Applies new metrics settings: each slot's current period is folded into its call count,
     * then every countdown restarts under the new settings.
     */
    void metrics(EngineSettings settings) {
        slots.values().forEach(s -> s.metrics.fold(s.sampleCountdown));
        metricsConfig.update(settings);
        slots.values().forEach(s -> s.sampleCountdown = metricsConfig.reload());
    }

    /** @return every slot, for reading metrics */
    java.util.Collection<EventSlot> all() {
        return slots.values();
    }

    /** Every slot from now on makes calls throw with {@code cause}. */
    void close(String cause) {
        closedCause = cause;
        ChainSnapshot closed = ChainSnapshot.closed(cause);
        slots.values().forEach(s -> {
            s.chain = closed;
            s.measured = null;
        });
    }

    /** @return the cause the engine was closed with, or null while it runs */
    String closedCause() {
        return closedCause;
    }

    /** @return how many chains were published so far (tests: one per affected event per change) */
    long publications() {
        return publications.get();
    }

    int size() {
        return slots.size();
    }
}
