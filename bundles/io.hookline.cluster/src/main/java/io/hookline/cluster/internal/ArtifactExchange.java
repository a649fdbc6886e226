package io.hookline.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Moves artifacts between members by sha256 over the cluster's own {@link ClusterTransport}, so
 * they travel through the same encrypted, authenticated stack as the records. A fetch asks the
 * other members one at a time (view order) with a unicast GET; a member that holds the digest
 * answers START (the size), then CHUNKs in sequence, then END; one that does not answers MISSING.
 * The fetching side trusts nothing it is told: it refuses a size over its cap before the first
 * chunk and counts bytes as they come (a peer lying about the size is cut off at the cap), writes
 * to the target while hashing, and at END compares the digest; any failure cancels the transfer,
 * deletes the target and tries the next member. It returns false only if no member holds the
 * artifact, and throws naming every member's failure otherwise. Messages carry their own format
 * byte ({@link #FORMAT}), so {@link MessageRouter} tells them from replication messages.
 *
 * <p>Threading: {@link #onMessage}/{@link #onView} run on the transport's threads and only queue or
 * flag; a fetch runs on the caller's thread (file writes included); serving runs on the
 * {@code serving} executor, one chunk at a time, stopping at a CANCEL, a view without the
 * requester, or {@link #close}.
 */
final class ArtifactExchange implements AutoCloseable {

    /** First byte of every artifact message ('A'); replication messages start with {@link WireCodec#FORMAT}. */
    static final byte FORMAT = 0x41;
    /** Default chunk: 256 KiB (FRAG4 cuts it to frames; fewer, larger chunks cost fewer round trips). */
    static final int DEFAULT_CHUNK = 256 * 1024;

    private static final System.Logger LOG = System.getLogger(ArtifactExchange.class.getName());
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** FORMAT, kind, id, seq, length: then the chunk's bytes. */
    private static final int CHUNK_HEADER = 1 + 1 + 8 + 4 + 4;
    private static final int GET = 0, MISSING = 1, START = 2, CHUNK = 3, END = 4, ERROR = 5, CANCEL = 6;

    private record Event(String from, int kind, long size, int seq, byte[] data, int offset, int length, String text) {
    }

    private final class Transfer {
        final String peer;
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        Transfer(String peer) {
            this.peer = peer;
        }
    }

    private final ClusterTransport transport;
    private final Executor serving;
    private final AtomicLong ids = new AtomicLong(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
    private final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();
    /** Transfers this node serves, by requester and request id; removed to cancel. */
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private volatile Function<String, Optional<Path>> lookup = sha -> Optional.empty();
    private volatile int chunkBytes = DEFAULT_CHUNK;
    private volatile List<String> members = List.of();
    private volatile boolean closed;

    ArtifactExchange(ClusterTransport transport, Executor serving) {
        this.transport = transport;
        this.serving = serving;
    }

    /**
     * @param holder finds the file of a digest this node holds (the installer's repository), or
     *     null to hold nothing
     * @param chunk bytes per chunk served
     */
    void serveFrom(Function<String, Optional<Path>> holder, int chunk) {
        if (chunk < 1024 || chunk > 8 * 1024 * 1024) {
            throw new IllegalArgumentException("artifact chunk size " + chunk + " is outside 1 KiB..8 MiB");
        }
        this.lookup = holder == null ? sha -> Optional.empty() : holder;
        this.chunkBytes = chunk;
    }

    /** @return the current view, as last told */
    List<String> members() {
        return members;
    }

    static boolean handles(byte[] payload) {
        return payload.length > 0 && payload[0] == FORMAT;
    }

    /**
     * Fetches an artifact from the first member that holds it.
     *
     * @param sha256 64 lower-case hex digits
     * @param maxBytes the cap: a larger artifact is refused
     * @param target absent; written only on success
     * @param idle the longest silence of a peer during a transfer
     * @return false if no member holds it
     * @throws IOException naming each holder's failure (digest mismatch, over the cap, silent, gone)
     */
    boolean fetch(String sha256, long maxBytes, Path target, Duration idle) throws IOException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 lower-case hex digits");
        }
        List<String> errors = new ArrayList<>();
        for (String peer : members) {
            if (closed) {
                throw new IOException("the cluster is closing");
            }
            if (peer.equals(transport.self())) {
                continue;
            }
            try {
                if (fetchFrom(peer, sha256, maxBytes, target, idle)) {
                    return true;
                }
            } catch (IOException e) {
                Files.deleteIfExists(target);
                errors.add(e.getMessage());
                LOG.log(Level.WARNING, "cluster: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IOException(String.join("; ", errors));
        }
        return false;
    }

    private boolean fetchFrom(String peer, String sha256, long maxBytes, Path target, Duration idle) throws IOException {
        long id = ids.incrementAndGet();
        Transfer t = new Transfer(peer);
        transfers.put(id, t);
        boolean ok = false;
        FileChannel out = null;
        try {
            transport.send(peer, message(GET, id, o -> {
                o.writeUTF(sha256);
                o.writeLong(maxBytes);
            }));
            MessageDigest digest = sha256();
            long size = -1;
            long received = 0;
            int seq = 0;
            while (true) {
                Event e;
                try {
                    e = t.events.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while fetching artifact " + sha256 + " from peer " + peer);
                }
                String what = "artifact " + sha256 + " from peer " + peer;
                if (e == null) {
                    throw new IOException(what + ": no answer for " + idle.toMillis() + " ms; given up");
                }
                switch (e.kind) {
                    case MISSING -> {
                        return false;
                    }
                    case ERROR -> throw new IOException(what + ": the peer failed: " + e.text);
                    case START -> {
                        if (e.size > maxBytes) {
                            throw new IOException(what + " is " + e.size + " bytes, more than the cap of " + maxBytes
                                    + " bytes (max.bytes of io.hookline.cluster.artifacts, or the installer's"
                                    + " max.download.bytes); refused");
                        }
                        size = e.size;
                        out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    }
                    case CHUNK -> {
                        if (out == null || e.seq != seq) {
                            throw new IOException(what + ": chunk " + e.seq + " arrived out of order (expected " + seq
                                    + (out == null ? ", after START" : "") + ")");
                        }
                        seq++;
                        received += e.length;
                        if (received > size || received > maxBytes) {
                            throw new IOException(what + ": sent more than the " + Math.min(size, maxBytes)
                                    + " bytes announced or allowed; refused");
                        }
                        digest.update(e.data, e.offset, e.length);
                        ByteBuffer buf = ByteBuffer.wrap(e.data, e.offset, e.length);
                        while (buf.hasRemaining()) {
                            out.write(buf);
                        }
                    }
                    case END -> {
                        if (out == null || received != size) {
                            throw new IOException(what + ": ended after " + received + " of " + size + " bytes");
                        }
                        String got = HexFormat.of().formatHex(digest.digest());
                        if (!got.equals(sha256)) {
                            throw new IOException(what + " failed its sha256 check (the bytes hash to " + got
                                    + "): refused, nothing kept");
                        }
                        out.force(false);
                        out.close();
                        out = null;
                        ok = true;
                        return true;
                    }
                    default -> throw new IOException(what + ": unexpected message kind " + e.kind);
                }
            }
        } finally {
            transfers.remove(id);
            if (out != null) {
                out.close();
            }
            if (!ok) {
                Files.deleteIfExists(target);
                sendQuietly(peer, message(CANCEL, id, o -> { }));
            }
        }
    }

    // ---- transport in

    void onView(List<String> view) {
        members = List.copyOf(view);
        for (Transfer t : transfers.values()) {
            if (!view.contains(t.peer)) {
                t.events.add(new Event(t.peer, ERROR, 0, 0, null, 0, 0, "left the view"));
            }
        }
        served.removeIf(key -> !view.contains(key.substring(key.indexOf(' ') + 1)));
    }

    void onMessage(String from, byte[] p) {
        if (closed || from.equals(transport.self())) {
            return;
        }
        try {
            if (p.length < 10) {
                throw new IllegalArgumentException("artifact message of " + p.length + " bytes");
            }
            int kind = p[1];
            long id = ByteBuffer.wrap(p, 2, 8).getLong();
            ByteBuffer body = ByteBuffer.wrap(p, 10, p.length - 10);
            switch (kind) {
                case GET -> {
                    java.io.DataInputStream in = new java.io.DataInputStream(
                            new java.io.ByteArrayInputStream(p, 10, p.length - 10));
                    String sha = in.readUTF();
                    long max = in.readLong();
                    serve(from, id, sha, max);
                }
                case CANCEL -> served.remove(id + " " + from);
                default -> {
                    Transfer t = transfers.get(id);
                    if (t == null || !t.peer.equals(from)) {
                        return; // a cancelled or finished transfer, or not from the member asked
                    }
                    switch (kind) {
                        case MISSING, END -> t.events.add(new Event(from, kind, 0, 0, null, 0, 0, null));
                        case START -> t.events.add(new Event(from, kind, body.getLong(), 0, null, 0, 0, null));
                        case CHUNK -> {
                            int seq = body.getInt();
                            int len = body.getInt();
                            if (len < 0 || len != body.remaining()) {
                                throw new IllegalArgumentException("chunk length " + len + " but " + body.remaining()
                                        + " bytes follow");
                            }
                            t.events.add(new Event(from, kind, 0, seq, p, body.position(), len, null));
                        }
                        case ERROR -> {
                            byte[] utf = new byte[body.remaining()];
                            body.get(utf);
                            t.events.add(new Event(from, kind, 0, 0, null, 0, 0,
                                    new String(utf, java.nio.charset.StandardCharsets.UTF_8)));
                        }
                        default -> throw new IllegalArgumentException("unknown artifact message kind " + kind);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: dropped a malformed artifact message from " + from + ": " + e.getMessage());
        }
    }

    // ---- serving

    private void serve(String to, long id, String sha, long max) {
        Optional<Path> file = SHA256.matcher(sha).matches() ? lookup.apply(sha) : Optional.empty();
        if (file.isEmpty()) {
            sendQuietly(to, message(MISSING, id, o -> { }));
            return;
        }
        String key = id + " " + to;
        served.add(key);
        serving.execute(() -> {
            try (InputStream in = Files.newInputStream(file.get())) {
                long size = Files.size(file.get());
                transport.send(to, message(START, id, o -> o.writeLong(size)));
                if (size > max) {
                    return; // the requester refuses it at START; no chunk is sent
                }
                int chunk = chunkBytes;
                int seq = 0;
                for (long left = size; left > 0;) {
                    if (closed || !served.contains(key)) {
                        return;
                    }
                    // one array per chunk, the file read straight into it after the header: JGroups
                    // keeps the message until the peer acknowledges it, so an array is never reused
                    int len = (int) Math.min(chunk, left);
                    byte[] msg = new byte[CHUNK_HEADER + len];
                    int n = in.readNBytes(msg, CHUNK_HEADER, len);
                    if (n <= 0) {
                        break;
                    }
                    if (n < len) {
                        msg = Arrays.copyOf(msg, CHUNK_HEADER + n); // the file shrank: END reports the short count
                    }
                    ByteBuffer.wrap(msg).put(FORMAT).put((byte) CHUNK).putLong(id).putInt(seq++).putInt(n);
                    transport.send(to, msg);
                    left -= n;
                }
                transport.send(to, message(END, id, o -> { }));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cluster: serving artifact " + sha + " to " + to + " failed: " + e.getMessage());
                sendQuietly(to, message(ERROR, id, o -> o.write(String.valueOf(e.getMessage())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            } finally {
                served.remove(key);
            }
        });
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] message(int kind, long id, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind);
            out.writeLong(id);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void sendQuietly(String to, byte[] payload) {
        try {
            transport.send(to, payload);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cluster: cannot tell " + to + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        served.clear();
        for (Transfer t : transfers.values()) {
            t.events.add(new Event(t.peer, ERROR, 0, 0, null, 0, 0, "this node is leaving the cluster"));
        }
    }
}
