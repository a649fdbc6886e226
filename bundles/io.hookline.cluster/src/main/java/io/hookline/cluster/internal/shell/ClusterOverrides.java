package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hcluster:overrides}: this node's opt-outs (local.only, follower.only) and policy. */
@Service
@Command(scope = "hcluster", name = "overrides", description = "Shows this node's local overrides: the local.only"
        + " globs never replicated in or out, follower.only, the replicated collections and the partition policy.")
public class ClusterOverrides implements Action {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Override
    public Object execute() {
        ClusterText.overrides(RunningCluster.require(cluster).status(), System.out);
        return null;
    }
}
