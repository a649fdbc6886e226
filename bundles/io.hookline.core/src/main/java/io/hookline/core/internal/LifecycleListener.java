package io.hookline.core.internal;

import java.util.Map;

/**
 * Told of every plugin lifecycle change (the {@code PluginAdmin.TOPIC_*} topics with their
 * {@code PluginAdmin.EVENT_*} properties). Registered as a service of this bundle's private type
 * by {@link EventAdminLifecycleNotifier}, so the engine needs no Event Admin classes itself and
 * Event Admin stays optional. Threading: called on the engine's one lifecycle thread, in the order
 * the changes happened, never on a calling thread; exceptions are logged and ignored.
 */
public interface LifecycleListener {

    /**
     * @param topic one of the {@code PluginAdmin.TOPIC_*} constants
     * @param properties the event properties, immutable
     */
    void changed(String topic, Map<String, Object> properties);
}
