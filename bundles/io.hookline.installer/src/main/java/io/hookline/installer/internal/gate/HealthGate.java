package io.hookline.installer.internal.gate;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * The last step of an install: decides whether an app's freshly started bundles are healthy
 * enough to keep. Implemented over the engine's {@link io.hookline.event.admin.PluginAdmin} by
 * {@link PluginHealthGate}; {@link #NONE} when the engine is absent, so the installer works
 * without it. Threading: called on the installing thread, under the app's lock.
 */
@FunctionalInterface
public interface HealthGate {

    /** Passes everything: no engine to ask. */
    HealthGate NONE = (app, bundleIds, timeout) -> { };

    /**
     * @param app the app
     * @param bundleIds the app's bundle ids
     * @param timeout how long unhealthy plugins may take to become healthy
     * @throws io.hookline.installer.InstallException {@code HEALTH_CHECK_FAILED} naming the plugin and why
     */
    void check(String app, Set<Long> bundleIds, Duration timeout);

    /**
     * The gate over the app's started bundles; a gate that knows what the bundles declare (the
     * {@link PluginHealthGate}) first waits, within the timeout, for every declared plugin to
     * register. By default, {@link #check(String, Set, Duration)} on their ids.
     *
     * @param app the app
     * @param bundles the app's bundles, started
     * @param timeout how long the plugins may take to register and become healthy
     */
    default void check(String app, Collection<Bundle> bundles, Duration timeout) {
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        check(app, ids, timeout);
    }
}
