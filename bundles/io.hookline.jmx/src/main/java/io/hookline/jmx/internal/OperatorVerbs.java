package io.hookline.jmx.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.jmx.PluginData;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs the operator verbs (start, stop, enable, restart) that arrive over JMX, for one plugin or one
 * event, through {@link PluginAdmin} (whose guard refuses an authenticated caller without the admin
 * role), and writes one audit entry per verb as the shell does: who ({@code jmx:<user>}), action
 * {@code plugin.<verb>}, target (the plugin, {@code event:<name>}), outcome. Errors reach the client
 * as new JDK exceptions carrying only the message, never a cause of a Hookline type (a JMX client
 * could not deserialise it). An audit failure never changes the verb's outcome: it goes to stderr,
 * as the shell's does. Threading: thread-safe; call on the request's thread (the caller is read
 * from its access control context).
 */
final class OperatorVerbs {

    /** The verbs a JMX client may run. */
    enum Verb {
        START, STOP, ENABLE, RESTART;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final PluginAdmin admin;
    private final Supplier<AuditLog> audit;
    private final LongSupplier clock;

    /**
     * @param admin the engine's admin
     * @param audit the audit log, or a supplier of null when there is none
     * @param clock epoch millis, for the breaker state of the returned plugins
     */
    OperatorVerbs(PluginAdmin admin, Supplier<AuditLog> audit, LongSupplier clock) {
        this.admin = admin;
        this.audit = audit;
        this.clock = clock;
    }

    PluginData onPlugin(Verb verb, String plugin) {
        String name = required(verb, "plugin", plugin);
        return run(verb, name, () -> DataMapping.plugin(switch (verb) {
            case START -> admin.start(name);
            case STOP -> admin.stop(name);
            case ENABLE -> admin.enable(name);
            case RESTART -> admin.restart(name);
        }, clock.getAsLong()));
    }

    List<PluginData> onEvent(Verb verb, String event) {
        String name = required(verb, "event", event);
        return run(verb, "event:" + name, () -> {
            List<PluginDTO> changed = switch (verb) {
                case START -> admin.startEvent(name);
                case STOP -> admin.stopEvent(name);
                case ENABLE -> admin.enableEvent(name);
                case RESTART -> admin.restartEvent(name);
            };
            return DataMapping.plugins(changed, clock.getAsLong());
        });
    }

    private static String required(Verb verb, String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(verb.id() + " needs a" + (what.startsWith("e") ? "n " : " ") + what
                    + " name; none was given");
        }
        return value.strip();
    }

    private <T> T run(Verb verb, String target, Supplier<T> action) {
        T result;
        try {
            result = action.get();
        } catch (IllegalArgumentException e) {
            record(verb, target, AuditEntry.REFUSED, e.getMessage());
            throw new IllegalArgumentException(e.getMessage());
        } catch (SecurityException e) {
            record(verb, target, AuditEntry.REFUSED, e.getMessage());
            throw new SecurityException(e.getMessage());
        } catch (IllegalStateException e) {
            record(verb, target, AuditEntry.FAILED, e.getMessage());
            throw new IllegalStateException(e.getMessage());
        } catch (RuntimeException e) {
            record(verb, target, AuditEntry.FAILED, String.valueOf(e));
            throw new IllegalStateException(verb.id() + " " + target + " failed: " + e);
        }
        record(verb, target, AuditEntry.OK, "");
        return result;
    }

    private void record(Verb verb, String target, String result, String reason) {
        AuditLog log = audit.get();
        if (log == null) {
            return;
        }
        try {
            log.append(AuditEntry.builder().who(JmxCaller.requester()).action("plugin." + verb.id()).plugin(target)
                    .result(result).reason(reason == null ? "" : reason).build());
        } catch (RuntimeException e) {
            System.err.println("JMX " + verb.id() + " " + target + " was done, but its audit entry could not be written: "
                    + e.getMessage());
        }
    }
}
