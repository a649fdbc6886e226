package io.hookline.event;

import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An event's contract, declared by the application that calls it: its name, its state type and
 * a one-line description. Register one as an OSGi service per event the application calls (for
 * example from its DS component's activate, or as a component implementing this interface).
 *
 * <p>Once declared: a plugin whose handler's state type does not accept the declared type is
 * {@link io.hookline.event.admin.PluginStatus#FAILED} at registration with a reason naming both types; a
 * {@link Dispatcher#call(String, Object)} with an input of another type is refused with an
 * {@link IllegalArgumentException} before any plugin runs (and counts against no breaker); replies
 * are checked against the declared type. Events nobody declares keep working as before. If two
 * services declare the same name, the first one bound wins and the other is ignored with a warning.
 *
 * @param <T> the state type
 */
@ConsumerType
public interface EventType<T> {

    /** @return the event name, not empty */
    String name();

    /** @return the state type every plugin of the event receives and returns */
    Class<T> type();

    /** @return one line saying what the event is for; may be empty */
    String description();

    /**
     * @param name the event name
     * @param type the state type
     * @param description one line; null means empty
     * @param <T> the state type
     * @return an immutable declaration to register as a service
     */
    static <T> EventType<T> of(String name, Class<T> type, String description) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name must not be empty");
        }
        String text = description == null ? "" : description;
        return new EventType<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public String description() {
                return text;
            }

            @Override
            public String toString() {
                return "EventType[" + name + ", " + type.getName() + "]";
            }
        };
    }
}
