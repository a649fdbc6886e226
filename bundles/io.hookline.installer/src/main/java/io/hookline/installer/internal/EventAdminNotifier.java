package io.hookline.installer.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the installer's changes to OSGi Event Admin (asynchronously, {@code postEvent}), the
 * lifecycle broadcast the reference library makes after every install. A component of its own so
 * that Event Admin stays optional: without it this component is unsatisfied and nothing else
 * changes (the bundle imports {@code org.osgi.service.event} optionally). Threading: Event Admin
 * is thread-safe; {@link #changed} is called on installing threads.
 */
@Component(service = InstallListener.class)
public final class EventAdminNotifier implements InstallListener {

    private final EventAdmin eventAdmin;

    /** @param eventAdmin the Event Admin */
    @Activate
    public EventAdminNotifier(@Reference(name = "eventAdmin") EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void changed(String topic, Map<String, Object> properties) {
        eventAdmin.postEvent(new Event(topic, properties));
    }
}
