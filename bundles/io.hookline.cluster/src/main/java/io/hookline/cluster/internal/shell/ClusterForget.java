package io.hookline.cluster.internal.shell;

import io.hookline.cluster.ClusterRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code hcluster:forget <member>}: stops counting a member gone for good as missing (admin). */
@Service
@Command(scope = "hcluster", name = "forget", description = "Forgets a known member that is gone for good (crashed"
        + " and decommissioned): it is no longer reported missing nor counted for deny-minority.")
public class ClusterForget implements Action {

    @Reference(optional = true) // see RunningCluster
    ClusterRuntime cluster;

    @Argument(index = 0, name = "member", required = true, description = "a missing member's name")
    @Completion(MissingMemberCompleter.class)
    String member;

    @Override
    public Object execute() {
        System.out.println(RunningCluster.require(cluster).forget(member) ? "Forgot " + member + "." : member + " was not a known member.");
        return null;
    }
}
