package io.hookline.installer.internal.shell;

import io.hookline.store.audit.AuditEntry;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * Text of {@code installer:audit}: parses {@code --since} and prints entries, one a line. Kept
 * apart from the command so it is unit-tested without a shell. Threading: stateless.
 */
public final class AuditText {


    private AuditText() {
    }

    /**
     * @param since an ISO instant ({@code 2026-12-01T10:00:00Z}), a date ({@code 2026-12-01},
     *     midnight UTC) or an age ({@code 30m}, {@code 2h}, {@code 7d}) before {@code now}
     * @param now epoch millis
     * @return epoch millis
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long since(String since, long now) {
        return io.hookline.store.audit.AuditQuery.parseSince(since, now);
    }

    /** Prints a header and one line per entry: time, who, action, result, app version, sha256, source, reason. */
    public static void print(List<AuditEntry> entries, PrintStream out) {
        if (entries.isEmpty()) {
            out.println("No audit entries.");
            return;
        }
        out.println(String.format("%-24s %-16s %-10s %-8s %s", "When (UTC)", "Who", "Action", "Result", "What"));
        for (AuditEntry e : entries) {
            StringBuilder what = new StringBuilder();
            if (!e.app().isEmpty()) {
                what.append(e.app());
                if (!e.version().isEmpty()) {
                    what.append(' ').append(e.version());
                }
            }
            if (!e.plugin().isEmpty()) {
                what.append(what.length() > 0 ? " " : "").append("plugin ").append(e.plugin());
            }
            if (!e.sha256().isEmpty()) {
                what.append(" sha256 ").append(e.sha256(), 0, Math.min(12, e.sha256().length()));
            }
            if (!e.signer().isEmpty()) {
                what.append(" signer ").append(e.signer());
            }
            if (!e.source().isEmpty()) {
                what.append(" from ").append(e.source());
            }
            if (!e.reason().isEmpty()) {
                what.append(" - ").append(e.reason());
            }
            out.println(String.format("%-24s %-16s %-10s %-8s %s", Instant.ofEpochMilli(e.when()),
                    e.who().isEmpty() ? "-" : e.who(), e.action(), e.result(), what));
        }
    }
}
