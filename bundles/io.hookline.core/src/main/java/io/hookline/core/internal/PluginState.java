package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry's bookkeeping for one handler registration: parsed metadata, the operator's
 * switches, the computed status and its reason.
 *
 * <p>Why separate from {@link PluginRuntime}: this is the slow-path view the registry reasons
 * about; the runtime is the slice the call path reads. Threading: mutated only under the engine's
 * registry lock, except {@link #handler}, which is fetched outside it and set under it.
 */
final class PluginState {

    final long serviceId;
    final String bundle;
    final long bundleId;
    /** The service properties as registered; replaced in place by a property update. */
    Map<String, ?> properties;
    /** Parsed metadata; replaced in place when only priority or ranking change. */
    PluginSpec spec;
    final Supplier<? extends EventHandler<?>> source;
    /** Set when a better-ranked registration owns the name. */
    String duplicateReason;
    /** Set while this plugin closes a dependency cycle; re-checked whenever the graph changes. */
    String cycleReason;

    String id = "";
    long insertedAt;
    long updatedAt;
    /** Operator switch: durable, only enable clears it. */
    boolean stopped;
    /** Operator start/restart/enable happened (STARTED rather than REGISTERED). */
    boolean started;
    PluginStatus status = PluginStatus.REGISTERED;
    String reason = "";
    /** Created when the plugin first joins a chain; survives rebuilds; retired when it leaves. */
    PluginRuntime runtime;
    /** The service object, fetched outside the registry lock; null until then. */
    volatile EventHandler<?> handler;
    /** Why fetching the service object failed, or null. */
    String handlerProblem;
    /** The handler's declared state type, or null if unknown. */
    Class<?> stateType;
    /** Set while the state type does not fit the event's declared type. */
    String typeReason;
    /** Set while the event access policy refuses this plugin's bundle. */
    String policyReason;
    /** The status last announced to lifecycle listeners, null before the first. Under the lock. */
    PluginStatus announced;
    /** Fields last queued for the store, to skip writes that change nothing. */
    Map<String, String> persisted;

    PluginState(long serviceId, String bundle, long bundleId, Map<String, ?> properties, PluginSpec spec,
            Supplier<? extends EventHandler<?>> source) {
        this.serviceId = serviceId;
        this.bundle = bundle;
        this.bundleId = bundleId;
        this.properties = properties;
        this.spec = spec;
        this.source = source;
    }

    String name() {
        return spec.name();
    }

    String event() {
        return spec.event();
    }

    int priority() {
        return spec.priority();
    }

    List<String> depends() {
        return spec.depends();
    }

    /** @return the reason the registration is invalid, or null when valid */
    String invalidReason() {
        if (!spec.valid()) {
            return String.join("; ", spec.problems());
        }
        if (duplicateReason != null) {
            return duplicateReason;
        }
        if (cycleReason != null) {
            return cycleReason;
        }
        if (policyReason != null) {
            return policyReason;
        }
        return handlerProblem != null ? handlerProblem : typeReason;
    }

    void setHandler(EventHandler<?> h) {
        handler = h;
        stateType = h == null ? null : StateTypes.of(h);
    }

    boolean valid() {
        return invalidReason() == null;
    }

    /** The mutable fields, to put back when a verb's write fails. */
    record Saved(String id, long insertedAt, long updatedAt, boolean stopped, boolean started, PluginStatus status,
            String reason, Map<String, String> persisted) {
    }

    Saved save() {
        return new Saved(id, insertedAt, updatedAt, stopped, started, status, reason, persisted);
    }

    void restore(Saved s) {
        id = s.id;
        insertedAt = s.insertedAt;
        updatedAt = s.updatedAt;
        stopped = s.stopped;
        started = s.started;
        status = s.status;
        reason = s.reason;
        persisted = s.persisted;
    }

    PluginDTO toDTO() {
        PluginDTO dto = new PluginDTO();
        dto.id = id;
        dto.name = name() == null ? "service-" + serviceId : name();
        dto.event = event();
        dto.priority = priority();
        dto.depends = depends().toArray(new String[0]);
        dto.status = status;
        dto.statusReason = reason;
        dto.bundle = bundle;
        dto.bundleId = bundleId;
        dto.serviceId = serviceId;
        dto.insertedAt = insertedAt;
        dto.updatedAt = updatedAt;
        dto.critical = spec.critical();
        dto.stateType = stateType == null ? "" : stateType.getName();
        if (runtime != null) {
            dto.consecutiveFailures = runtime.consecutiveFailures();
            dto.breakerOpenUntil = runtime.openUntilMillis();
            io.hookline.event.Failure last = runtime.lastFailure();
            dto.lastFailure = last == null ? null : last.toString();
            dto.metrics = MetricsReport.plugin(runtime);
        }
        return dto;
    }
}
