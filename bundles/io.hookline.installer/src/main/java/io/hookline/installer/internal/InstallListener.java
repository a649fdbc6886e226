package io.hookline.installer.internal;

import java.util.Map;

/**
 * Told of every completed change (the {@code Installer.TOPIC_*} topics with their properties).
 * Registered as a service of this bundle's private type by {@link EventAdminNotifier}, so the
 * installer needs no Event Admin classes itself. Threading: called on the installing thread after
 * the change is durable; must not block; exceptions are logged and ignored.
 */
public interface InstallListener {

    /**
     * @param topic one of the {@code Installer.TOPIC_*} constants
     * @param properties the event properties ({@code Installer.EVENT_*}), immutable
     */
    void changed(String topic, Map<String, Object> properties);
}
