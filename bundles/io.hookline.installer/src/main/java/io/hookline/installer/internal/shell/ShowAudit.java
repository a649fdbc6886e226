package io.hookline.installer.internal.shell;

import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code installer:audit [--app X] [--since T] [--limit N]}: the audit log's installer entries, oldest first. */
@Service
@Command(scope = "installer", name = "audit", description = "Shows the audit log: every install, upgrade, uninstall,"
        + " refusal and replay, with who asked and the outcome.")
public class ShowAudit implements Action {

    @Reference
    AuditLog audit;

    @Option(name = "--app", description = "Only entries about this app")
    @Completion(AppNameCompleter.class)
    String app;

    @Option(name = "--since", description = "Only entries since: an instant (2026-12-01T10:00:00Z), a date"
            + " (2026-12-01, UTC) or an age (30m, 2h, 7d)")
    String since;

    @Option(name = "--limit", description = "At most the newest N entries (default 100, 0 for all)")
    int limit = 100;

    @Override
    public Object execute() {
        AuditQuery query = AuditQuery.all().limit(Math.max(0, limit));
        if (app != null) {
            query = query.app(app);
        }
        if (since != null) {
            query = query.since(AuditText.since(since, System.currentTimeMillis()));
        }
        AuditText.print(audit.entries(query), System.out);
        return null;
    }
}
