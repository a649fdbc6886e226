package io.hookline.cluster.internal;

import java.util.List;

/**
 * What the JGroups stack is built from, parsed and checked once from the component's config.
 *
 * @param loopback true: SHARED_LOOPBACK + LOCAL_PING, nodes in one JVM only (tests); false: TCP + TCPPING
 * @param bindAddress TCP bind address
 * @param bindPort TCP bind port
 * @param initialHosts TCPPING static members, {@code host[port]} each (unused with {@code dns})
 * @param joinTimeoutMillis GMS join timeout
 * @param failureTimeoutMillis FD_ALL3 timeout (interval is a third of it)
 * @param mergeMaxIntervalMillis MERGE3 max interval (min is half, check is 1.5x)
 * @param dns DNS discovery (DNS_PING) instead of TCPPING's static list; null: the static list
 * @param sealMaxAgeMillis how long before this node's clock a message may have been sealed and
 *        still be opened ({@link ChannelSeal}): the clock skew the cluster tolerates plus transit
 */
record StackSettings(boolean loopback, String bindAddress, int bindPort, List<String> initialHosts,
        long joinTimeoutMillis, long failureTimeoutMillis, long mergeMaxIntervalMillis, DnsDiscovery dns,
        long sealMaxAgeMillis) {

    StackSettings {
        initialHosts = List.copyOf(initialHosts);
        if (bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("bind.port " + bindPort + " is not a port");
        }
        if (joinTimeoutMillis <= 0 || failureTimeoutMillis <= 0 || mergeMaxIntervalMillis <= 0 || sealMaxAgeMillis <= 0) {
            throw new IllegalArgumentException("join.timeout.ms, failure.timeout.ms and merge.interval.ms must be positive");
        }
        if (loopback && dns != null) {
            throw new IllegalArgumentException("discovery = dns needs transport = tcp (loopback nodes find each other in"
                    + " the JVM)");
        }
    }

    /** Static discovery (TCPPING on {@code initialHosts}), or LOCAL_PING on the loopback transport. */
    StackSettings(boolean loopback, String bindAddress, int bindPort, List<String> initialHosts,
            long joinTimeoutMillis, long failureTimeoutMillis, long mergeMaxIntervalMillis) {
        this(loopback, bindAddress, bindPort, initialHosts, joinTimeoutMillis, failureTimeoutMillis,
                mergeMaxIntervalMillis, null);
    }

    /** With the seal's default message age ({@link ChannelSeal#DEFAULT_MAX_AGE_MILLIS}). */
    StackSettings(boolean loopback, String bindAddress, int bindPort, List<String> initialHosts,
            long joinTimeoutMillis, long failureTimeoutMillis, long mergeMaxIntervalMillis, DnsDiscovery dns) {
        this(loopback, bindAddress, bindPort, initialHosts, joinTimeoutMillis, failureTimeoutMillis,
                mergeMaxIntervalMillis, dns, ChannelSeal.DEFAULT_MAX_AGE_MILLIS);
    }

    /** Fast settings for nodes in one JVM: a partition is seen in ~4 s and healed in ~3 s. */
    static StackSettings loopbackForTests() {
        return new StackSettings(true, "127.0.0.1", 0, List.of(), 500, 3000, 2000);
    }
}
