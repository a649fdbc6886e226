package io.hookline.cluster.internal;

import io.hookline.store.RecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgroups.JChannel;
import org.jgroups.stack.DiagnosticsHandler;

/**
 * Opens this package's test seams (the config proxy, the test keystore, a node's channel and its
 * deactivation) to harnesses in subpackages ({@code internal.scale}, {@code internal.perf}, {@code internal.chaos}), which measure real
 * nodes without widening any production signature. Threading: stateless; as thread-safe as the
 * calls it forwards.
 */
public final class NodeAccess {

    /** The password of keystores written by {@link #keystore}. */
    public static final String PASSWORD = TestKeys.PASSWORD;

    private NodeAccess() {
    }

    /** Writes a PKCS12 keystore with a fresh AES-256 key under the default alias. */
    public static Path keystore(Path file) throws Exception {
        return TestKeys.aesKeystore(file, 256);
    }

    /** Connects a node (no service registration) with these config values over the annotation's defaults. */
    public static ClusterComponent start(RecordStore store, Map<String, Object> config) {
        return new ClusterComponent(store, TestConfig.of(config));
    }

    /** The node's JGroups channel, to insert DISCARD or a counting protocol. */
    public static JChannel channel(ClusterComponent node) {
        return node.transport().channel();
    }

    /** Leaves the cluster as SCR's deactivation would (says BYE, closes the channel). */
    public static void stop(ClusterComponent node) {
        node.deactivate();
    }

    /**
     * A named, unconnected JChannel on the TCP stack a node with these settings runs (same protocols,
     * same order, same channel seal key, diagnostics off), as {@link JGroupsTransport#create} builds
     * it; connect it to {@code clusterName} (the seal binds it).
     */
    public static JChannel rawTcpChannel(String name, int port, List<String> initialHosts, long joinTimeoutMillis,
            long failureTimeoutMillis, long mergeIntervalMillis, Path keystore, String clusterName) throws Exception {
        StackSettings s = new StackSettings(false, "127.0.0.1", port, initialHosts, joinTimeoutMillis,
                failureTimeoutMillis, mergeIntervalMillis);
        JChannel ch = new JChannel(JGroupsTransport.protocols(s,
                ClusterKey.load(keystore.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster"), clusterName));
        DiagnosticsHandler diag = ch.getProtocolStack().getTransport().getDiagnosticsHandler();
        if (diag != null) {
            diag.setEnabled(false);
        }
        return ch.name(name);
    }
}
