package io.hookline.cluster.internal;

import java.util.List;

/**
 * Hookline's own view of a group channel, so the {@link Replicator} is tested without a network
 * (STYLE 22): members are names, messages are byte arrays. {@link JGroupsTransport} is the real
 * one; tests use an in-memory network that shuffles and duplicates.
 *
 * <p>Implementations deliver to one {@link Handler}; they may call it from several threads, but
 * messages from one sender arrive in the order it sent them.
 */
interface ClusterTransport extends AutoCloseable {

    /** What a transport tells its node. */
    interface Handler {

        /**
         * @param from the sender's member name
         * @param payload the message, as given to {@link #broadcast} or {@link #send}
         */
        void onMessage(String from, byte[] payload);

        /**
         * @param members the new view's members, coordinator first, this node included
         * @param merge true if the view merges subgroups (a partition healed), false for a join or leave
         */
        void onView(List<String> members, boolean merge);
    }

    /** @return this node's member name */
    String self();

    /** Sends to every member (this node may or may not get its own copy: handlers ignore it). */
    void broadcast(byte[] payload);

    /** Sends to one member; dropped if it left. */
    void send(String member, byte[] payload);

    /**
     * @return messages refused below the handler as sealed too long ago (the channel seal's clock
     *     check); 0 for a transport without one
     */
    default long refusedStale() {
        return 0;
    }

    /** @return the last such refusal (from whom, how old), or null */
    default String lastStaleRefusal() {
        return null;
    }

    /** Leaves the group; idempotent. */
    @Override
    void close();
}
