package io.hookline.installer.internal.shell;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallPlanDTO;
import io.hookline.installer.InstallRequest;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code installer:*} commands print and how {@code installer:install}'s options become a
 * request, kept apart from the Karaf action classes so it is unit-testable without a shell.
 * Threading: stateless.
 */
final class InstallerText {

    private InstallerText() {
    }

    /**
     * @return the request the options describe
     * @throws IllegalArgumentException unless exactly one source is given, or a GitHub tag lacks {@code @tag}
     */
    static InstallRequest request(String path, String url, String githubTag, String githubLatest, String maven,
            String asset) {
        int sources = count(path) + count(url) + count(githubTag) + count(githubLatest) + count(maven);
        if (sources != 1) {
            throw new IllegalArgumentException("give exactly one source: --path, --url, --github-tag owner/repo@tag,"
                    + " --github-latest owner/repo or --maven g:a:v");
        }
        if (asset != null && githubTag == null && githubLatest == null) {
            throw new IllegalArgumentException("--asset only applies to --github-tag and --github-latest");
        }
        if (path != null) {
            return InstallRequest.path(java.nio.file.Path.of(path));
        }
        if (url != null) {
            return InstallRequest.url(url);
        }
        if (githubTag != null) {
            int at = githubTag.indexOf('@');
            if (at <= 0 || at == githubTag.length() - 1) {
                throw new IllegalArgumentException("--github-tag takes owner/repo@tag, got '" + githubTag + "'");
            }
            return InstallRequest.githubTag(githubTag.substring(0, at), githubTag.substring(at + 1), asset);
        }
        if (githubLatest != null) {
            return InstallRequest.githubLatestRelease(githubLatest, asset);
        }
        return InstallRequest.maven(maven);
    }

    private static int count(String s) {
        return s == null ? 0 : 1;
    }

    /**
     * @param e a refusal
     * @return an exception whose message (what the shell prints) leads with the reason code
     */
    static IllegalStateException explain(InstallException e) {
        return new IllegalStateException(e.describe(), e);
    }

    /** Prints a one-line progress report, overwriting the previous one. */
    static String progress(long done, long total) {
        return "\rfetch " + bytes(done) + (total > 0 ? " / " + bytes(total) + " (" + (done * 100 / total) + "%)" : "");
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    /** @return the {@code installer:list} table */
    static ShellTable apps(List<AppDTO> apps) {
        ShellTable table = new ShellTable().emptyTableText("no apps installed");
        table.column("App");
        table.column("Version");
        table.column("Status");
        table.column("Bundles").alignRight();
        table.column("Source");
        table.column("Updated");
        for (AppDTO a : apps) {
            table.addRow().addContent(a.app, a.version, a.status.name(), a.artifacts.length, a.source,
                    Instant.ofEpochMilli(a.updatedAt).toString());
        }
        return table;
    }

    static void apps(List<AppDTO> apps, PrintStream out) {
        apps(apps).print(out);
        for (AppDTO a : apps) {
            if (a.status == AppDTO.Status.FAILED) {
                out.println(a.app + ": " + a.failureReason);
            }
        }
    }

    static void app(AppDTO a, PrintStream out) {
        out.println("App:          " + a.app);
        out.println("Version:      " + a.version);
        out.println("Status:       " + a.status + (a.failureReason.isEmpty() ? "" : " (" + a.failureReason + ")"));
        out.println("Id:           " + a.id);
        out.println("Source:       " + a.source);
        out.println("Fetched from: " + a.resolvedFrom);
        out.println("sha256:       " + a.sha256);
        out.println("Signed by:    " + (a.signer == null || a.signer.isEmpty() ? "-" : a.signer));
        out.println("Requested by: " + (a.requestedBy.isEmpty() ? "-" : a.requestedBy));
        if (a.origin != null && !a.origin.isEmpty()) {
            // PENDING / FAILED of a record another node wrote are this node's outcome, not the record's
            out.println("Recorded by:  node " + a.origin);
        }
        out.println("Installed:    " + Instant.ofEpochMilli(a.installedAt));
        out.println("Updated:      " + Instant.ofEpochMilli(a.updatedAt));
        artifacts(a.artifacts).print(out);
    }

    /** @return the table of an app's bundles */
    static ShellTable artifacts(ArtifactDTO[] artifacts) {
        ShellTable table = new ShellTable().emptyTableText("no bundles");
        table.column("Id").alignRight();
        table.column("Symbolic name");
        table.column("Version");
        table.column("Size").alignRight();
        table.column("sha256");
        for (ArtifactDTO x : artifacts) {
            table.addRow().addContent(x.bundleId < 0 ? "-" : Long.toString(x.bundleId), x.symbolicName,
                    x.bundleVersion, bytes(x.size), x.sha256);
        }
        return table;
    }

    /**
     * @param installed what the install returned
     * @param previous the version installed before, or null
     * @return "Installed x 1.0.0", "Upgraded x 1.0.0 -> 1.1.0", "Reinstalled x 1.0.0" or "Downgraded x 1.1.0 -> 1.0.0"
     */
    static String outcome(AppDTO installed, String previous) {
        if (previous == null) {
            return "Installed " + installed.app + " " + installed.version;
        }
        int c;
        try {
            c = io.hookline.installer.internal.AppVersion.parse(installed.version)
                    .compareTo(io.hookline.installer.internal.AppVersion.parse(previous));
        } catch (RuntimeException e) {
            c = 1;
        }
        return c == 0 ? "Reinstalled " + installed.app + " " + installed.version
                : (c > 0 ? "Upgraded " : "Downgraded ") + installed.app + " " + previous + " -> " + installed.version;
    }

    static void plan(InstallPlanDTO p, PrintStream out) {
        out.println("Dry run: " + p.action + " " + p.app + " " + p.version
                + (p.currentVersion != null ? " (installed: " + p.currentVersion + ")" : ""));
        out.println("Fetched:    " + p.fetch + " (" + bytes(p.fetchedBytes) + ", sha256 " + p.sha256 + ")");
        out.println("Install:    " + String.join(", ", p.install));
        out.println("Update:     " + String.join(", ", p.update));
        out.println("Uninstall:  " + String.join(", ", p.uninstall));
        out.println("Refresh:    " + String.join(", ", p.refresh));
        out.println("Start:      " + String.join(", ", p.start));
        out.println(p.refusal == null ? "Would proceed (resolution and start are not simulated)."
                : "Would be refused: " + p.refusal);
    }
}
