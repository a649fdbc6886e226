package io.hookline.cluster.internal;

import io.hookline.cluster.ClusterRuntime;
import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.store.RecordStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Joins this node to its cluster: loads the shared key (refusing to start without it), builds the
 * encrypted JGroups channel, and runs a {@link Replicator} between it and the node's
 * {@link RecordStore}; registers itself as {@link ClusterRuntime} (and {@link PeerArtifacts}) once
 * connected, so a node that refuses to start offers nothing half-made. Composes the roles
 * ({@link ClusterKey}, {@link JGroupsTransport}, {@link Replicator}, {@link ReplicationFilter}),
 * holds none of them itself; artifact messages go to an {@link ArtifactExchange} on the same channel
 * ({@link MessageRouter}), offered as the internal {@link PeerArtifacts} service. No {@code @Modified}: a new stack or key means a new channel, so a
 * configuration change re-activates it (the node leaves and re-joins, catching up by digest).
 * Threading: SCR activates and deactivates; the replicator's sender runs on one daemon thread.
 */
// immediate: a node joins its cluster when configured, not when something first asks for ClusterRuntime.
// No DS service: SCR registers an immediate component's services before it constructs it and keeps them
// when the constructor throws, so a node refusing to start (no keystore yet) offered a ClusterRuntime whose
// every get failed, logging errors in each consumer (health check, hook:health, the artifact source, the
// installer). It registers ClusterRuntime and PeerArtifacts (the artifact lane, for internal.artifacts) itself,
// once connected.
@Component(name = ClusterComponent.PID, configurationPid = ClusterComponent.PID, service = {}, immediate = true)
@Designate(ocd = ClusterComponent.Config.class)
public final class ClusterComponent implements ClusterRuntime, PeerArtifacts {

    /** The configuration PID and component name. */
    public static final String PID = "io.hookline.cluster";

    @ObjectClassDefinition(name = "Hookline cluster",
            description = "Replicates the record store's collections with the other nodes of the cluster over an"
                    + " encrypted JGroups channel. Refuses to start without the cluster's keystore.")
    public @interface Config {

        @AttributeDefinition(name = "Cluster name", description = "Nodes with the same name and key form one cluster.")
        String cluster_name() default "hookline";

        @AttributeDefinition(name = "Node name",
                description = "This node's member name, unique in the cluster. Empty: the record store's node id.")
        String node_name() default "";

        @AttributeDefinition(name = "Bind address", description = "Address the TCP transport listens on.")
        String bind_address() default "127.0.0.1";

        @AttributeDefinition(name = "Bind port", description = "Port the TCP transport listens on.")
        int bind_port() default 7800;

        @AttributeDefinition(name = "Initial hosts",
                description = "Static member list for discovery (TCPPING), host[port] each, this node included."
                        + " Unused with discovery = dns.")
        String[] initial_hosts() default {"127.0.0.1[7800]"};

        @AttributeDefinition(name = "Discovery",
                description = "How a node finds the others. static (default): the initial.hosts list (TCPPING)."
                        + " dns: the DNS records named by dns.query (DNS_PING), asked again at every discovery"
                        + " round, for containers (a Kubernetes headless service).",
                options = {@Option(label = "static", value = "static"), @Option(label = "dns", value = "dns")})
        String discovery() default "static";

        @AttributeDefinition(name = "DNS query",
                description = "With discovery = dns: the DNS name(s) whose records list the cluster's nodes, for"
                        + " example hookline.default.svc.cluster.local (A) or"
                        + " _jgroups._tcp.hookline.default.svc.cluster.local (SRV).")
        String[] dns_query() default {};

        @AttributeDefinition(name = "DNS record type",
                description = "A (default): addresses only, probed at this node's bind.port, so every node must use"
                        + " the same port. SRV: address and port of each node (needed for several nodes on one host).",
                options = {@Option(label = "A", value = "A"), @Option(label = "SRV", value = "SRV")})
        String dns_record_type() default "A";

        @AttributeDefinition(name = "DNS server",
                description = "With discovery = dns: host:port of the DNS server to ask (port 53 if omitted), which"
                        + " also resolves the targets of SRV records. Empty: the system's resolver.")
        String dns_address() default "";

        @AttributeDefinition(name = "Keystore path",
                description = "Absolute path of the PKCS12 keystore holding the cluster's shared AES-256 key;"
                        + " the same file on every node. Empty: the cluster does not start.")
        String keystore_path() default "";

        @AttributeDefinition(name = "Keystore password", type = AttributeType.PASSWORD,
                description = "Password of the keystore and of its key entry.")
        String keystore_password() default "";

        @AttributeDefinition(name = "Key alias", description = "Alias of the AES key entry in the keystore.")
        String key_alias() default "hookline-cluster";

        @AttributeDefinition(name = "Replicated collections",
                description = "Record store collections kept in step with the cluster: plugin.switches (the engine's"
                        + " operator switches, one record per plugin and switch), installs, audit.")
        String[] collections() default {"plugin.switches", "installs", "audit"};

        @AttributeDefinition(name = "Local only",
                description = "Globs over collection/key never replicated in or out, for example plugins/debug-*.")
        String[] local_only() default {};

        @AttributeDefinition(name = "Follower only",
                description = "Apply the cluster's records but never publish this node's own writes.")
        boolean follower_only() default false;

        @AttributeDefinition(name = "Max clock skew (seconds)",
                description = "A remote record whose clock is further ahead of this node's is refused and reported.")
        int max_clock_skew_seconds() default 60;

        @AttributeDefinition(name = "Join timeout (ms)", description = "GMS join timeout.")
        long join_timeout_ms() default 3000;

        @AttributeDefinition(name = "Failure timeout (ms)", description = "A member silent this long is suspected (FD_ALL3).")
        long failure_timeout_ms() default 10000;

        @AttributeDefinition(name = "Merge interval (ms)",
                description = "Longest interval between MERGE3 announcements; partitions heal within about 1.5x.")
        long merge_interval_ms() default 10000;

        @AttributeDefinition(name = "Partition policy",
                description = "available (default): every side of a partition keeps writing, the merge decides."
                        + " deny-minority: a node whose view holds fewer than half of the members it knows (exactly"
                        + " half: the half without the first member in name order) refuses local writes to"
                        + " replicated records until the partition heals; reads are served.")
        String partition_policy() default "available";

        @AttributeDefinition(name = "Tombstone max age (hours)",
                description = "A tombstone is purged once every member has it, or after this long whatever the"
                        + " members said; a node back from longer away drops what was purged (a resync).")
        long tombstone_max_age_hours() default 168;

        @AttributeDefinition(name = "Tombstone check interval (seconds)",
                description = "How often a node reports its tombstones and purges those every member has.")
        long tombstone_check_interval_seconds() default 60;

        @AttributeDefinition(name = "Transport",
                description = "tcp (default) or loopback (all nodes in one JVM; for tests only).")
        String transport() default "tcp";
    }

    private final String clusterName;
    private final ScheduledExecutorService sender;
    private final JGroupsTransport transport;
    private final Replicator replicator;
    private final ExecutorService artifactServer;
    private final ArtifactExchange artifacts;
    private final ServiceRegistration<?> registration;

    /**
     * Connects without registering anything (tests in this package).
     *
     * @throws IllegalStateException as {@link #ClusterComponent(RecordStore, Config, BundleContext)}
     */
    ClusterComponent(RecordStore store, Config config) {
        this(store, config, null);
    }

    /**
     * Connects, then registers {@link ClusterRuntime} and {@link PeerArtifacts} in {@code context}
     * (none if null).
     *
     * @throws IllegalStateException if the credentials are missing or wrong, the config is invalid,
     *         or the channel cannot connect; nothing is left open and nothing is registered
     */
    @Activate
    public ClusterComponent(@Reference RecordStore store, Config config, BundleContext context) {
        this.clusterName = config.cluster_name();
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalStateException("cluster refuses to start: cluster.name is empty");
        }
        char[] password = config.keystore_password() == null ? new char[0] : config.keystore_password().toCharArray();
        SecretKey key;
        try {
            key = ClusterKey.load(config.keystore_path(), password, config.key_alias());
        } finally {
            Arrays.fill(password, '\0');
        }
        ReplicationFilter filter = new ReplicationFilter(list(config.collections()), list(config.local_only()));
        StackSettings settings = settings(config);
        String node = config.node_name() == null || config.node_name().isBlank() ? store.nodeId() : config.node_name();
        PartitionPolicy policy = PartitionPolicy.parse(config.partition_policy());
        long maxAge = config.tombstone_max_age_hours();
        long interval = config.tombstone_check_interval_seconds();
        if (maxAge <= 0 || interval <= 0) {
            throw new IllegalArgumentException("tombstone.max.age.hours and tombstone.check.interval.seconds must be"
                    + " positive, were " + maxAge + " and " + interval);
        }
        // one thread: publishing batches and tombstone rounds never run at once
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookline-cluster-sender");
            t.setDaemon(true);
            return t;
        });
        this.artifactServer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hookline-cluster-artifacts");
            t.setDaemon(true);
            return t;
        });
        JGroupsTransport t = null;
        Replicator r = null;
        ArtifactExchange x = null;
        try {
            t = JGroupsTransport.create(clusterName, node, settings, key);
            r = new Replicator(store, filter, config.follower_only(), config.max_clock_skew_seconds() * 1000L,
                    System::currentTimeMillis, sender, t, policy, TimeUnit.HOURS.toMillis(maxAge));
            x = new ArtifactExchange(t, artifactServer);
            r.start();
            t.start(new MessageRouter(r, x));
            Replicator rounds = r;
            sender.scheduleWithFixedDelay(() -> {
                try {
                    rounds.tombstoneRound();
                } catch (RuntimeException e) {
                    System.getLogger(ClusterComponent.class.getName()).log(System.Logger.Level.WARNING,
                            "cluster: a tombstone round failed", e);
                }
            }, interval, interval, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            if (r != null) {
                r.close();
            }
            if (x != null) {
                x.close();
            }
            if (t != null) {
                t.close();
            }
            sender.shutdownNow();
            artifactServer.shutdownNow();
            throw e;
        }
        this.transport = t;
        this.replicator = r;
        this.artifacts = x;
        ServiceRegistration<?> registered = null;
        if (context != null) {
            try {
                registered = context.registerService(
                        new String[] {ClusterRuntime.class.getName(), PeerArtifacts.class.getName()}, this, null);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        this.registration = registered;
    }

    static StackSettings settings(Config c) {
        String kind = c.transport() == null ? "tcp" : c.transport().trim();
        if (!kind.equals("tcp") && !kind.equals("loopback")) {
            throw new IllegalArgumentException("transport: \"" + kind + "\" is neither tcp nor loopback");
        }
        String discovery = c.discovery() == null ? "static" : c.discovery().trim();
        DnsDiscovery dns;
        if (discovery.equals("static")) {
            dns = null;
        } else if (discovery.equals("dns")) {
            dns = DnsDiscovery.parse(list(c.dns_query()), c.dns_record_type(), c.dns_address());
        } else {
            throw new IllegalArgumentException("discovery: \"" + discovery + "\" is neither static nor dns");
        }
        return new StackSettings(kind.equals("loopback"), c.bind_address(), c.bind_port(), list(c.initial_hosts()),
                c.join_timeout_ms(), c.failure_timeout_ms(), c.merge_interval_ms(), dns,
                ChannelSeal.maxAgeFor(c.max_clock_skew_seconds()));
    }

    /**
     * A .cfg file gives a multi-value property as one comma-separated string (Felix fileinstall does
     * not split it), the web console and config:property-append as several: accept both.
     */
    static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Withdraws the services, leaves the cluster and stops listening to the store. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when this bundle stopped
            }
        }
        close();
    }

    private void close() {
        replicator.close();
        artifacts.close();
        transport.close();
        artifactServer.shutdownNow();
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests in this package. */
    JGroupsTransport transport() {
        return transport;
    }

    /** For tests in this package. */
    Replicator replicator() {
        return replicator;
    }

    @Override
    public List<String> sync() {
        return replicator.sync();
    }

    @Override
    public boolean forget(String member) {
        return replicator.forget(member);
    }

    @Override
    public boolean fetch(String sha256, long maxBytes, java.nio.file.Path target, java.time.Duration idle)
            throws java.io.IOException {
        return artifacts.fetch(sha256, maxBytes, target, idle);
    }

    @Override
    public void serveFrom(java.util.function.Function<String, java.util.Optional<java.nio.file.Path>> holder,
            int chunkBytes) {
        artifacts.serveFrom(holder, chunkBytes);
    }

    @Override
    public ClusterStatusDTO status() {
        ClusterStatusDTO dto = replicator.status();
        dto.clusterName = clusterName;
        return dto;
    }
}
