package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hcluster:status}: view, replication counters and refusals of this node. */
@Service
@Command(scope = "hcluster", name = "status", description = "Shows this node's cluster state: view, coordinator,"
        + " replicated collections, records published and merged, catch-ups, clock-skew refusals.")
public class ClusterStatus implements Action {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Override
    public Object execute() {
        ClusterText.status(RunningCluster.require(cluster).status(), System.out);
        return null;
    }
}
