package io.hookline.core.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the engine's plugin lifecycle changes to OSGi Event Admin ({@code postEvent}). A component
 * of its own so that Event Admin stays optional: without it this component is unsatisfied and the
 * engine has no listener (the bundle imports {@code org.osgi.service.event} optionally, and this is
 * the only class naming it). Threading: called on the engine's lifecycle thread; Event Admin is
 * thread-safe.
 */
@Component(service = LifecycleListener.class)
public final class EventAdminLifecycleNotifier implements LifecycleListener {

    private final EventAdmin eventAdmin;

    /** @param eventAdmin the Event Admin */
    @Activate
    public EventAdminLifecycleNotifier(@Reference(name = "eventAdmin") EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void changed(String topic, Map<String, Object> properties) {
        eventAdmin.postEvent(new Event(topic, properties));
    }
}
