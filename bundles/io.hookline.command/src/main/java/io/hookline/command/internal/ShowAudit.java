package io.hookline.command.internal;

import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:audit}: the operator verbs on plugins from the store's audit log (who, when, what,
 * outcome), oldest first. Reads only; open to viewers by the shipped ACL.
 */
@Service
@Command(scope = "hook", name = "audit", description = "Shows who ran which operator verb on which plugin, and with what outcome.")
public class ShowAudit implements Action {


    @Reference(optional = true)
    AuditLog audit;

    @Option(name = "-p", aliases = "--plugin", description = "Only entries about this plugin")
    @Completion(PluginNameCompleter.class)
    String plugin;

    @Option(name = "-s", aliases = "--since", description = "Only entries since: an instant (2026-12-01T10:00:00Z), a date (2026-12-01) or an age (30m, 2h, 7d)")
    String since;

    @Option(name = "-n", aliases = "--limit", description = "At most this many entries, the newest (default 100)")
    int limit = 100;

    @Override
    public Object execute() throws Exception {
        if (audit == null) {
            throw UserError.of(new IllegalStateException("no audit log service is running (feature hookline)"));
        }
        if (limit < 1) {
            throw UserError.of(new IllegalArgumentException("--limit must be at least 1, not " + limit));
        }
        AuditQuery q = AuditQuery.all().limit(limit);
        if (plugin != null) {
            q = q.plugin(plugin);
        }
        if (since != null) {
            try {
                q = q.since(since(since, System.currentTimeMillis()));
            } catch (IllegalArgumentException e) {
                throw UserError.of(e);
            }
        }
        List<AuditEntry> entries = audit.entries(q).stream().filter(e -> e.action().startsWith("plugin.")).toList();
        print(entries, System.out);
        return null;
    }

    /**
     * @param since an ISO instant, a date (UTC midnight) or an age {@code <n>s|m|h|d}
     * @param now the current time
     * @return the epoch millis it names
     * @throws IllegalArgumentException naming the accepted forms
     */
    static long since(String since, long now) {
        return io.hookline.store.audit.AuditQuery.parseSince(since, now);
    }

    /** Prints a header and one line per entry: time, who, verb, result, target, reason. */
    static void print(List<AuditEntry> entries, PrintStream out) {
        if (entries.isEmpty()) {
            out.println("No operator actions on plugins in the audit log.");
            return;
        }
        out.println(String.format("%-24s %-16s %-18s %-8s %s", "When (UTC)", "Who", "Action", "Result", "Plugin"));
        for (AuditEntry e : entries) {
            String reason = e.reason().isEmpty() ? "" : " - " + printable(e.reason());
            out.println(String.format("%-24s %-16s %-18s %-8s %s%s", Instant.ofEpochMilli(e.when()),
                    e.who().isEmpty() ? "-" : printable(e.who()), e.action(), e.result(),
                    printable(e.plugin()), reason));
        }
    }

    /** @return the text with control characters (ANSI escapes, line breaks) shown as '?' */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
