package io.hookline.jmx.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps one registered MBean per plugin name the engine knows: {@link #sync} registers the names
 * that are new and withdraws those that are gone. Why by name and against the engine's list: the
 * lifecycle events only say that something changed (a duplicate may take over a name whose owner
 * left), and the engine's list is the one source of truth. Threading: {@link #sync} and
 * {@link #close} are serialised; registration happens on the caller's thread.
 */
final class PluginBeans implements AutoCloseable {

    /** Registers one plugin's MBean; the returned handle withdraws it. */
    @FunctionalInterface
    interface Registrar {
        Registration register(String plugin);
    }

    /** A registered MBean. */
    @FunctionalInterface
    interface Registration {
        void unregister();
    }

    private final Registrar registrar;
    /** Under {@code this}. */
    private final Map<String, Registration> byName = new HashMap<>();
    private boolean closed;

    PluginBeans(Registrar registrar) {
        this.registrar = registrar;
    }

    /** @param names the plugin names the engine knows now (duplicates allowed) */
    synchronized void sync(Collection<String> names) {
        if (closed) {
            return;
        }
        Set<String> wanted = new HashSet<>(names);
        byName.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().unregister();
            return true;
        });
        for (String name : wanted) {
            if (name != null && !name.isEmpty() && !byName.containsKey(name)) {
                byName.put(name, registrar.register(name));
            }
        }
    }

    /** @return the names that have an MBean, sorted */
    synchronized Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        byName.values().forEach(Registration::unregister);
        byName.clear();
    }
}
