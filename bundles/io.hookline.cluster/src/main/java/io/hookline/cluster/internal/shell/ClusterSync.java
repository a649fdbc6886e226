package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hcluster:sync}: forces a digest exchange with every other member (admin). */
@Service
@Command(scope = "hcluster", name = "sync", description = "Forces a digest exchange with every other member of the"
        + " view, as after a merge: this node receives what it lacks and spreads what it holds newer.")
public class ClusterSync implements Action {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Override
    public Object execute() {
        List<String> asked = RunningCluster.require(cluster).sync();
        System.out.println(asked.isEmpty() ? "This node is alone in its view: nobody to sync with."
                : "Digest sent to " + String.join(", ", asked) + "; records follow (see hcluster:status).");
        return null;
    }
}
