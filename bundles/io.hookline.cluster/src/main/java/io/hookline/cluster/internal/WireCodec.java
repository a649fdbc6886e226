package io.hookline.cluster.internal;

import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replication messages on the wire: a format byte, a kind byte, a string table (collections
 * and node ids repeat a lot, so records refer to them by index), then the body. Plain
 * {@code DataOutputStream} fields, no Java serialisation, so a peer can only send strings and
 * numbers, never objects. Decoding checks every count and index and throws
 * {@link IllegalArgumentException} on anything malformed. Stateless, thread-safe.
 */
final class WireCodec {

    static final byte FORMAT = 1;

    /** The kinds of message. */
    enum Kind {
        /** Local writes published to everyone. */
        PUBLISH,
        /** Records sent to a member whose digest showed it lacked them. */
        CATCH_UP,
        /** What a node holds (collection, key, version), asking the receiver for what it lacks. */
        DIGEST,
        /** The answer to a digest, naming the records its sender holds newer: broadcast them. */
        WANT,
        /** The tombstones the sender holds (collection, key, version), so peers know when all have one. */
        TOMBSTONES,
        /** The answer to a stale digest: records the cluster purged; the receiver drops them (a resync). */
        DROP,
        /** The sender leaves the cluster on purpose: no longer a member to wait for (no versions). */
        BYE;

        /** @return true for the kinds whose body is versions by collection and key, not records */
        boolean versions() {
            return this != PUBLISH && this != CATCH_UP;
        }
    }

    /** A decoded message: records for PUBLISH and CATCH_UP, versions for DIGEST and WANT. */
    record Message(Kind kind, List<StoredRecord> records, Map<String, Map<String, RecordVersion>> digest) {
    }

    private static final int MAX_COUNT = 10_000_000;

    private WireCodec() {
    }

    static byte[] records(Kind kind, List<StoredRecord> records) {
        if (kind.versions()) {
            throw new IllegalArgumentException("records(" + kind + ")");
        }
        StringTable table = new StringTable();
        for (StoredRecord r : records) {
            table.index(r.collection());
            table.index(r.version().node());
        }
        return write(kind, table, out -> {
            out.writeInt(records.size());
            for (StoredRecord r : records) {
                out.writeInt(table.index(r.collection()));
                out.writeUTF(r.key());
                out.writeUTF(r.id());
                out.writeLong(r.version().timestamp());
                out.writeInt(table.index(r.version().node()));
                out.writeBoolean(r.deleted());
                out.writeLong(r.createdAt());
                out.writeLong(r.updatedAt());
                Map<String, String> sorted = new TreeMap<>(r.fields());
                out.writeInt(sorted.size());
                for (Map.Entry<String, String> f : sorted.entrySet()) {
                    writeLong(out, f.getKey());
                    writeLong(out, f.getValue());
                }
            }
        });
    }

    static byte[] digest(Map<String, Map<String, RecordVersion>> digest) {
        return versions(Kind.DIGEST, digest);
    }

    static byte[] want(Map<String, Map<String, RecordVersion>> wanted) {
        return versions(Kind.WANT, wanted);
    }

    static byte[] tombstones(Map<String, Map<String, RecordVersion>> held) {
        return versions(Kind.TOMBSTONES, held);
    }

    static byte[] drop(Map<String, Map<String, RecordVersion>> purged) {
        return versions(Kind.DROP, purged);
    }

    static byte[] bye() {
        return versions(Kind.BYE, Map.of());
    }

    private static byte[] versions(Kind kind, Map<String, Map<String, RecordVersion>> digest) {
        StringTable table = new StringTable();
        digest.forEach((c, versions) -> {
            table.index(c);
            versions.values().forEach(v -> table.index(v.node()));
        });
        return write(kind, table, out -> {
            out.writeInt(digest.size());
            for (Map.Entry<String, Map<String, RecordVersion>> c : digest.entrySet()) {
                out.writeInt(table.index(c.getKey()));
                out.writeInt(c.getValue().size());
                for (Map.Entry<String, RecordVersion> e : c.getValue().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().timestamp());
                    out.writeInt(table.index(e.getValue().node()));
                }
            }
        });
    }

    static Message decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown replication message format " + format + " (expected " + FORMAT + ")");
            }
            int k = in.readUnsignedByte();
            if (k >= Kind.values().length) {
                throw new IllegalArgumentException("unknown replication message kind " + k);
            }
            Kind kind = Kind.values()[k];
            String[] strings = new String[count(in)];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = in.readUTF();
            }
            if (kind.versions()) {
                Map<String, Map<String, RecordVersion>> digest = new LinkedHashMap<>();
                int collections = count(in);
                for (int c = 0; c < collections; c++) {
                    String collection = string(strings, in.readInt());
                    int n = count(in);
                    Map<String, RecordVersion> versions = new HashMap<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        String key = in.readUTF();
                        versions.put(key, new RecordVersion(in.readLong(), string(strings, in.readInt())));
                    }
                    digest.put(collection, versions);
                }
                return new Message(kind, List.of(), digest);
            }
            int n = count(in);
            List<StoredRecord> records = new ArrayList<>(Math.min(n, 100_000));
            for (int i = 0; i < n; i++) {
                String collection = string(strings, in.readInt());
                String key = in.readUTF();
                String id = in.readUTF();
                long ts = in.readLong();
                String node = string(strings, in.readInt());
                boolean deleted = in.readBoolean();
                long createdAt = in.readLong();
                long updatedAt = in.readLong();
                int nf = count(in);
                Map<String, String> fields = new HashMap<>(nf * 2);
                for (int f = 0; f < nf; f++) {
                    fields.put(readLong(in), readLong(in));
                }
                records.add(new StoredRecord(collection, key, id, new RecordVersion(ts, node), deleted, fields,
                        createdAt, updatedAt));
            }
            return new Message(kind, List.copyOf(records), Map.of());
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or malformed replication message: " + e, e);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Kind kind, StringTable table, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind.ordinal());
            out.writeInt(table.strings.size());
            for (String s : table.strings) {
                out.writeUTF(s);
            }
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Field values may pass writeUTF's 64 KB limit (install records with many artifacts). */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int n = count(in);
        byte[] utf8 = in.readNBytes(n);
        if (utf8.length != n) {
            throw new IOException("string cut short");
        }
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("count " + n + " out of range");
        }
        return n;
    }

    private static String string(String[] table, int index) {
        if (index < 0 || index >= table.length) {
            throw new IllegalArgumentException("string index " + index + " out of range (table of " + table.length + ")");
        }
        return table[index];
    }

    private static final class StringTable {
        final List<String> strings = new ArrayList<>();
        final Map<String, Integer> indexes = new HashMap<>();

        int index(String s) {
            return indexes.computeIfAbsent(s, x -> {
                strings.add(x);
                return strings.size() - 1;
            });
        }
    }
}
