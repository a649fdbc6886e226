package io.hookline.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest authoritative DNS server the cluster's DNS discovery needs, for tests: UDP on
 * 127.0.0.1 at a free port, answering A and SRV questions (RFC 1035 messages, RFC 2782 SRV data)
 * from records the test sets and may change while it runs; a name it holds no record of gets
 * NXDOMAIN, a held name without records of the asked type an empty answer. One question per
 * message, no compression except the answers' pointer to the question's name, no TCP (answers stay
 * far below 512 bytes), no recursion. It logs every question ({@link #questions}) so a test can
 * tell discovery went through it. Threading: one daemon thread serves; records may be set from any
 * thread.
 */
final class LocalDnsServer implements AutoCloseable {

    static final int A = 1;
    static final int SRV = 33;

    private final DatagramSocket socket;
    private final Map<String, Map<Integer, List<byte[]>>> records = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread server;

    LocalDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        server = new Thread(this::serve, "local-dns-server");
        server.setDaemon(true);
        server.start();
    }

    /** @return {@code 127.0.0.1:port}, as {@code dns.address} takes it */
    String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Adds an A record {@code name -> ipv4}. */
    LocalDnsServer a(String name, String ipv4) throws IOException {
        byte[] ip = InetAddress.getByName(ipv4).getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException(ipv4 + " is not IPv4");
        }
        add(name, A, ip);
        return this;
    }

    /** Adds an SRV record {@code name -> priority weight port target}. */
    LocalDnsServer srv(String name, int priority, int weight, int port, String target) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        short16(data, priority);
        short16(data, weight);
        short16(data, port);
        writeName(data, target);
        add(name, SRV, data.toByteArray());
        return this;
    }

    /** Removes every record of {@code name}, which then answers NXDOMAIN. */
    void remove(String name) {
        records.remove(key(name));
    }

    /** @return the questions asked so far, {@code "SRV _hookline._tcp.test"} each */
    List<String> questions() {
        return List.copyOf(questions);
    }

    private void add(String name, int type, byte[] rdata) {
        records.computeIfAbsent(key(name), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(rdata);
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                byte[] reply = answer(buf, in.getLength());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
                // a malformed question: ignore it, as a server would
            }
        }
    }

    /** @return the response to the query in {@code q[0..length)}, or null if it is no single question */
    private byte[] answer(byte[] q, int length) {
        if (length < 12 || (q[2] & 0x80) != 0 || u16(q, 4) != 1) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int p = 12;
        for (int len = q[p] & 0xff; len != 0; len = q[p] & 0xff) {
            if (len > 63 || p + 1 + len >= length) {
                return null;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
        }
        p++;
        if (p + 4 > length) {
            return null;
        }
        int type = u16(q, p);
        int questionEnd = p + 4;
        questions.add((type == A ? "A" : type == SRV ? "SRV" : String.valueOf(type)) + " " + name);

        Map<Integer, List<byte[]>> held = records.get(key(name.toString()));
        List<byte[]> answers = held == null ? List.of() : held.getOrDefault(type, List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, 2); // id
        int opcode = q[2] & 0x78;
        int rd = q[2] & 0x01;
        out.write(0x80 | opcode | 0x04 | rd); // QR, opcode, AA, RD
        out.write(held == null ? 3 : 0); // RA 0, RCODE: NXDOMAIN or NOERROR
        short16(out, 1);
        short16(out, answers.size());
        short16(out, 0);
        short16(out, 0);
        out.write(q, 12, questionEnd - 12);
        for (byte[] rdata : answers) {
            short16(out, 0xC00C); // the question's name
            short16(out, type);
            short16(out, 1); // IN
            short16(out, 0);
            short16(out, 5); // TTL 5 s
            short16(out, rdata.length);
            out.write(rdata, 0, rdata.length);
        }
        return out.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        for (String label : key(name).split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        out.write(0);
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        server.join(5_000);
    }
}
