package io.hookline.healthcheck.internal;

import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.PluginAdmin;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Hookline's overall health check ({@value #NAME}, tag {@value #TAG}) and the registrar of one
 * check per event ({@value #EVENT_NAME_PREFIX}{@code <event>}, tags {@value #TAG} and the event).
 *
 * <p>Events come and go with their plugins: the per-event checks are synchronised with
 * {@link PluginAdmin#events()} on activation, on every plugin lifecycle event (Event Admin, topic
 * {@code io/hookline/plugin/*}), and on every run of the overall check; a check whose event has
 * gone reports that and is withdrawn. Threading: {@link #sync()} is serialised; checks run on the
 * health-check executor's threads.
 *
 * <p>Immediate: a delayed component would be deactivated whenever the executor ungets it after a
 * run, withdrawing the per-event checks it had just registered (seen in Karaf, where nothing else
 * holds it).
 */
@Component(service = {HealthCheck.class, EventHandler.class}, immediate = true, property = {
    HealthCheck.NAME + "=" + HooklineHealthChecks.NAME,
    HealthCheck.TAGS + "=" + HooklineHealthChecks.TAG,
    HealthCheck.MBEAN_NAME + "=" + HooklineHealthChecks.MBEAN,
    EventConstants.EVENT_TOPIC + "=" + PluginAdmin.TOPIC_PREFIX + "*"})
public final class HooklineHealthChecks implements HealthCheck, EventHandler {

    /** The overall check's {@code hc.name}. */
    static final String NAME = "Hookline";
    /** The tag every Hookline check carries: {@code hc:exec -v hookline}. */
    static final String TAG = "hookline";
    /** The overall check's {@code hc.mbean.name}. */
    static final String MBEAN = "hookline";
    /** {@code hc.name} of an event's check: this prefix and the event name. */
    static final String EVENT_NAME_PREFIX = "Hookline event ";

    /**
     * The engine's admin, null while the engine is absent. Optional: a check that needed the engine
     * would leave with it, and {@code hc:exec hookline} would then print nothing (no check, nothing
     * failing) exactly when Hookline is down; this one stays and reports CRITICAL.
     */
    private volatile PluginAdmin admin;
    private final BundleContext context;
    /** Per-event check registrations, under {@code this}. */
    private final Map<String, ServiceRegistration<HealthCheck>> byEvent = new HashMap<>();
    private boolean closed;
    /** How long one probe round serves every check of a run ({@code hc:exec} runs them concurrently). */
    private static final long SNAPSHOT_MILLIS = 1000;
    private final Object probeLock = new Object();
    /** The last probe round of every event and when it ended (nanoTime), under {@link #probeLock}. */
    private List<EventHealthDTO> snapshot;
    private long snapshotAt;

    /** @param context this bundle's context, to register the per-event checks */
    @Activate
    public HooklineHealthChecks(BundleContext context) {
        this.context = context;
        sync();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAdmin(PluginAdmin admin) {
        this.admin = admin;
        forgetSnapshot();
        sync();
    }

    void unsetAdmin(PluginAdmin admin) {
        if (this.admin == admin) {
            this.admin = null;
            forgetSnapshot();
            sync();
        }
    }

    private void forgetSnapshot() {
        synchronized (probeLock) {
            snapshot = null;
        }
    }

    /** The overall check's answer while the engine is absent. */
    private static Result engineAbsent() {
        FormattingResultLog log = new FormattingResultLog();
        log.critical("the Hookline engine is not running: no PluginAdmin service (bundle io.hookline.core;"
                + " see its log, or scr:list for io.hookline.core.internal.WhiteboardDispatcher)");
        return new Result(log);
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        byEvent.values().forEach(HooklineHealthChecks::unregisterQuietly);
        byEvent.clear();
    }

    @Override
    public Result execute() {
        sync();
        PluginAdmin a = admin;
        if (a == null) {
            return engineAbsent();
        }
        return HealthMapping.overall(probeAll(a), a.plugins());
    }

    /**
     * One probe round shared by the checks of one run. Why: the executor runs the overall check and
     * every event's check at once, and the engine reports a plugin whose probe is already running
     * for another caller as down ("probe still running"): probing once and sharing the answer
     * avoids both the false alarm and the repeated probes.
     */
    private List<EventHealthDTO> probeAll(PluginAdmin a) {
        synchronized (probeLock) {
            long now = System.nanoTime();
            if (snapshot == null || now - snapshotAt > SNAPSHOT_MILLIS * 1_000_000L) {
                snapshot = a.health();
                snapshotAt = System.nanoTime();
            }
            return snapshot;
        }
    }

    @Override
    public void handleEvent(Event event) {
        sync();
    }

    /** Registers a check for each event that has none and withdraws those of events that are gone. */
    synchronized void sync() {
        if (closed) {
            return;
        }
        PluginAdmin a = admin;
        Set<String> events = a == null ? Set.of() : new HashSet<>(a.events());
        byEvent.entrySet().removeIf(e -> {
            if (events.contains(e.getKey())) {
                return false;
            }
            unregisterQuietly(e.getValue());
            return true;
        });
        for (String event : events) {
            byEvent.computeIfAbsent(event, this::register);
        }
    }

    private ServiceRegistration<HealthCheck> register(String event) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthCheck.NAME, EVENT_NAME_PREFIX + event);
        props.put(HealthCheck.TAGS, new String[] {TAG, event});
        props.put(HealthCheck.MBEAN_NAME, MBEAN + "-" + event);
        return context.registerService(HealthCheck.class, () -> check(event), props);
    }

    private Result check(String event) {
        PluginAdmin a = admin;
        if (a == null) {
            return engineAbsent();
        }
        try {
            EventHealthDTO health = probeAll(a).stream().filter(h -> h.event.equals(event)).findFirst()
                    .orElseGet(() -> {
                        synchronized (probeLock) {
                            return a.health(event);
                        }
                    });
            return HealthMapping.event(health, a.plugins(event));
        } catch (IllegalArgumentException gone) {
            sync();
            FormattingResultLog log = new FormattingResultLog();
            log.info("event {} has no plugins any more", event);
            return new Result(log);
        }
    }

    private static void unregisterQuietly(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it when this bundle stopped
        }
    }
}
