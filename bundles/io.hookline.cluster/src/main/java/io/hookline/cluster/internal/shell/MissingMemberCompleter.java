package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of known members missing from the view (what {@code hcluster:forget} takes). */
@Service
public class MissingMemberCompleter implements Completer {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (cluster == null) {
            return -1; // the cluster is not running: nobody to complete
        }
        List<String> missing = cluster.status().missingMembers;
        return new StringsCompleter(missing == null ? List.of() : missing).complete(session, commandLine, candidates);
    }
}
