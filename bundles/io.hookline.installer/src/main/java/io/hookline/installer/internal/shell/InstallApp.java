package io.hookline.installer.internal.shell;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code installer:install}: see {@link Installer#install}; with {@code --dry-run},
 * {@link Installer#plan}. Shows download progress (bytes / total) at most every 250 ms.
 */
@Service
@Command(scope = "installer", name = "install", description = "Installs or upgrades an app from a path, URL, GitHub"
        + " release or Maven repository: fetch, verify, resolve, start, health gate; all or nothing.")
public class InstallApp implements Action {

    @Reference
    Installer installer;

    @Option(name = "--path", description = "A local bundle jar, .zip or .tar.gz")
    String path;

    @Option(name = "--url", description = "An http(s) URL of a jar or archive (host must be allowlisted)")
    String url;

    @Option(name = "--github-tag", description = "owner/repo@tag: a GitHub release by tag")
    String githubTag;

    @Option(name = "--github-latest", description = "owner/repo: the latest GitHub release")
    String githubLatest;

    @Option(name = "--asset", description = "The release asset's name (default: the only .jar/.zip/.tar.gz)")
    String asset;

    @Option(name = "--maven", description = "groupId:artifactId:version[:type[:classifier]]")
    String maven;

    @Option(name = "--app", description = "The app name (default: archive descriptor or bundle symbolic name)")
    @Completion(AppNameCompleter.class)
    String app;

    @Option(name = "--version", description = "The app's semantic version (default: descriptor, tag or bundle version)")
    String version;

    @Option(name = "--sha256", description = "Expected sha256 of the downloaded file")
    String sha256;

    @Option(name = "--force", description = "Reinstall the same version or downgrade")
    boolean force;

    @Option(name = "--dry-run", description = "Fetch and verify, then show what would change; change nothing")
    boolean dryRun;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        InstallRequest request = InstallerText.request(path, url, githubTag, githubLatest, maven, asset);
        if (app != null) {
            request = request.app(app);
        }
        if (version != null) {
            request = request.version(version);
        }
        if (sha256 != null) {
            request = request.sha256(sha256);
        }
        if (force) {
            request = request.force();
        }
        request = request.requestedBy(ShellUser.requester());
        long[] last = {0};
        boolean[] shown = {false};
        request = request.progress((step, done, total) -> {
            long now = System.nanoTime();
            if ("fetch".equals(step) && (now - last[0] > 250_000_000L || (total > 0 && done == total && shown[0]))) {
                last[0] = now;
                shown[0] = true;
                out.print(InstallerText.progress(done, total));
                out.flush();
            }
        });
        try {
            if (dryRun) {
                var plan = installer.plan(request);
                newline(out, shown);
                InstallerText.plan(plan, out);
            } else {
                java.util.Map<String, String> before = new java.util.HashMap<>();
                installer.list().forEach(a -> before.put(a.app, a.version));
                var installed = installer.install(request);
                newline(out, shown);
                out.println(InstallerText.outcome(installed, before.get(installed.app)));
                InstallerText.artifacts(installed.artifacts).print(out);
            }
        } catch (InstallException e) {
            newline(out, shown);
            throw InstallerText.explain(e);
        } catch (RuntimeException e) {
            newline(out, shown);
            throw e;
        }
        return null;
    }

    private static void newline(PrintStream out, boolean[] shown) {
        if (shown[0]) {
            out.println();
        }
    }
}
