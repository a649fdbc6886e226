package io.hookline.core.internal;

import io.hookline.event.Failure;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands plugin lifecycle changes to the {@link LifecycleListener}s on one engine thread.
 *
 * <p>Why a thread of its own: status changes are found under the registry lock and breaker
 * transitions on calling threads; neither may wait for a listener (Event Admin's {@code postEvent}
 * still resolves handlers on the posting thread). Enqueuing never blocks (an unbounded queue) and
 * costs nothing when no listener is bound. The healthy call path never reaches this class: a
 * breaker only moves on a failure or on the first success after one. Threading: every method may
 * be called from any thread; listeners are called on the one lifecycle thread, in order.
 */
final class LifecycleEvents implements AutoCloseable {

    private final EngineLog log;
    private final List<LifecycleListener> listeners = new CopyOnWriteArrayList<>();
    /** One thread, created on the first event and ended after a minute idle. */
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hookline-lifecycle");
                t.setDaemon(true);
                return t;
            });

    LifecycleEvents(EngineLog log) {
        this.log = log;
        executor.allowCoreThreadTimeOut(true);
    }

    void add(LifecycleListener l) {
        listeners.add(l);
    }

    void remove(LifecycleListener l) {
        listeners.remove(l);
    }

    /** @return true if a listener is bound (callers skip building events otherwise) */
    boolean active() {
        return !listeners.isEmpty();
    }

    /** Under the registry lock: a plugin arrived with, or changed to, {@code p.status}. */
    void status(PluginState p, PluginStatus previous) {
        Map<String, Object> props = base(p.name(), p.event(), p.bundle, p.reason);
        props.put(PluginAdmin.EVENT_STATUS, p.status.name());
        if (previous != null) {
            props.put(PluginAdmin.EVENT_PREVIOUS_STATUS, previous.name());
        }
        post(PluginAdmin.TOPIC_PREFIX + p.status.name(), props);
    }

    /** Under the registry lock: registration {@code p}, announced before, left the engine. */
    void removed(PluginState p) {
        Map<String, Object> props = base(p.name(), p.event(), p.bundle, "");
        props.put(PluginAdmin.EVENT_PREVIOUS_STATUS, p.announced.name());
        post(PluginAdmin.TOPIC_REMOVED, props);
    }

    /**
     * On a calling thread's failure path, or an operator's restart: the breaker of {@code r} opened
     * or closed. Builds the event on the lifecycle thread.
     */
    void breaker(PluginRuntime r, boolean open, int failures, long openUntilMillis, Failure last) {
        if (!active()) {
            return;
        }
        execute(() -> {
            Map<String, Object> props = base(r.name, r.event, r.bundle, last == null ? "" : last.toString());
            props.put(PluginAdmin.EVENT_CONSECUTIVE_FAILURES, failures);
            if (open) {
                props.put(PluginAdmin.EVENT_BREAKER_OPEN_UNTIL, openUntilMillis);
            }
            deliver(open ? PluginAdmin.TOPIC_BREAKER_OPEN : PluginAdmin.TOPIC_BREAKER_CLOSED, Map.copyOf(props));
        });
    }

    private static Map<String, Object> base(String plugin, String event, String bundle, String reason) {
        Map<String, Object> props = new HashMap<>();
        props.put(PluginAdmin.EVENT_PLUGIN, plugin);
        props.put(PluginAdmin.EVENT_EVENT, event == null ? "" : event);
        props.put(PluginAdmin.EVENT_BUNDLE, bundle == null ? "" : bundle);
        props.put(PluginAdmin.EVENT_REASON, reason == null ? "" : reason);
        return props;
    }

    private void post(String topic, Map<String, Object> props) {
        if (!active()) {
            return;
        }
        Map<String, Object> frozen = Map.copyOf(props);
        execute(() -> deliver(topic, frozen));
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // the engine is closing: late changes are not announced
        }
    }

    private void deliver(String topic, Map<String, Object> props) {
        for (LifecycleListener l : listeners) {
            try {
                l.changed(topic, props);
            } catch (RuntimeException e) {
                log.warn("lifecycle listener " + l + " failed on " + topic + ": " + e, e);
            }
        }
    }

    /** Delivers what is queued (up to a few seconds), then ends the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
