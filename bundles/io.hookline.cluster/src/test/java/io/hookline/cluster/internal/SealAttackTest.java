package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.SecretKey;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.CompositeMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.LongMessage;
import org.jgroups.Message;
import org.jgroups.NioMessage;
import org.jgroups.ObjectMessage;
import org.jgroups.protocols.UnicastHeader3;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.UUID;
import org.junit.Test;

/**
 * Attacks on {@link ChannelSeal} without a network, by a host on the path or a node without the
 * key: message types the seal never sends, lengths at and around the seal's overhead, floods
 * (nothing may grow, the log may not flood), a genuine message moved between a unicast and a
 * multicast batch, many threads sealing and opening at once, and a replay into a receiver that has
 * no window yet. ChannelSealTest covers bit flips, truncation, other keys and names, replays,
 * misdirection and batches with a forged member.
 */
public class SealAttackTest {

    private static final short UNICAST3_ID = 57;

    private final Address a = UUID.randomUUID();
    private final Address b = UUID.randomUUID();
    private final SecretKey key = SealEnd.aes();

    /**
     * A host on the path (or any peer that can open a TCP connection) chooses the message type of
     * what it sends: the transport builds an ObjectMessage, LongMessage, CompositeMessage ...
     * before the seal sees it. The seal must refuse these like any unsealed message, counted,
     * without throwing out of {@code up}: a throw is logged by JGroups at ERROR every time (no
     * once-a-minute limit) and loses the genuine messages of the same batch.
     */
    @Test
    public void aMessageOfAnotherTypeIsRefusedAsUnsealedAndNeverThrows() {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        List<Message> odd = List.of(new ObjectMessage(null, null), new LongMessage(null, 42L),
                new CompositeMessage(null, new BytesMessage(null, new byte[40])), new EmptyMessage(null),
                new NioMessage(null, ByteBuffer.allocateDirect(64)), new NioMessage(null, ByteBuffer.allocate(64)));
        for (Message m : odd) {
            m.setSrc(a);
            receiver.seal.up(m); // threw UnsupportedOperationException for three of these
        }
        assertEquals(0, receiver.delivered.size());
        assertEquals(odd.size(), receiver.seal.unsealed() + receiver.seal.forged());

        Message good1 = sender.send(new BytesMessage(null, "g1".getBytes()));
        Message good2 = sender.send(new BytesMessage(null, "g2".getBytes()));
        MessageBatch batch = new MessageBatch(4).setSender(a).setDest(null);
        batch.add(good1);
        batch.add(new LongMessage(null, 7L).setSrc(a));
        batch.add(new ObjectMessage(null, null).setSrc(a));
        batch.add(good2);
        receiver.seal.up(batch);
        assertEquals("the batch's genuine messages still delivered", 2, receiver.delivered.size());
    }

    /** Zero-length, empty-array and exactly-the-overhead messages: refused, counted, nothing thrown. */
    @Test
    public void zeroLengthAndOverheadSizedMessagesAreRefused() {
        SealEnd receiver = new SealEnd(key, "c1", b);
        byte[] justOverhead = new byte[ChannelSeal.OVERHEAD];
        justOverhead[0] = ChannelSeal.VERSION;
        List<Message> bad = List.of(new BytesMessage(null).setSrc(a), new BytesMessage(null, new byte[0]).setSrc(a),
                new BytesMessage(null, new byte[] {ChannelSeal.VERSION}).setSrc(a),
                new BytesMessage(null, justOverhead).setSrc(a),
                new BytesMessage(null, new byte[ChannelSeal.OVERHEAD - 1]).setSrc(a),
                new BytesMessage(null, new byte[100_000]).setSrc(a));
        for (Message m : bad) {
            receiver.seal.up(m);
        }
        assertEquals(0, receiver.delivered.size());
        assertEquals(bad.size(), receiver.seal.dropped());
    }

    /**
     * A genuine sealed message sealed with an empty payload opens (no length is special), and
     * the sealed form of a zero-byte payload is exactly as long as the serialised empty message
     * plus the overhead.
     */
    @Test
    public void anEmptyPayloadIsSealedAndOpened() {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        receiver.seal.up(sender.send(new BytesMessage(null, new byte[0])));
        receiver.seal.up(sender.send(new EmptyMessage(null)));
        assertEquals(2, receiver.delivered.size());
    }

    /**
     * A flood of garbage from a hundred thousand claimed senders: nothing is kept per sender (no
     * replay window is made for a message that did not open), every one is counted, and the
     * seal writes one warning, not one per message.
     */
    @Test
    public void aFloodOfGarbageFromManySendersKeepsNothingAndLogsOnce() throws Exception {
        SealEnd receiver = new SealEnd(key, "c1", b);
        SealEnd other = new SealEnd(SealEnd.aes(), "c1", a); // a node with another key
        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Logger jul = Logger.getLogger(ChannelSeal.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (String.valueOf(r.getMessage()).startsWith("cluster c1:")) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            java.util.Random random = new java.util.Random(1);
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                Address from = UUID.randomUUID();
                Message m;
                switch (i % 3) {
                    case 0 -> {
                        byte[] g = new byte[30 + random.nextInt(200)];
                        random.nextBytes(g);
                        g[0] = ChannelSeal.VERSION;
                        m = new BytesMessage(null, g);
                    }
                    case 1 -> m = other.send(new BytesMessage(null, "x".getBytes()));
                    default -> m = new BytesMessage(null, new byte[3]);
                }
                receiver.seal.up(m.setSrc(from));
            }
            assertEquals(n, receiver.seal.dropped());
            assertEquals(0, receiver.delivered.size());
            assertEquals("replay windows kept for senders whose messages never opened", 0, windows(receiver.seal).size());
            assertEquals("warnings logged for " + n + " dropped messages", 1, logged.size());
        } finally {
            jul.removeHandler(h);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Address, ?> windows(ChannelSeal seal) throws Exception {
        java.lang.reflect.Field f = ChannelSeal.class.getDeclaredField("windows");
        f.setAccessible(true);
        return (Map<Address, ?>) f.get(seal);
    }

    /**
     * A host on the path moves A's genuine unicast to B (sealed for B, with its UNICAST3 header)
     * into a multicast batch. UNICAST3 passes a multicast batch up untouched, so without a check the
     * message skipped UNICAST3's ordering and duplicate detection and reached the application, and
     * reached it again when A retransmitted it (ClusterNodes-level proof:
     * SealAttackNodesTest#aUnicastMovedIntoAMulticastBatchIsDeliveredOnce). The other way round
     * (a multicast into a unicast batch) is refused too: the seal sends every message with the
     * destination it was sealed for, so a mismatch is never genuine.
     */
    @Test
    public void aMessageMovedBetweenAUnicastAndAMulticastBatchIsRefused() {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        Message unicast = new BytesMessage(b, "for B".getBytes());
        unicast.putHeader(UNICAST3_ID, UnicastHeader3.createDataHeader(1, (short) 1, true));
        Message sealedUnicast = sender.send(unicast);
        Message sealedMulticast = sender.send(new BytesMessage(null, "for all".getBytes()));

        MessageBatch mcastBatch = new MessageBatch(2).setSender(a).setDest(null).multicast(true);
        mcastBatch.add(sealedUnicast);
        receiver.seal.up(mcastBatch);
        MessageBatch ucastBatch = new MessageBatch(2).setSender(a).setDest(b).multicast(false);
        ucastBatch.add(sealedMulticast);
        receiver.seal.up(ucastBatch);
        assertEquals("a message delivered in a batch of the other kind", 0, receiver.delivered.size());
        assertEquals(2, receiver.seal.misdirected());

        // in batches of their own kind both still open (they were not consumed by the refusal)
        MessageBatch right = new MessageBatch(2).setSender(a).setDest(b).multicast(false);
        right.add(sealedUnicast);
        receiver.seal.up(right);
        MessageBatch rightM = new MessageBatch(2).setSender(a).setDest(null).multicast(true);
        rightM.add(sealedMulticast);
        receiver.seal.up(rightM);
        assertEquals(2, receiver.delivered.size());
    }

    /**
     * Sixteen threads seal at once through one seal (the counter is the only shared state of a
     * nonce): 160,000 nonces, no two equal. Then sixteen senders' messages are opened by sixteen
     * threads at once on one receiver (a small cipher pool and the window map shared by all):
     * every one opens, none is refused.
     */
    @Test
    public void manyThreadsSealingAndOpeningAtOnceNeverRepeatANonceNorRefuseAGenuineMessage() throws Exception {
        int threads = 16, each = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            SealEnd sender = new SealEnd(key, "c1", a);
            run(pool, threads, t -> {
                for (int i = 0; i < each; i++) {
                    sender.seal.down(new BytesMessage(null, new byte[i % 50]));
                }
            });
            List<Message> sealed = new ArrayList<>(sender.wire);
            assertEquals(threads * each, sealed.size());
            Set<String> nonces = new HashSet<>();
            for (Message m : sealed) {
                assertTrue("a nonce repeated", nonces.add(java.util.HexFormat.of().formatHex(m.getArray(), m.getOffset() + 1,
                        m.getOffset() + 1 + ChannelSeal.NONCE)));
            }

            List<List<Message>> perSender = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SealEnd s = new SealEnd(key, "c1", UUID.randomUUID());
                for (int i = 0; i < each / 2; i++) {
                    s.send(new BytesMessage(null, new byte[i % 50]));
                }
                perSender.add(new ArrayList<>(s.wire));
            }
            SealEnd receiver = new SealEnd(key, "c1", b);
            run(pool, threads, t -> perSender.get(t).forEach(receiver.seal::up));
            assertEquals(0, receiver.seal.dropped());
            assertEquals(threads * (each / 2), receiver.delivered.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(ExecutorService pool, int threads, java.util.function.IntConsumer body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            fs.add(pool.submit(() -> {
                go.await();
                body.accept(id);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    /**
     * A multicast sealed before 100,000 unicasts and OOB messages (which wait in other queues
     * below the seal, the bundler's per destination or the receiver's thread pool) still opens
     * when it arrives after all of them, and so does a regular unicast overtaken by OOB messages
     * and multicasts: each kind is numbered on its own. Failed before: one counter per sender, and the late multicast
     * was refused as older than the window.
     */
    @Test
    public void aMessageOvertakenByManyOfAnotherKindStillOpens() {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        Message lateMulticast = sender.send(new BytesMessage(null, "late".getBytes()));
        Message lateUnicast = sender.send(new BytesMessage(b, "late too".getBytes()));
        for (int i = 0; i < 100_000; i++) { // OOB of both kinds, and regular unicasts well inside their window
            Message m = i % 2 == 0 ? new BytesMessage(b, new byte[1]) : new BytesMessage(null, new byte[1]);
            receiver.seal.up(sender.send(i % 20 == 0 ? m : m.setFlag(Message.Flag.OOB)));
        }
        receiver.seal.up(lateMulticast);
        receiver.seal.up(lateUnicast);
        assertEquals(0, receiver.seal.dropped());
        assertEquals(100_002, receiver.delivered.size());
        receiver.seal.up(lateMulticast);
        assertEquals("and a copy of it is still a replay", 1, receiver.seal.replayed());
    }

    /**
     * Within one kind the window holds: a regular multicast more than the window behind the
     * highest of its own kind is refused, an OOB one is kept over a wider window.
     */
    @Test
    public void theWindowIsPerKindAndWiderForOobMessages() {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        Message oldRegular = sender.send(new BytesMessage(null, "r".getBytes()));
        Message oldOob = sender.send(new BytesMessage(null, "o".getBytes()).setFlag(Message.Flag.OOB));
        for (int i = 0; i < ChannelSeal.ReplayWindow.SIZE; i++) {
            sender.seal.down(new BytesMessage(null, new byte[0]));
            sender.seal.down(new BytesMessage(null, new byte[0]).setFlag(Message.Flag.OOB));
        }
        receiver.seal.up(sender.wire.get(sender.wire.size() - 1));
        receiver.seal.up(sender.wire.get(sender.wire.size() - 2));
        receiver.seal.up(oldRegular);
        receiver.seal.up(oldOob);
        assertEquals("the regular one, a window behind", 1, receiver.seal.replayed());
        assertEquals(3, receiver.delivered.size());
    }

    /**
     * The synchronous {@code down(msg, false)}, whose base implementation passes the message to
     * the protocol below without this one's {@code down}: through the seal it is sealed like any
     * other (nothing of it in clear on the wire) and opens on the other side; a failure below
     * comes back as a failed future, not a throw.
     */
    @Test
    public void theSynchronousDownPathSealsToo() throws Exception {
        SealEnd sender = new SealEnd(key, "c1", a);
        SealEnd receiver = new SealEnd(key, "c1", b);
        java.util.concurrent.CompletableFuture<Object> f = sender.seal.down(new BytesMessage(b, "in clear?".getBytes()), false);
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        Message wire = sender.wire.get(0);
        assertTrue("the payload in clear on the wire", !new String(wire.getArray(), wire.getOffset(), wire.getLength(),
                java.nio.charset.StandardCharsets.ISO_8859_1).contains("in clear?"));
        receiver.seal.up(wire);
        assertEquals(1, receiver.delivered.size());

        ChannelSeal failing = new ChannelSeal(key, "c1");
        failing.setAddress(a);
        failing.setDownProtocol(new Protocol() {
            @Override
            public Object down(Message msg) {
                throw new IllegalStateException("transport closed");
            }
        });
        assertTrue(failing.down(new BytesMessage(null, new byte[1]), false).isCompletedExceptionally());
    }

    /**
     * The gap the README's "a recorded message played again is refused" did not cover: a receiver
     * that has no window for the sender yet (it restarted, or joined after the recording) took the
     * first copy it was given as the start of the window, so every multicast a host on the path
     * recorded from a long-running member was accepted once, in ascending order, by a restarted
     * member. NAKACK2 drops old numbered multicasts itself, but MERGE3's and FD_ALL3's unreliable
     * ones reach those protocols. Fixed: the sender's clock is sealed with each message, and a
     * message sealed longer ago than the cluster's clock skew plus transit is refused as stale.
     * What is left: a recording played within that time (90 s by default) is still taken once by
     * a receiver without a window.
     */
    @Test
    public void aRestartedReceiverRefusesMulticastsRecordedBeforeItStarted() {
        long[] senderClock = {System.currentTimeMillis() - java.util.concurrent.TimeUnit.MINUTES.toMillis(5)};
        SealEnd sender = new SealEnd(key, "c1", a, ChannelSeal.DEFAULT_MAX_AGE_MILLIS, () -> senderClock[0]);
        List<Message> recorded = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            recorded.add(sender.send(new BytesMessage(null, ("heartbeat " + i).getBytes())));
        }
        // five minutes later B's new incarnation starts, with a fresh seal (no window for A)
        SealEnd restarted = new SealEnd(key, "c1", b);
        for (Message m : recorded) {
            restarted.seal.up(m);
        }
        assertEquals("recorded multicasts accepted by a receiver that started after them", 0,
                restarted.delivered.size());
        assertEquals(2000, restarted.seal.stale());

        senderClock[0] = System.currentTimeMillis(); // A's messages from now on are taken
        restarted.seal.up(sender.send(new BytesMessage(null, "heartbeat now".getBytes())));
        assertEquals(1, restarted.delivered.size());
    }

    @Test
    public void aMessageIsOpenedWithinItsMaxAgeEvenFromASenderWhoseClockIsBehindOrAhead() {
        long now = System.currentTimeMillis();
        long[] senderClock = {now - 59_000}; // a member 59 s behind, within the 60 s skew
        SealEnd sender = new SealEnd(key, "c1", a, ChannelSeal.maxAgeFor(60), () -> senderClock[0]);
        long[] receiverClock = {now};
        SealEnd receiver = new SealEnd(key, "c1", b, ChannelSeal.maxAgeFor(60), () -> receiverClock[0]);
        receiver.seal.up(sender.send(new BytesMessage(null, "behind".getBytes())));
        senderClock[0] = now + 3_600_000; // an hour ahead: never stale (the replicator judges records ahead)
        receiver.seal.up(sender.send(new BytesMessage(null, "ahead".getBytes())));
        assertEquals(2, receiver.delivered.size());

        senderClock[0] = now;
        Message sealedNow = sender.send(new BytesMessage(null, "late".getBytes()));
        receiverClock[0] = now + ChannelSeal.maxAgeFor(60) + 1; // opened 1 ms past its max age
        receiver.seal.up(sealedNow);
        assertEquals(2, receiver.delivered.size());
        assertEquals(1, receiver.seal.stale());
        assertEquals(1, receiver.seal.dropped());
        assertThrows(IllegalArgumentException.class, () -> new ChannelSeal(key, "c1", 0, System::currentTimeMillis));
    }
}
