package io.hookline.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.View;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * The JGroups protocol that seals every message right above the transport, discovery included:
 * the whole message (destination, source, flags, every protocol's header and the payload) is
 * serialised and encrypted with AES-256-GCM, so discovery, GMS, NAKACK2, UNICAST3, MERGE3 and FD
 * traffic gets the same confidentiality and integrity as Hookline's records. It stands where SYM_ENCRYPT and SERIALIZE stood.
 *
 * <p>Why our own: JGroups 5.5's SYM_ENCRYPT takes only ciphers that accept an
 * {@code IvParameterSpec} (so no GCM) and adds no MAC, and AES-CBC is malleable: a host on the path
 * could flip chosen bits of a GMS or NAKACK2 header, or of a record, and the message would still
 * decrypt. Here a receiver drops (and counts, and logs at most once a minute) any message that is
 * not sealed, whose tag is wrong (forged, altered, another key or another cluster name), that a
 * sender sealed for another member, or that was delivered before (a replay: every sender numbers
 * its messages and every receiver keeps a sliding window per sender, so a copy recorded on the
 * wire is refused even after the members have forgotten the sender's sequence numbers). The key is
 * derived from the cluster key under a label of its own, and the cluster name is the associated
 * data.
 *
 * <p>Wire format: version byte {@code 2}, a 12-byte nonce (4 random bytes drawn when the protocol
 * is built, then an 8-byte number: the message's stream in the top two bits, then a counter of that
 * stream that starts at a random value), the ciphertext and its 16-byte tag. The plaintext is the
 * sender's wall clock (epoch ms, 8 bytes) and then the serialised message: a receiver refuses a
 * message sealed longer ago than the cluster's clock skew plus transit, so a recording played to
 * a receiver that has no window for its sender yet (restarted, or joined later) is refused too,
 * unless it is played within that time. A nonce is never used
 * twice under a key: the counters are per instance, their streams differ in the top bits, and each
 * instance draws its own starts. Why four streams (multicast or unicast, regular or OOB), each
 * numbered and windowed on its own: below the seal, messages wait in queues that run independently
 * of each other, bounded by flow control in bytes, not in messages (the transport's bundler keeps
 * one queue per destination; the receiver's transport runs OOB messages at once on any thread and
 * queues regular ones per sender). With one counter per sender, a multicast waiting behind 4 MB of
 * small multicasts arrived hundreds of thousands of numbers after a unicast or OOB message sealed
 * later, was refused as a replay, was retransmitted, and the retransmissions pushed the next ones
 * out of the window (SealAttackNodesTest#theReplayWindowUnderSixteenSendingThreadsPerNode: 135,161
 * legitimate messages refused, the last delivered 50 s after the senders stopped). Within one
 * stream the queues keep the sealing order up to threads racing between sealing and queueing.
 * Threading: {@code down} and {@code up} run on any number of JGroups threads at once; ciphers come
 * from a small pool, replay windows are guarded one per sender and stream.
 */
final class ChannelSeal extends Protocol {

    static final byte VERSION = 2;
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    /** The sender's wall clock when it sealed, epoch ms, sealed with the message (ahead of it). */
    static final int STAMP = 8;
    static final int OVERHEAD = 1 + NONCE + TAG_BITS / 8 + STAMP;
    /** What a message may spend between sealing and opening, beyond the clock skew. */
    static final long TRANSIT_MILLIS = 30_000;
    /** Default {@link #maxAgeMillis}: the default max.clock.skew.seconds (60) plus {@link #TRANSIT_MILLIS}. */
    static final long DEFAULT_MAX_AGE_MILLIS = maxAgeFor(60);

    /** @return the max message age for a cluster that tolerates {@code skewSeconds} of clock skew */
    static long maxAgeFor(int skewSeconds) {
        return Math.max(1, skewSeconds) * 1000L + TRANSIT_MILLIS;
    }

    private static final byte[] LABEL = "io.hookline.cluster channel AES-256-GCM v1".getBytes(StandardCharsets.UTF_8);
    private static final int POOL = 8;
    /**
     * Senders whose replay windows are kept (18 KB each: two regular and two OOB streams); past
     * this, windows of non-members are forgotten.
     */
    private static final int MAX_WINDOWS = 1024;

    /** Whether this JVM's cipher code has been warmed (JIT state is per JVM, so once is enough). */
    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.CountDownLatch WARM = new java.util.concurrent.CountDownLatch(1);
    /** Small seals and digests that get the JDK's AES-GCM and SHA-256 callers compiled (see {@link #warmUp}). */
    static final int WARM_UP_ROUNDS = 10_000;

    private final SecretKey key;
    private final byte[] aad;
    /**
     * A message sealed longer ago than this (by the receiver's clock) is refused as stale: a copy
     * recorded on the way and played to a receiver that has no window for its sender yet (it
     * restarted, or joined after the recording) would otherwise be taken once. Retransmissions are
     * sealed again when they are sent, so a genuine message is never older than transit plus the
     * senders' clock skew.
     */
    private final long maxAgeMillis;
    private final java.util.function.LongSupplier wallMillis;
    private final LongAdder stale = new LongAdder();
    /** The last stale refusal, for the node's status: a clock that far behind is an operator's to fix. */
    private volatile String lastStale;
    private final byte[] prefix = new byte[4];
    /** Streams: bit 1 unicast, bit 0 OOB; a stream's counter goes in the low 62 bits of the number. */
    static final int STREAMS = 4;
    private static final long COUNTER_BITS = (1L << 62) - 1;
    private final AtomicLong[] counters = new AtomicLong[STREAMS];
    private final BlockingQueue<Cipher> ciphers = new ArrayBlockingQueue<>(POOL);
    private final Map<Address, ReplayWindow[]> windows = new ConcurrentHashMap<>();
    private volatile View view;

    private final LongAdder forged = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder misdirected = new LongAdder();
    private final LongAdder unsealed = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));

    /**
     * @param clusterKey the cluster's shared AES key (exportable: the channel key is derived from it)
     * @param clusterName bound into every seal, so two clusters that share a key cannot cross-feed
     * @throws IllegalStateException if the key cannot be exported or AES-GCM is not available
     */
    ChannelSeal(SecretKey clusterKey, String clusterName) {
        this(clusterKey, clusterName, DEFAULT_MAX_AGE_MILLIS, System::currentTimeMillis);
    }

    /**
     * @param maxAgeMillis how long before this node's clock a message may have been sealed and still
     *        be opened (the cluster's clock skew plus transit)
     * @param wallMillis the wall clock that stamps and judges message ages
     */
    ChannelSeal(SecretKey clusterKey, String clusterName, long maxAgeMillis, java.util.function.LongSupplier wallMillis) {
        if (maxAgeMillis <= 0) {
            throw new IllegalArgumentException("the seal's max message age must be positive, was " + maxAgeMillis + " ms");
        }
        this.maxAgeMillis = maxAgeMillis;
        this.wallMillis = java.util.Objects.requireNonNull(wallMillis, "wallMillis");
        byte[] raw = clusterKey.getEncoded();
        if (raw == null || raw.length == 0) {
            throw new IllegalStateException("the cluster key (" + clusterKey.getAlgorithm()
                    + ") cannot be exported, so no channel key can be derived from it");
        }
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(raw, "HmacSHA256"));
            byte[] k = derive.doFinal(LABEL);
            this.key = new SecretKeySpec(k, "AES");
            Arrays.fill(k, (byte) 0);
            Arrays.fill(raw, (byte) 0);
            ciphers.offer(Cipher.getInstance("AES/GCM/NoPadding"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the cluster channel's AES-GCM seal: " + e.getMessage(), e);
        }
        this.aad = ("io.hookline.cluster/" + clusterName).getBytes(StandardCharsets.UTF_8);
        SecureRandom random = new SecureRandom();
        random.nextBytes(prefix);
        for (int i = 0; i < STREAMS; i++) {
            counters[i] = new AtomicLong(random.nextLong() >>> 3); // far from wrapping into the stream bits
        }
        if (WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(ChannelSeal::warmUp, "hookline-cluster-cipher-warm-up");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /**
     * Seals and opens {@link #WARM_UP_ROUNDS} messages of 256 bytes and a tenth as many of 16 KiB
     * under a throwaway key (never the cluster's), and hashes as many blocks with SHA-256, on a
     * low-priority daemon thread, once per JVM. Why: the JDK's AES-GCM and SHA-256 use the CPU's AES,
     * CLMUL and SHA instructions only from code C2 has compiled, and C2 compiles the cipher's callers
     * only after thousands of calls (the bulk path for large inputs separately from the small one).
     * Measured here: a cold JVM sealed and opened 10 MiB in 60 KB fragments in 1.3-1.6 s per 10 MiB
     * for its first thousand fragments, and in 6-14 ms once warm; the warm-up takes about a second
     * of one core while the node is still joining.
     */
    static void warmUp() {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256);
            SecretKey throwaway = g.generateKey();
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] aadBytes = "warm-up".getBytes(StandardCharsets.UTF_8);
            int counter = 0;
            for (int size : new int[] {256, 16 * 1024}) {
                byte[] plain = new byte[size];
                byte[] sealed = new byte[1 + NONCE + size + TAG_BITS / 8];
                int rounds = size == 256 ? WARM_UP_ROUNDS : WARM_UP_ROUNDS / 10;
                for (int i = 0; i < rounds; i++, counter++) {
                    sealed[5] = (byte) (counter >>> 16);
                    sealed[6] = (byte) (counter >>> 8);
                    sealed[7] = (byte) counter;
                    c.init(Cipher.ENCRYPT_MODE, throwaway, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
                    c.updateAAD(aadBytes);
                    c.doFinal(plain, 0, plain.length, sealed, 1 + NONCE);
                    c.init(Cipher.DECRYPT_MODE, throwaway, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
                    c.updateAAD(aadBytes);
                    c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
                    sha.update(plain, 0, Math.min(size, 1024));
                    sha.digest();
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            System.getLogger(ChannelSeal.class.getName()).log(System.Logger.Level.DEBUG, "cipher warm-up stopped", e);
        } finally {
            WARM.countDown();
        }
    }

    /**
     * @return true once this JVM's warm-up has run (or waited {@code millis} for it); for harnesses
     *     that measure transfers and want to say whether they measured a warm JVM
     */
    static boolean awaitWarm(long millis) throws InterruptedException {
        return WARM.await(millis, TimeUnit.MILLISECONDS);
    }

    // ---- down: seal ----

    @Override
    public Object down(Message msg) {
        if (msg.getSrc() == null) {
            msg.setSrc(local_addr);
        }
        byte[] sealed;
        try {
            ByteArray plain = Util.messageToBuffer(msg);
            sealed = seal(stream(msg.dest(), msg.isFlagSet(Message.Flag.OOB)), plain.getArray(), plain.getOffset(),
                    plain.getLength());
        } catch (Exception e) {
            throw new IllegalStateException("cannot seal a cluster message to " + msg.dest() + ": " + e.getMessage(), e);
        }
        Message out = new BytesMessage(msg.dest(), sealed).setFlag(msg.getFlags(), false);
        if (msg.isFlagSet(Message.TransientFlag.DONT_LOOPBACK)) {
            out.setFlag(Message.TransientFlag.DONT_LOOPBACK);
        }
        return down_prot.down(out);
    }

    /** A synchronous send through the stack must not skip the seal (the base class would). */
    @Override
    public java.util.concurrent.CompletableFuture<Object> down(Message msg, boolean async) {
        if (async) {
            return super.down(msg, true);
        }
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(down(msg));
        } catch (Throwable t) {
            return java.util.concurrent.CompletableFuture.failedFuture(t);
        }
    }

    @Override
    public Object down(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            view = evt.getArg();
            forgetWindowsOfNonMembers();
        }
        return down_prot.down(evt);
    }

    /** The stream a message is numbered in: what decides which queues it waits in below the seal. */
    static int stream(Address dest, boolean oob) {
        return (dest == null ? 0 : 2) | (oob ? 1 : 0);
    }

    byte[] seal(int stream, byte[] buf, int offset, int length) throws GeneralSecurityException {
        byte[] out = new byte[OVERHEAD + length];
        out[0] = VERSION;
        System.arraycopy(prefix, 0, out, 1, 4);
        long n = ((long) stream << 62) | (counters[stream].getAndIncrement() & COUNTER_BITS);
        for (int i = 0; i < 8; i++) {
            out[5 + i] = (byte) (n >>> (56 - 8 * i));
        }
        byte[] stamp = new byte[STAMP];
        long now = wallMillis.getAsLong();
        for (int i = 0; i < STAMP; i++) {
            stamp[i] = (byte) (now >>> (56 - 8 * i));
        }
        Cipher c = cipher();
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 1, NONCE));
            c.updateAAD(aad);
            int at = 1 + NONCE + c.update(stamp, 0, STAMP, out, 1 + NONCE);
            c.doFinal(buf, offset, length, out, at);
        } finally {
            ciphers.offer(c);
        }
        return out;
    }

    // ---- up: open, check, pass on ----

    @Override
    public Object up(Message msg) {
        Message inner = open(msg, msg.src(), null);
        return inner == null ? null : up_prot.up(inner);
    }

    /**
     * Opens every message of the batch in place. A message sealed as a unicast must arrive in a
     * unicast batch and a multicast in a multicast batch (the seal sends each with the destination
     * it sealed): UNICAST3 passes a multicast batch up untouched, so a unicast that a host on the
     * path moved into one would reach the application past UNICAST3's ordering and duplicate check,
     * and again when its sender retransmitted it.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void up(MessageBatch batch) {
        boolean multicastBatch = batch.dest() == null || batch.dest().isMulticast(); // as UNICAST3 tells them
        FastArray<Message>.FastIterator it = (FastArray<Message>.FastIterator) batch.iterator();
        while (it.hasNext()) {
            Message msg = it.next();
            Address claimed = msg.src() != null ? msg.src() : batch.sender();
            Message inner = open(msg, claimed, multicastBatch);
            if (inner == null) {
                it.remove();
            } else {
                it.replace(inner);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /**
     * @param claimed the sender the transport names (not authenticated: it must match the sealed one)
     * @param multicastBatch for a message of a batch: whether the batch is a multicast one (the sealed
     *        message must be a multicast exactly then); null for a single message
     * @return the message that was sealed, or null (counted and logged) if it is refused
     */
    private Message open(Message msg, Address claimed, Boolean multicastBatch) {
        if (!(msg instanceof BytesMessage)) {
            // the seal sends nothing else; whoever sent the bytes chose the type the transport built, and an
            // ObjectMessage, LongMessage or CompositeMessage throws from getArray()
            return refuseUnopened(unsealed, claimed, "is not sealed (a " + msg.getClass().getSimpleName() + ")");
        }
        byte[] buf = msg.getArray();
        int off = msg.getOffset();
        int len = msg.getLength();
        if (buf == null || len < OVERHEAD || buf[off] != VERSION) {
            return refuseUnopened(unsealed, claimed, "is not sealed (" + len + " bytes)");
        }
        byte[] plain;
        Cipher c = cipher();
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, buf, off + 1, NONCE));
            c.updateAAD(aad);
            plain = c.doFinal(buf, off + 1 + NONCE, len - 1 - NONCE);
        } catch (AEADBadTagException e) {
            return refuseUnopened(forged, claimed, "has a wrong authentication tag: forged, altered on the way, or sealed"
                    + " with another key or for another cluster name");
        } catch (GeneralSecurityException e) {
            return refuseUnopened(forged, claimed, "cannot be opened: " + e.getMessage());
        } finally {
            ciphers.offer(c);
        }
        long sealedAt = 0;
        for (int i = 0; i < STAMP; i++) {
            sealedAt = (sealedAt << 8) | (plain[i] & 0xff);
        }
        Message inner;
        try {
            inner = Util.messageFromBuffer(plain, STAMP, plain.length - STAMP);
        } catch (Exception e) {
            return refuseUnopened(forged, claimed, "is sealed but does not parse: " + e);
        }
        Address from = inner.src();
        if (from == null || (claimed != null && !from.equals(claimed))) {
            return refuseUnopened(misdirected, claimed, "was sealed by " + from + " but arrived as from " + claimed);
        }
        // a discovery request goes to a physical address (an initial host): refusing one sent to another host's
        // address would protect nothing, and the seal cannot tell this host's addresses from others' here
        if (inner.dest() != null && !(inner.dest() instanceof PhysicalAddress) && local_addr != null
                && !inner.dest().equals(local_addr)) {
            return refuse(misdirected, claimed, "was sealed for " + inner.dest() + ", not for this member");
        }
        if (multicastBatch != null && (inner.dest() == null) != multicastBatch) {
            return refuse(misdirected, claimed, "was sealed as a " + (inner.dest() == null ? "multicast" : "unicast")
                    + " but arrived in a " + (multicastBatch ? "multicast" : "unicast") + " batch");
        }
        long now = wallMillis.getAsLong();
        long age = now - sealedAt;
        if (age > maxAgeMillis) {
            String why = "was sealed " + age + " ms ago by this node's clock, more than the " + maxAgeMillis
                    + " ms a message may take (max.clock.skew.seconds plus " + TRANSIT_MILLIS / 1000 + " s)";
            lastStale = "from " + from + ": " + why + ", at " + java.time.Instant.ofEpochMilli(now);
            return refuse(stale, from, why + ": a recording played again, or the sender's clock is that far behind");
        }
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (buf[off + 5 + i] & 0xff);
        }
        long senderPrefix = ((buf[off + 1] & 0xffL) << 24) | ((buf[off + 2] & 0xffL) << 16) | ((buf[off + 3] & 0xffL) << 8)
                | (buf[off + 4] & 0xffL);
        int stream = (int) (n >>> 62);
        if (stream != stream(inner.dest(), inner.isFlagSet(Message.Flag.OOB))) {
            // only the sender numbers; its own stream for this message is known: another is not the sender's doing
            return refuse(forged, claimed, "is numbered in another stream than its kind");
        }
        ReplayWindow w = windows.computeIfAbsent(from, a -> {
            ReplayWindow[] ws = new ReplayWindow[STREAMS];
            for (int i = 0; i < STREAMS; i++) {
                ws[i] = new ReplayWindow(senderPrefix, (i & 1) == 1 ? ReplayWindow.OOB_SIZE : ReplayWindow.SIZE);
            }
            return ws;
        })[stream];
        if (!w.accept(senderPrefix, n & COUNTER_BITS)) {
            return refuse(replayed, from, "was delivered before (a replay)");
        }
        if (windows.size() > MAX_WINDOWS) {
            forgetWindowsOfNonMembers();
        }
        return inner;
    }

    /** As {@link #refuse}, for a message that did not open: its sender is only what the transport claims. */
    private Message refuseUnopened(LongAdder reason, Address claimed, String why) {
        return refuse(reason, claimed, why, false);
    }

    private Message refuse(LongAdder reason, Address from, String why) {
        return refuse(reason, from, why, true);
    }

    /** @param opened whether the seal opened, so that {@code from} sealed it (else anyone may have sent it) */
    private Message refuse(LongAdder reason, Address from, String why, boolean opened) {
        reason.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last > TimeUnit.MINUTES.toNanos(1) && lastLog.compareAndSet(last, now)) {
            System.getLogger(ChannelSeal.class.getName()).log(System.Logger.Level.WARNING,
                    "cluster " + new String(aad, StandardCharsets.UTF_8).substring("io.hookline.cluster/".length())
                            + ": dropped a message " + (opened ? "from " : "claiming to come from ") + from + " that " + why + " (" + dropped()
                            + " dropped so far; this is logged at most once a minute)");
        }
        return null;
    }

    private Cipher cipher() {
        Cipher c = ciphers.poll();
        if (c != null) {
            return c;
        }
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forgetWindowsOfNonMembers() {
        View v = view;
        if (v == null || windows.size() <= MAX_WINDOWS) {
            return;
        }
        windows.keySet().removeIf(a -> !v.containsMember(a));
    }

    /** @return messages dropped so far, for any reason */
    long dropped() {
        return forged.sum() + replayed.sum() + misdirected.sum() + unsealed.sum() + stale.sum();
    }

    /** @return messages dropped because their tag was wrong (forged, altered, another key) */
    long forged() {
        return forged.sum();
    }

    /** @return messages dropped because they had been delivered before */
    long replayed() {
        return replayed.sum();
    }

    /** @return messages refused as sealed longer ago than the max age (recordings, or a sender's clock far behind) */
    long stale() {
        return stale.sum();
    }

    /** @return the last message refused as stale (from whom, how old), or null if none */
    String lastStale() {
        return lastStale;
    }

    /** @return messages dropped because they were sealed by or for another member than they claim */
    long misdirected() {
        return misdirected.sum();
    }

    /** @return messages dropped because they carried no seal at all */
    long unsealed() {
        return unsealed.sum();
    }

    /**
     * Which message numbers of one sender's stream have been delivered: the highest, and a bitmap of the
     * {@code size} below it ({@value #SIZE} for a regular stream, {@value #OOB_SIZE} for an OOB one). A number above the highest moves the window; one inside it is
     * accepted once; one below it is refused (older than any reordering on the way). The window is
     * bound to the prefix of the first message seen: JGroups gives every channel instance an address
     * of its own, so another prefix at that address is a copy of something else and is refused.
     */
    static final class ReplayWindow {
        /** Numbers kept below the highest, for a regular stream (queued in order on both sides). */
        static final int SIZE = 8192;
        /**
         * For an OOB stream, which the receiver's transport runs on any of its threads at once: under
         * sixteen sending threads per node on two cores, OOB messages arrived up to 42,026 numbers late.
         */
        static final int OOB_SIZE = 65536;
        private final int size;
        private final long[] bits;
        private final long prefix;
        private long highest = Long.MIN_VALUE;

        ReplayWindow(long prefix) {
            this(prefix, SIZE);
        }

        ReplayWindow(long prefix, int size) {
            this.prefix = prefix;
            this.size = size;
            this.bits = new long[size / 64];
        }

        synchronized boolean accept(long senderPrefix, long n) {
            if (senderPrefix != prefix) {
                return false; // one address, one instance: another prefix there is not a message it sealed now
            }
            if (highest == Long.MIN_VALUE) {
                highest = n;
                set(n);
                return true;
            }
            if (n > highest) {
                long shift = n - highest;
                if (shift >= size) {
                    Arrays.fill(bits, 0);
                } else {
                    for (long i = highest + 1; i < n; i++) {
                        clear(i);
                    }
                }
                highest = n;
                set(n);
                return true;
            }
            if (highest - n >= size) {
                return false;
            }
            if (isSet(n)) {
                return false;
            }
            set(n);
            return true;
        }

        private int slot(long n) {
            return (int) Math.floorMod(n, (long) size);
        }

        private void set(long n) {
            int s = slot(n);
            bits[s >>> 6] |= 1L << (s & 63);
        }

        private void clear(long n) {
            int s = slot(n);
            bits[s >>> 6] &= ~(1L << (s & 63));
        }

        private boolean isSet(long n) {
            int s = slot(n);
            return (bits[s >>> 6] & (1L << (s & 63))) != 0;
        }
    }
}
