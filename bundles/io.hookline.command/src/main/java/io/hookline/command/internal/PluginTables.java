package io.hookline.command.internal;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginDTO;
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

    /** Widest a reason or message cell gets; the full text is in {@code hook:info <plugin>}. */
    static final int MAX_TEXT = 60;

    /** {@link #plugins(List, java.util.function.Function)} with every event undeclared. */
    static ShellTable plugins(List<PluginDTO> plugins) {
        return plugins(plugins, event -> "");
    }

    /**
     * Name, Event, Priority, Status, Reason, Bundle, ID, Event Type: one row per plugin, in the
     * given order. An open breaker shows in the reason ("skipped until 12:00:30 after 5
     * failures"); Event Type is the event's declared state type (its contract), or "any" when the
     * event is undeclared.
     *
     * @param declaredType per event name, the declared type's name, or "" for none
     */
    static ShellTable plugins(List<PluginDTO> plugins, java.util.function.Function<String, String> declaredType) {
        ShellTable table = new ShellTable().emptyTableText("no plugins");
        table.column("Name");
        table.column("Event");
        table.column("Priority").alignRight();
        table.column("Status");
        table.column("Reason");
        table.column("Bundle");
        table.column("ID");
        table.column("Event Type");
        java.util.Map<String, String> types = new java.util.HashMap<>();
        for (PluginDTO p : plugins) {
            String type = types.computeIfAbsent(text(p.event), e -> {
                String t = declaredType.apply(e);
                return t == null || t.isEmpty() ? "any" : text(t);
            });
            table.addRow().addContent(text(p.name), text(p.event), p.priority, p.status, cut(reason(p)), bundle(p), text(p.id),
                    type);
        }
        return table;
    }

    /** Position (or "-" when left out), Plugin, Priority, Status, Reason. */
    static ShellTable chain(ChainDTO chain) {
        ShellTable table = new ShellTable().emptyTableText("no plugins on " + text(chain.event));

        table.column("Position").alignRight();
        table.column("Plugin");
        table.column("Priority").alignRight();
        table.column("Status");
        table.column("Reason");
        for (ChainDTO.Entry e : chain.entries) {
            table.addRow().addContent(e.position > 0 ? String.valueOf(e.position) : "-", text(e.plugin), e.priority, e.status,
                    cut(e.reason));
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
                table.addRow().addContent(text(event.event), event.status, text(h.plugin), h.status, cut(h.message),
                        String.format(Locale.ROOT, "%.1f", h.durationMicros / 1000.0));
            }
        }
        return table;
    }

    /**
     * "Cluster: DEGRADED partitioned: missing C (...)", or "Cluster: OK": a part beside the engine,
     * uncut (the names of missing members are the point); a contributor that throws is reported as
     * such rather than failing the command.
     */
    static String contributor(io.hookline.event.admin.HealthContributor c) {
        String name;
        try {
            name = text(c.name());
        } catch (RuntimeException e) {
            name = c.getClass().getName();
        }
        try {
            io.hookline.event.Health h = c.health();
            return name + ": " + h.status() + ("ok".equals(h.message()) || h.message().isEmpty() ? "" : " " + text(h.message()));
        } catch (RuntimeException e) {
            return name + ": DOWN health not available: " + e;
        }
    }

    /** "Event user_registered: java.util.Map - A user signed up", or "(undeclared)" after the name. */
    static String contract(ChainDTO chain) {
        if (chain.type == null || chain.type.isEmpty()) {
            return "Event " + text(chain.event) + " (undeclared: any state type)";
        }
        return "Event " + text(chain.event) + ": " + text(chain.type)
                + (chain.description == null || chain.description.isEmpty() ? "" : " - " + text(chain.description));
    }

    /** The status reason, with the breaker's state when it is open. */
    static String reason(PluginDTO p) {
        String reason = text(p.statusReason);
        if (p.breakerOpenUntil > 0) {
            String breaker = "skipped until " + clock(p.breakerOpenUntil) + " after " + p.consecutiveFailures
                    + " failures";
            return reason.isEmpty() ? breaker : reason + "; " + breaker;
        }
        return reason;
    }

    static String clock(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(java.time.Instant.ofEpochMilli(epochMillis).atZone(java.time.ZoneId.systemDefault()));
    }

    /** Cuts text to {@link #MAX_TEXT}, ending in "..." when cut. */
    static String cut(String s) {
        String t = text(s);
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 3) + "...";
    }

    /** {@code hook:info}: every field of one plugin, one "Key: value" line each, nothing cut. */
    static List<String> info(PluginDTO p) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Name:          " + p.name);
        lines.add("Event:         " + p.event);
        lines.add("Priority:      " + p.priority);
        lines.add("Depends on:    " + (p.depends == null || p.depends.length == 0 ? "-" : String.join(", ", p.depends)));
        lines.add("Critical:      " + (p.critical ? "yes (fails closed: its event's calls halt while it cannot run)" : "no"));
        lines.add("State type:    " + (text(p.stateType).isEmpty() ? "- (not declared by the handler)" : p.stateType));
        lines.add("Status:        " + p.status);
        lines.add("Reason:        " + (text(p.statusReason).isEmpty() ? "-" : p.statusReason));
        lines.add("Breaker:       " + (p.breakerOpenUntil > 0 ? "open, skipped until " + clock(p.breakerOpenUntil)
                : "closed") + ", " + p.consecutiveFailures + " failure(s) in a row");
        lines.add("Last failure:  " + (p.lastFailure == null ? "-" : p.lastFailure));
        lines.add("Bundle:        " + bundle(p));
        lines.add("Service id:    " + p.serviceId);
        lines.add("Record id:     " + text(p.id));
        lines.add("Created:       " + (p.insertedAt > 0 ? java.time.Instant.ofEpochMilli(p.insertedAt) : "-"));
        lines.add("Updated:       " + (p.updatedAt > 0 ? java.time.Instant.ofEpochMilli(p.updatedAt) : "-"));
        lines.replaceAll(PluginTables::text);
        return lines;
    }

    private static String bundle(PluginDTO p) {
        if (p.bundle == null || p.bundle.isEmpty()) {
            return "";
        }
        return text(p.bundleId >= 0 ? p.bundle + " [" + p.bundleId + "]" : p.bundle);
    }

    /**
     * Null as empty, and every control or format character (ESC, CR, LF, C1 controls, bidi
     * overrides) as a visible backslash-u escape: names, reasons and messages come from plugins, and
     * a hostile one must not move the cursor, erase its own row or start a fake one.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
