package io.hookline.command.internal;

import io.hookline.event.ChainDTO;
import io.hookline.event.EventHealthDTO;
import io.hookline.event.HealthDTO;
import io.hookline.event.PluginDTO;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Builds the shell tables of the {@code hook:*} commands from the engine's DTOs. Kept apart from
 * the actions so the layout is unit-testable without a shell.
 */
final class PluginTables {

    private PluginTables() {
    }

    /** Name, Event, Priority, Status, Reason, Bundle, ID: one row per plugin, in the given order. */
    static ShellTable plugins(List<PluginDTO> plugins) {
        ShellTable table = new ShellTable().emptyTableText("no plugins");
        table.column("Name");
        table.column("Event");
        table.column("Priority").alignRight();
        table.column("Status");
        table.column("Reason");
        table.column("Bundle");
        table.column("ID");
        for (PluginDTO p : plugins) {
            table.addRow().addContent(p.name, p.event, p.priority, p.status, text(p.statusReason), bundle(p), text(p.id));
        }
        return table;
    }

    /** Position (or "-" when left out), Plugin, Priority, Status, Reason. */
    static ShellTable chain(ChainDTO chain) {
        ShellTable table = new ShellTable().emptyTableText("no plugins on " + chain.event);
        table.column("Position").alignRight();
        table.column("Plugin");
        table.column("Priority").alignRight();
        table.column("Status");
        table.column("Reason");
        for (ChainDTO.Entry e : chain.entries) {
            table.addRow().addContent(e.position > 0 ? String.valueOf(e.position) : "-", e.plugin, e.priority, e.status,
                    text(e.reason));
        }
        return table;
    }

    /** Event, Event Status, Plugin, Status, Message, Took (ms): one row per plugin probe. */
    static ShellTable health(List<EventHealthDTO> events) {
        ShellTable table = new ShellTable().emptyTableText("no plugins");
        table.column("Event");
        table.column("Event Status");
        table.column("Plugin");
        table.column("Status");
        table.column("Message");
        table.column("Took (ms)").alignRight();
        for (EventHealthDTO event : events) {
            for (HealthDTO h : event.plugins) {
                table.addRow().addContent(event.event, event.status, h.plugin, h.status, text(h.message),
                        String.format(Locale.ROOT, "%.1f", h.durationMicros / 1000.0));
            }
        }
        return table;
    }

    private static String bundle(PluginDTO p) {
        if (p.bundle == null || p.bundle.isEmpty()) {
            return "";
        }
        return p.bundleId >= 0 ? p.bundle + " [" + p.bundleId + "]" : p.bundle;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
