package io.hookline.installer.internal.gate;

import java.util.Set;

/**
 * Forgets the plugins of an app that is being uninstalled: their durable records in the engine
 * (ids, stopped statuses) are deleted and they leave their chains before their bundles go, so an
 * uninstalled app leaves no plugin behind. Not used on upgrade, where statuses must survive the
 * bundle update. Implemented over {@link io.hookline.event.admin.PluginAdmin} by
 * {@link PluginHealthGate}; {@link #NONE} without the engine. Threading: called under the app's lock.
 */
@FunctionalInterface
public interface PluginCleanup {

    /** Nothing to clean: no engine. */
    PluginCleanup NONE = (app, bundleIds) -> { };

    /**
     * @param app the app
     * @param bundleIds its bundle ids
     */
    void unregisterPlugins(String app, Set<Long> bundleIds);
}
