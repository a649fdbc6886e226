package io.hookline.jmx.internal;

import io.hookline.event.Health;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stand-ins for the engine and the audit log, in plain Java (the mapping and the beans need nothing else). */
final class Fakes {

    private Fakes() {
    }

    static PluginDTO plugin(String name, String event, PluginStatus status) {
        PluginDTO p = new PluginDTO();
        p.id = "id-" + name;
        p.name = name;
        p.event = event;
        p.priority = 10;
        p.depends = new String[0];
        p.status = status;
        p.statusReason = "";
        p.bundle = "test.bundle";
        p.bundleId = 7;
        p.serviceId = 70;
        return p;
    }

    /** A PluginAdmin over a map of plugins; stop/enable/start/restart change the status, unknown names are refused as the engine does. */
    static final class Admin {
        final Map<String, PluginDTO> plugins = new TreeMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        RuntimeException failNext;
        List<EventHealthDTO> health = List.of();
        List<io.hookline.event.admin.EventMetricsDTO> metrics = List.of();

        PluginAdmin proxy() {
            return (PluginAdmin) Proxy.newProxyInstance(PluginAdmin.class.getClassLoader(), new Class<?>[] {PluginAdmin.class},
                    (self, method, args) -> {
                        String m = method.getName();
                        calls.add(m + (args == null ? "" : " " + args[0]));
                        if (failNext != null && (m.startsWith("st") || m.startsWith("en") || m.startsWith("re"))) {
                            RuntimeException e = failNext;
                            failNext = null;
                            throw e;
                        }
                        switch (m) {
                            case "plugins":
                                if (args == null) {
                                    return new ArrayList<>(plugins.values());
                                }
                                return plugins.values().stream().filter(p -> p.event.equals(args[0])).toList();
                            case "plugin":
                                return Optional.ofNullable(plugins.get((String) args[0]));
                            case "events":
                                TreeSet<String> events = new TreeSet<>();
                                plugins.values().forEach(p -> events.add(p.event));
                                return events;
                            case "health":
                                return health;
                            case "metrics":
                                if (args == null) {
                                    return metrics;
                                }
                                return metrics.stream().filter(e -> e.event.equals(args[0])).findFirst().orElseThrow(
                                        () -> new IllegalArgumentException("unknown event '" + args[0] + "'"));
                            case "stop":
                                return set((String) args[0], PluginStatus.STOPPED);
                            case "enable":
                            case "start":
                            case "restart":
                                return set((String) args[0], PluginStatus.STARTED);
                            case "stopEvent":
                                List<PluginDTO> of = plugins.values().stream().filter(p -> p.event.equals(args[0])).toList();
                                if (of.isEmpty()) {
                                    throw new IllegalArgumentException("unknown event '" + args[0] + "'");
                                }
                                of.forEach(p -> p.status = PluginStatus.STOPPED);
                                return of;
                            default:
                                throw new UnsupportedOperationException(m);
                        }
                    });
        }

        private PluginDTO set(String name, PluginStatus status) {
            PluginDTO p = plugins.get(name);
            if (p == null) {
                throw new IllegalArgumentException("unknown plugin '" + name + "'");
            }
            p.status = status;
            return p;
        }
    }

    /** An audit log that keeps what it is given. */
    static final class Audit implements AuditLog {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public AuditEntry append(AuditEntry entry) {
            entries.add(entry);
            return entry;
        }

        @Override
        public List<AuditEntry> entries(AuditQuery query) {
            return entries;
        }
    }

    static EventHealthDTO eventHealth(String event, Health.Status status, HealthDTO... plugins) {
        EventHealthDTO e = new EventHealthDTO();
        e.event = event;
        e.status = status;
        e.plugins = List.of(plugins);
        return e;
    }

    static HealthDTO health(String plugin, Health.Status status, String message) {
        HealthDTO h = new HealthDTO();
        h.plugin = plugin;
        h.status = status;
        h.message = message;
        return h;
    }

    /** Named as Karaf's JAAS user principal is: the callers read principals by class simple name. */
    static final class UserPrincipal implements Principal {
        private final String name;

        UserPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    /** Named as Karaf's JAAS role principal is. */
    static final class RolePrincipal implements Principal {
        private final String name;

        RolePrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
