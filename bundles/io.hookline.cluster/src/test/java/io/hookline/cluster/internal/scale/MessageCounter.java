package io.hookline.cluster.internal.scale;

import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Counts every message crossing the transport of one node, inserted right above it: multicasts
 * and unicasts handed down (what the node puts on the wire: over TCP a multicast becomes one send
 * per other member) and messages coming up (what it must decrypt and deserialise, heartbeats,
 * digests and acks included). Adds no header, so it needs no protocol id. Threading: counters are
 * {@link LongAdder}s, updated from JGroups' threads and read from the harness.
 */
final class MessageCounter extends Protocol {

    final LongAdder mcastsDown = new LongAdder();
    final LongAdder ucastsDown = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder bytesDown = new LongAdder();

    @Override
    public Object down(Message msg) {
        if (msg.getDest() == null) {
            mcastsDown.increment();
        } else {
            ucastsDown.increment();
        }
        bytesDown.add(msg.getLength());
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        received.increment();
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        received.add(batch.size());
        up_prot.up(batch);
    }

    void reset() {
        mcastsDown.reset();
        ucastsDown.reset();
        received.reset();
        bytesDown.reset();
    }
}
