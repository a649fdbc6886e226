package io.hookline.cluster.internal;

import java.util.List;

/**
 * The one {@link ClusterTransport.Handler} of a node: hands artifact messages (their own format
 * byte) to the {@link ArtifactExchange} and everything else to the {@link Replicator}, and every
 * view to both. Threading: as the transport's; stateless.
 */
final class MessageRouter implements ClusterTransport.Handler {

    private final Replicator replicator;
    private final ArtifactExchange artifacts;

    MessageRouter(Replicator replicator, ArtifactExchange artifacts) {
        this.replicator = replicator;
        this.artifacts = artifacts;
    }

    @Override
    public void onMessage(String from, byte[] payload) {
        if (ArtifactExchange.handles(payload)) {
            artifacts.onMessage(from, payload);
        } else {
            replicator.onMessage(from, payload);
        }
    }

    @Override
    public void onView(List<String> members, boolean merge) {
        artifacts.onView(members);
        replicator.onView(members, merge);
    }
}
