package io.hookline.cluster.internal;

import org.jgroups.JChannel;

/**
 * Hands the chaos run's node processes ({@code internal.chaos}) the JGroups channel of a
 * {@link ClusterComponent}, whose accessor is package-private, so a node can put its partition
 * filter into the real stack, its deactivation and the test keystore. Tests only; stateless.
 */
public final class ChaosChannels {

    private ChaosChannels() {
    }

    /** @return the component's connected channel */
    public static JChannel channel(ClusterComponent component) {
        return component.transport().channel();
    }

    /** Writes a PKCS12 keystore with a fresh AES-256 cluster key, password {@link #PASSWORD}. */
    public static java.nio.file.Path keystore(java.nio.file.Path file) throws Exception {
        return TestKeys.aesKeystore(file, 256);
    }

    /** The password of {@link #keystore}. */
    public static final String PASSWORD = TestKeys.PASSWORD;

    /** Deactivates the component as SCR would (the node says BYE and leaves). */
    public static void close(ClusterComponent component) {
        component.deactivate();
    }
}
