package io.hookline.store.internal;

import io.hookline.store.RecordVersion;
import io.hookline.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a {@link StoredRecord} as the byte[] value of its collection's MVMap (the collection and
 * key are not repeated: they are the map and the map key). We use our own small binary layout
 * rather than MVStore's ObjectDataType (Java serialisation) so the file stays readable by any
 * future version of this bundle and independent of class names. Layout, big-endian via
 * {@link DataOutputStream}: format byte ({@value #FORMAT_V1}), id, version timestamp (long),
 * version node, deleted (boolean), createdAt (long), updatedAt (long), field count (int), then
 * name/value pairs sorted by name; every string is an int byte length plus UTF-8 bytes (so values
 * are not capped at 64 KiB as with {@code writeUTF}). Stateless and thread-safe.
 */
final class RecordCodec {

    /** The only format written so far. */
    static final byte FORMAT_V1 = 1;

    private RecordCodec() {
    }

    static byte[] encode(StoredRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            writeString(out, record.id());
            out.writeLong(record.version().timestamp());
            writeString(out, record.version().node());
            out.writeBoolean(record.deleted());
            out.writeLong(record.createdAt());
            out.writeLong(record.updatedAt());
            Map<String, String> sorted = new TreeMap<>(record.fields());
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> field : sorted.entrySet()) {
                writeString(out, field.getKey());
                writeString(out, field.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static StoredRecord decode(String collection, String key, byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IllegalStateException("unsupported record format " + format + " for " + collection + "/" + key);
            }
            String id = readString(in);
            long timestamp = in.readLong();
            String node = readString(in);
            boolean deleted = in.readBoolean();
            long createdAt = in.readLong();
            long updatedAt = in.readLong();
            int count = in.readInt();
            Map<String, String> fields = new HashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                fields.put(readString(in), readString(in));
            }
            return new StoredRecord(collection, key, id, new RecordVersion(timestamp, node), deleted, fields,
                    createdAt, updatedAt);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt record " + collection + "/" + key + ": " + e, e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
