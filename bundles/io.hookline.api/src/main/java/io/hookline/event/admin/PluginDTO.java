package io.hookline.event.admin;

import io.hookline.event.EventHandler;
import org.osgi.dto.DTO;

/**
 * A snapshot of one plugin as the engine sees it. Public fields, per the OSGi DTO convention.
 */
public class PluginDTO extends DTO {
    /** The durable record id (a UUID); kept across re-registration, restarts and bundle updates. */
    public String id;
    /** The unique plugin name. */
    public String name;
    /** The event the plugin is attached to ("" if the registration gave none). */
    public String event;
    /** The priority, 0..100, lower runs first. */
    public int priority;
    /** The names of the plugins it depends on. */
    public String[] depends;
    /** The current status. */
    public PluginStatus status;
    /** Why it has this status: the missing dependency, the cycle, the invalid property; "" if none. */
    public String statusReason;
    /** Symbolic name of the bundle that registered the handler service. */
    public String bundle;
    /** Id of that bundle, or -1. */
    public long bundleId;
    /** The handler's service id, or -1. */
    public long serviceId;
    /** Failures in a row since the last success; the breaker opens at the configured threshold. */
    public int consecutiveFailures;
    /** Epoch millis until which the breaker skips the plugin; 0 when closed. */
    public long breakerOpenUntil;
    /** The state type its handler declares (its {@code EventHandler<T>}), or "" if unknown (a lambda, a raw type). */
    public String stateType = "";
    /** True if the plugin fails closed ({@link EventHandler#CRITICAL}). */
    public boolean critical;
    /** The last failure as "[event | plugin | bundle] KIND: message", or null if none since the last reset. */
    public String lastFailure;
    /**
     * Its call metrics ({@link MetricsDTO}: exact failure counts, sampled calls and latency), or
     * null if it never ran in this engine (never active).
     */
    public MetricsDTO metrics;
    /** Epoch millis of the record's creation. */
    public long insertedAt;
    /** Epoch millis of the record's last change. */
    public long updatedAt;
}
