package io.hookline.core.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one locked operation changed: plugins whose record may need writing and events whose chain
 * must be rebuilt. Collected during the operation and applied once at its end, so no reader sees
 * an in-between chain and no record is written for a state that lasted only inside the operation.
 * Threading: confined to the thread holding the registry lock.
 */
final class ChangeSet {

    final Set<PluginState> touched = new LinkedHashSet<>();
    final Set<String> events = new TreeSet<>();

    void touch(PluginState p) {
        touched.add(p);
    }

    void event(String event) {
        if (event != null && !event.isEmpty()) {
            events.add(event);
        }
    }

    boolean isEmpty() {
        return touched.isEmpty() && events.isEmpty();
    }
}
