package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import io.hookline.event.PluginDTO;
import io.hookline.event.PluginStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry's bookkeeping for one handler registration: parsed metadata, the operator's
 * switches, the computed status and its reason.
 *
 * <p>Why separate from {@link PluginRuntime}: this is the slow-path view the registry reasons
 * about; the runtime is the slice the call path reads. Threading: mutated only under the engine's
 * registry lock.
 */
final class PluginState {

    final long serviceId;
    final String bundle;
    final long bundleId;
    /** The service properties as registered, kept to register a waiting duplicate again. */
    final Map<String, ?> properties;
    /** The plugin name; may be a placeholder for a registration without any name. */
    final String name;
    final String event;
    final int priority;
    final List<String> depends;
    final Supplier<? extends EventHandler<?>> source;
    /** Why the metadata is invalid (bad property, duplicate, cycle); null when valid. */
    String invalidReason;

    String id = "";
    long insertedAt;
    long updatedAt;
    /** Operator switch: durable, only enable clears it. */
    boolean stopped;
    /** Operator start/restart/enable happened (STARTED rather than REGISTERED). */
    boolean started;
    PluginStatus status = PluginStatus.REGISTERED;
    String reason = "";
    /** Created when the plugin first joins a chain; survives rebuilds. */
    PluginRuntime runtime;
    EventHandler<?> handler;
    /** Fields last written to the store, to skip writes that change nothing. */
    Map<String, String> persisted;

    PluginState(long serviceId, String bundle, long bundleId, Map<String, ?> properties, String name, String event,
            int priority, List<String> depends, Supplier<? extends EventHandler<?>> source) {
        this.serviceId = serviceId;
        this.bundle = bundle;
        this.bundleId = bundleId;
        this.properties = properties;
        this.name = name;
        this.event = event;
        this.priority = priority;
        this.depends = depends;
        this.source = source;
    }

    boolean valid() {
        return invalidReason == null;
    }

    PluginDTO toDTO() {
        PluginDTO dto = new PluginDTO();
        dto.id = id;
        dto.name = name;
        dto.event = event;
        dto.priority = priority;
        dto.depends = depends.toArray(new String[0]);
        dto.status = status;
        dto.statusReason = reason;
        dto.bundle = bundle;
        dto.bundleId = bundleId;
        dto.serviceId = serviceId;
        dto.insertedAt = insertedAt;
        dto.updatedAt = updatedAt;
        if (runtime != null) {
            dto.consecutiveFailures = runtime.consecutiveFailures();
            dto.breakerOpenUntil = runtime.openUntilMillis();
        }
        return dto;
    }
}
