package io.hookline.cluster.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.SecretKey;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * One end of a channel seal without a network, for the seal's plain tests: a {@link ChannelSeal}
 * with a capturing protocol below (what it sends, with the source set as the transport sets it)
 * and above (what it delivers, batches kept too).
 */
final class SealEnd {
    final ChannelSeal seal;
    final List<Message> wire = Collections.synchronizedList(new ArrayList<>());
    final List<Message> delivered = Collections.synchronizedList(new ArrayList<>());
    final List<MessageBatch> batches = Collections.synchronizedList(new ArrayList<>());

    SealEnd(SecretKey key, String cluster, Address self) {
        this(key, cluster, self, ChannelSeal.DEFAULT_MAX_AGE_MILLIS, System::currentTimeMillis);
    }

    /** An end whose seal stamps and judges message ages by {@code clock}. */
    SealEnd(SecretKey key, String cluster, Address self, long maxAgeMillis, java.util.function.LongSupplier clock) {
        seal = new ChannelSeal(key, cluster, maxAgeMillis, clock);
        seal.setAddress(self);
        seal.setDownProtocol(new Protocol() {
            @Override
            public Object down(Message msg) {
                wire.add(msg.setSrc(self));
                return null;
            }
        });
        seal.setUpProtocol(new Protocol() {
            @Override
            public Object up(Message msg) {
                delivered.add(msg);
                return null;
            }

            @Override
            public void up(MessageBatch batch) {
                batches.add(batch);
                batch.forEach(delivered::add);
            }
        });
    }

    /** @return a fresh AES-256 key, as a cluster keystore holds */
    static SecretKey aes() {
        try {
            javax.crypto.KeyGenerator g = javax.crypto.KeyGenerator.getInstance("AES");
            g.init(256);
            return g.generateKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals {@code m} and returns what went on the wire. */
    Message send(Message m) {
        seal.down(m);
        return wire.get(wire.size() - 1);
    }
}
