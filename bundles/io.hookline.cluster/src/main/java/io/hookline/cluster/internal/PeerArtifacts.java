package io.hookline.cluster.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cluster's artifact lane as an internal service, registered by {@link ClusterComponent}
 * while connected, so that the only classes naming the installer's SPI
 * ({@code internal.artifacts}) stay in a component of their own, which is simply never satisfied
 * where the installer is absent. Not exported.
 */
public interface PeerArtifacts {

    /** See {@link ArtifactExchange#fetch}. */
    boolean fetch(String sha256, long maxBytes, Path target, Duration idle) throws IOException;

    /** See {@link ArtifactExchange#serveFrom}. */
    void serveFrom(Function<String, Optional<Path>> holder, int chunkBytes);
}
