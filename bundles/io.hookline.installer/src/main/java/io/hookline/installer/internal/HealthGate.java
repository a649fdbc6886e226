package io.hookline.installer.internal;

import java.time.Duration;
import java.util.Set;

/**
 * The last step of an install: decides whether an app's freshly started bundles are healthy
 * enough to keep. Implemented over the engine's {@link io.hookline.event.admin.PluginAdmin} by
 * {@link PluginHealthGate}; {@link #NONE} when the engine is absent, so the installer works
 * without it. Threading: called on the installing thread, under the app's lock.
 */
@FunctionalInterface
interface HealthGate {

    /** Passes everything: no engine to ask. */
    HealthGate NONE = (app, bundleIds, timeout) -> { };

    /**
     * @param app the app
     * @param bundleIds the app's bundle ids
     * @param timeout how long unhealthy plugins may take to become healthy
     * @throws io.hookline.installer.InstallException {@code HEALTH_CHECK_FAILED} naming the plugin and why
     */
    void check(String app, Set<Long> bundleIds, Duration timeout);
}
