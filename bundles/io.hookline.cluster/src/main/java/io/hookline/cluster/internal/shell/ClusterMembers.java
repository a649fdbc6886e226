package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hcluster:members}: the current view, coordinator first. */
@Service
@Command(scope = "hcluster", name = "members", description = "Lists the members of this node's current cluster view.")
public class ClusterMembers implements Action {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Override
    public Object execute() {
        ClusterText.members(RunningCluster.require(cluster).status(), System.out);
        return null;
    }
}
