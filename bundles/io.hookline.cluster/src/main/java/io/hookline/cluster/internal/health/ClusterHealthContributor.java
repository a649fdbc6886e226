package io.hookline.cluster.internal.health;

import io.hookline.cluster.ClusterRuntime;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cluster's line in {@code hook:health}: a {@link HealthContributor} named {@code Cluster} whose
 * health is {@link ClusterHealth#health}, so the shell bundle shows a partition without depending on
 * this bundle. Registered while {@link ClusterRuntime} is. Threading: reads one status snapshot per
 * call; stateless.
 */
@Component(service = HealthContributor.class)
public final class ClusterHealthContributor implements HealthContributor {

    private final ClusterRuntime cluster;

    @Activate
    public ClusterHealthContributor(@Reference ClusterRuntime cluster) {
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return "Cluster";
    }

    @Override
    public Health health() {
        return ClusterHealth.health(cluster.status());
    }
}
