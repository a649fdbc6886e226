package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Reads the state type a handler class declares through {@code EventHandler<T>}, and says whether
 * it accepts an event's declared type.
 *
 * <p>Why reflection at registration: the check then runs once per plugin, not per call; a lambda
 * or a raw or type-variable {@code T} gives no type, which fits every event. Stateless.
 */
final class StateTypes {

    private StateTypes() {
    }

    /** @return the class {@code T} of the handler's {@code EventHandler<T>}, or null if unknown */
    static Class<?> of(EventHandler<?> handler) {
        for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType pt && pt.getRawType() == EventHandler.class) {
                    Type arg = pt.getActualTypeArguments()[0];
                    if (arg instanceof Class<?> k) {
                        return k;
                    }
                    if (arg instanceof ParameterizedType p && p.getRawType() instanceof Class<?> k) {
                        return k;
                    }
                    return null;
                }
            }
        }
        return null;
    }

    /** @return null if a handler of {@code stateType} accepts states of {@code declared}, else why not */
    static String mismatch(String plugin, Class<?> stateType, String event, Class<?> declared) {
        if (declared == null || stateType == null || stateType.isAssignableFrom(declared)) {
            return null;
        }
        return "state type " + stateType.getName() + " of plugin '" + plugin + "' does not fit event '" + event
                + "', declared as " + declared.getName();
    }
}
