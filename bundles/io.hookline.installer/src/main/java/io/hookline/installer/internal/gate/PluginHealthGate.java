package io.hookline.installer.internal.gate;

import static io.hookline.installer.InstallException.Reason.HEALTH_CHECK_FAILED;
import static io.hookline.installer.InstallException.Reason.INTERRUPTED;

import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.installer.InstallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * The health gate over the engine's {@link PluginAdmin}: the app's plugins are those whose
 * {@code bundleId} is one of the app's bundles; none may be {@link PluginStatus#FAILED} and none
 * that is active may probe {@link Health.Status#DOWN}. Stopped and held plugins are the operator's
 * and the cascade's business and do not fail the gate (a replay must not fail because an operator
 * stopped a plugin). A FAILED registration fails at once; a DOWN probe is polled every
 * {@value #POLL_MILLIS} ms until healthy or the timeout, so a healthy app passes on the first look. As {@link PluginCleanup} it unregisters the app's plugins
 * (deleting their durable records) before an uninstall. Threading: stateless; {@code PluginAdmin} is thread-safe.
 */
public final class PluginHealthGate implements HealthGate, PluginCleanup {

    public static final long POLL_MILLIS = 50;

    private final PluginAdmin admin;

    public PluginHealthGate(PluginAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void check(String app, Set<Long> bundleIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String failed = failedRegistration(bundleIds);
            if (failed != null) {
                // an invalid registration does not heal by waiting
                throw new InstallException(HEALTH_CHECK_FAILED, "app " + app + " failed its health gate: " + failed);
            }
            String problem = problem(bundleIds);
            if (problem == null) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new InstallException(HEALTH_CHECK_FAILED, "app " + app + " failed its health gate after "
                        + timeout.toMillis() + " ms: " + problem);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstallException(INTERRUPTED, "interrupted during the health gate of app " + app);
            }
        }
    }

    /**
     * Waits until every plugin the bundles declare ({@link DeclaredPlugins}) is known to the
     * engine under that bundle, then runs {@link #check(String, Set, Duration)} with what is left
     * of the timeout. A declared plugin that never registers (an unsatisfied reference, a failing
     * activate) fails the gate when the timeout runs out.
     */
    @Override
    public void check(String app, Collection<Bundle> bundles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Set<String>> declared = new LinkedHashMap<>();
        Map<Long, String> bsns = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        for (Bundle b : bundles) {
            ids.add(b.getBundleId());
            bsns.put(b.getBundleId(), b.getSymbolicName());
            Set<String> names = DeclaredPlugins.of(b);
            if (!names.isEmpty()) {
                declared.put(b.getBundleId(), names);
            }
        }
        while (true) {
            String missing = missing(declared, bsns);
            if (missing == null) {
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new InstallException(HEALTH_CHECK_FAILED, "app " + app + " failed its health gate after "
                        + timeout.toMillis() + " ms: " + missing);
            }
            pause(app);
        }
        check(app, ids, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** @return the first declared plugin not registered by its bundle, described, or null */
    private String missing(Map<Long, Set<String>> declared, Map<Long, String> bsns) {
        if (declared.isEmpty()) {
            return null;
        }
        Set<String> registered = new HashSet<>();
        for (PluginDTO p : admin.plugins()) {
            registered.add(p.bundleId + "/" + p.name);
        }
        for (Map.Entry<Long, Set<String>> e : declared.entrySet()) {
            for (String name : e.getValue()) {
                if (!registered.contains(e.getKey() + "/" + name)) {
                    return "plugin " + name + " declared by bundle " + bsns.get(e.getKey()) + " did not register";
                }
            }
        }
        return null;
    }

    private static void pause(String app) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException(INTERRUPTED, "interrupted during the health gate of app " + app);
        }
    }

    @Override
    public void unregisterPlugins(String app, Set<Long> bundleIds) {
        for (PluginDTO p : admin.plugins()) {
            // unregister works by name: only where the app owns the name, never another bundle's
            // plugin (a guard, say) whose name one of the app's registrations merely duplicated
            if (bundleIds.contains(p.bundleId)
                    && admin.plugin(p.name).filter(owner -> bundleIds.contains(owner.bundleId)).isPresent()) {
                try {
                    admin.unregister(p.name);
                } catch (IllegalArgumentException alreadyGone) {
                    // unregistered concurrently
                }
            }
        }
    }

    private String failedRegistration(Set<Long> bundleIds) {
        for (PluginDTO p : admin.plugins()) {
            if (bundleIds.contains(p.bundleId) && p.status == PluginStatus.FAILED) {
                return "plugin " + p.name + " (bundle " + p.bundle + ") FAILED: " + p.statusReason;
            }
        }
        return null;
    }

    private String problem(Set<Long> bundleIds) {
        Map<String, PluginDTO> mine = new HashMap<>();
        for (PluginDTO p : admin.plugins()) {
            if (bundleIds.contains(p.bundleId)) {
                mine.put(p.name, p);
            }
        }
        List<String> events = new ArrayList<>();
        for (PluginDTO p : mine.values()) {
            if (p.status.isActive() && p.event != null && !p.event.isEmpty() && !events.contains(p.event)) {
                events.add(p.event);
            }
        }
        for (String event : events) {
            EventHealthDTO health;
            try {
                health = admin.health(event);
            } catch (IllegalArgumentException gone) {
                continue;
            }
            for (HealthDTO h : health.plugins) {
                PluginDTO p = mine.get(h.plugin);
                if (p != null && p.status.isActive() && h.status == Health.Status.DOWN) {
                    return "plugin " + p.name + " on event " + event + " is DOWN: " + h.message;
                }
            }
        }
        return null;
    }
}
