package io.hookline.command.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * The shape shared by {@code hook:start|stop|restart|enable|unregister}: one plugin by name, every
 * plugin of an event ({@code -e}), or every plugin ({@code -a}). Exactly one target must be given.
 * Prints the plugins as they are after the change. An unknown name or a refused verb prints the
 * engine's message as one console line, not a logged stack trace (see {@link UserError}).
 */
public abstract class PluginVerb implements Action {

    @Reference
    PluginAdmin admin;

    /** Where the verb is recorded (who, what, outcome); absent: not audited. */
    @Reference(optional = true)
    AuditLog audit;

    @Argument(index = 0, name = "plugin", description = "The plugin name", required = false)
    @Completion(PluginNameCompleter.class)
    String plugin;

    @Option(name = "-e", aliases = "--event", description = "Apply to every plugin of this event")
    @Completion(EventNameCompleter.class)
    String event;

    @Option(name = "-a", aliases = "--all", description = "Apply to every plugin")
    boolean all;

    /** @return the verb as typed, for messages */
    abstract String verb();

    abstract PluginDTO applyTo(String plugin);

    abstract List<PluginDTO> applyToEvent(String event);

    abstract List<PluginDTO> applyToAll();

    @Override
    public Object execute() throws Exception {
        String target = plugin != null ? plugin : event != null ? "event:" + event : all ? "*" : "";
        List<PluginDTO> changed;
        try {
            changed = apply();
        } catch (IllegalArgumentException e) {
            OperatorAudit.record(audit, verb(), target, AuditEntry.REFUSED, e.getMessage());
            throw UserError.of(e);
        } catch (IllegalStateException e) {
            OperatorAudit.record(audit, verb(), target, AuditEntry.FAILED, e.getMessage());
            throw UserError.of(e);
        } catch (RuntimeException e) {
            OperatorAudit.record(audit, verb(), target, AuditEntry.FAILED, String.valueOf(e));
            throw e;
        }
        OperatorAudit.record(audit, verb(), target, AuditEntry.OK, "");
        PluginTables.plugins(changed).print(System.out);
        return null;
    }

    List<PluginDTO> apply() {
        int targets = (plugin != null ? 1 : 0) + (event != null ? 1 : 0) + (all ? 1 : 0);
        if (targets != 1) {
            throw new IllegalArgumentException("hook:" + verb() + " needs exactly one of: <plugin>, -e <event>, -a");
        }
        if (plugin != null) {
            return List.of(applyTo(plugin));
        }
        return event != null ? applyToEvent(event) : applyToAll();
    }
}
