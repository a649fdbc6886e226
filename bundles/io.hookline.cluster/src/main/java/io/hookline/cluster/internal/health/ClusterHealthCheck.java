package io.hookline.cluster.internal.health;

import io.hookline.cluster.ClusterRuntime;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cluster's Felix health check ({@value #NAME}, tags {@code hookline} and {@code cluster}:
 * {@code hc:exec -v cluster}): one result-log line per {@link ClusterHealth} finding, so a partition
 * is a WARN naming the missing members and a write-refusing minority is CRITICAL. Registered only
 * while {@link ClusterRuntime} is, that is while this node is connected. Why delayed and in a package
 * of its own: the Felix HC API is imported optionally, and a delayed component's class is loaded
 * only when a health-check executor gets the service, which needs that API wired. Threading: each
 * run reads one fresh status snapshot; stateless.
 */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=" + ClusterHealthCheck.NAME,
    HealthCheck.TAGS + "=hookline",
    HealthCheck.TAGS + "=cluster",
    HealthCheck.MBEAN_NAME + "=hookline-cluster"})
public final class ClusterHealthCheck implements HealthCheck {

    /** The check's {@code hc.name}. */
    static final String NAME = "Hookline cluster";

    private final ClusterRuntime cluster;

    @Activate
    public ClusterHealthCheck(@Reference ClusterRuntime cluster) {
        this.cluster = cluster;
    }

    @Override
    public Result execute() {
        return result(ClusterHealth.findings(cluster.status()));
    }

    static Result result(java.util.List<ClusterHealth.Finding> findings) {
        ResultLog log = new ResultLog();
        for (ClusterHealth.Finding f : findings) {
            Result.Status status = switch (f.level()) {
                case INFO -> Result.Status.OK;
                case WARN -> Result.Status.WARN;
                case CRITICAL -> Result.Status.CRITICAL;
            };
            log.add(new ResultLog.Entry(status, f.message()));
        }
        return new Result(log);
    }
}
