package io.hookline.event.admin;

import io.hookline.event.Health;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The health of a part of a Hookline runtime beside the engine (the cluster, for one), shown where
 * the engine's own health is: {@code hook:health} prints one line per contributor after the plugins'
 * table. The part registers it as an OSGi service while it runs; a part that is absent simply has no
 * line, so a tool that reads contributors depends on none of them.
 *
 * <p>Contract: {@link #health()} answers from state the part already holds (no network round trip,
 * no blocking on a lock held during I/O), since a shell command waits for it. Called concurrently
 * from any thread; never returns null.
 *
 * @since 1.3
 */
@ConsumerType
public interface HealthContributor {

    /** @return the part's short name, shown before its health ("Cluster"); never null */
    String name();

    /**
     * @return its health now: OK, DEGRADED with what needs attention (a partition, naming the
     *         missing members), or DOWN with why it does not work; never null
     */
    Health health();
}
