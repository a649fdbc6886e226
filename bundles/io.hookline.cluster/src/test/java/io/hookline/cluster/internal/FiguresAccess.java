package io.hookline.cluster.internal;

import io.hookline.store.RecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgroups.JChannel;
import org.jgroups.stack.DiagnosticsHandler;

/**
 * What the figures harness ({@code internal.perf}, a package of its own so that the default build's
 * test patterns never pick it up) may reach of this package's package-private parts: a node built
 * as SCR would build it, its channel (for DISCARD), and a plain JChannel on exactly the stack
 * {@link JGroupsTransport} builds for the same {@link StackSettings} and key, for the raw baseline.
 * Test code only; stateless, so any thread may call it.
 */
public final class FiguresAccess {

    private FiguresAccess() {
    }

    /** A connected node over {@code store}; {@code config} uses the Config method names as keys. */
    public static ClusterComponent node(RecordStore store, Map<String, Object> config) {
        return new ClusterComponent(store, TestConfig.of(config));
    }

    /** The node's channel. */
    public static JChannel channel(ClusterComponent node) {
        return node.transport().channel();
    }

    /** Leaves the cluster (BYE) and closes the node's channel and threads. */
    public static void stop(ClusterComponent node) {
        node.deactivate();
    }

    /** A PKCS12 keystore with a fresh AES-256 key under the tests' password. */
    public static Path keystore(Path file) throws Exception {
        return TestKeys.aesKeystore(file, 256);
    }

    /** The tests' keystore password. */
    public static String password() {
        return TestKeys.PASSWORD;
    }

    /**
     * A named, unconnected JChannel on the TCP stack a node with these settings runs (same protocols,
     * same order, same SYM_ENCRYPT key, diagnostics off), as {@link JGroupsTransport#create} builds it.
     */
    public static JChannel rawTcpChannel(String name, int port, List<String> initialHosts, long joinTimeoutMillis,
            long failureTimeoutMillis, long mergeIntervalMillis, Path keystore) throws Exception {
        StackSettings s = new StackSettings(false, "127.0.0.1", port, initialHosts, joinTimeoutMillis,
                failureTimeoutMillis, mergeIntervalMillis);
        JChannel ch = new JChannel(JGroupsTransport.protocols(s,
                ClusterKey.load(keystore.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster")));
        DiagnosticsHandler diag = ch.getProtocolStack().getTransport().getDiagnosticsHandler();
        if (diag != null) {
            diag.setEnabled(false);
        }
        return ch.name(name);
    }
}
