package io.hookline.installer.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds fixture bundles and archives in memory: nothing binary is committed. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A bundle jar builder. */
    public static final class BundleJar {
        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<String, byte[]> entries = new LinkedHashMap<>();

        public BundleJar(String bsn, String version) {
            headers.put("Bundle-ManifestVersion", "2");
            if (bsn != null) {
                headers.put("Bundle-SymbolicName", bsn);
            }
            if (version != null) {
                headers.put("Bundle-Version", version);
            }
        }

        public BundleJar header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public BundleJar without(String header) {
            headers.remove(header);
            return this;
        }

        /** Adds a compiled test class (and its nested classes are not added: keep fixtures flat). */
        public BundleJar withClass(Class<?> type) {
            String res = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(res)) {
                entries.put(res, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        public BundleJar activator(Class<?> type) {
            withClass(type);
            String pkg = type.getPackageName();
            header("Bundle-Activator", type.getName());
            header("Import-Package", "org.osgi.framework");
            header("Private-Package", pkg);
            return this;
        }

        public BundleJar entry(String name, String content) {
            entries.put(name, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public byte[] bytes() {
            Manifest m = new Manifest();
            m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            headers.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(out, m)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    jar.putNextEntry(new JarEntry(e.getKey()));
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toByteArray();
        }
    }

    public static BundleJar bundle(String bsn, String version) {
        return new BundleJar(bsn, version);
    }

    /** A plain jar with a manifest but no OSGi headers. */
    public static byte[] plainJar() {
        BundleJar j = new BundleJar(null, null);
        j.headers.clear();
        j.entry("a.txt", "x");
        return j.bytes();
    }

    /** An entry of a test archive. */
    public record Entry(String name, byte[] content, byte tarType, String link, int unixMode) {
        public static Entry file(String name, byte[] content) {
            return new Entry(name, content, TarConstants.LF_NORMAL, null, 0100644);
        }

        public static Entry dir(String name) {
            return new Entry(name, new byte[0], TarConstants.LF_DIR, null, 040755);
        }

        public static Entry special(String name, byte tarType, String link, int unixMode) {
            return new Entry(name, new byte[0], tarType, link, unixMode);
        }
    }

    public static byte[] tarGz(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), e.tarType(), true);
                if (e.link() != null) {
                    t.setLinkName(e.link());
                }
                t.setSize(e.tarType() == TarConstants.LF_NORMAL ? e.content().length : 0);
                tar.putArchiveEntry(t);
                if (e.tarType() == TarConstants.LF_NORMAL) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zip(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Entry e : entries) {
                ZipArchiveEntry z = new ZipArchiveEntry(e.name());
                z.setUnixMode(e.unixMode());
                zip.putArchiveEntry(z);
                if (e.tarType() == TarConstants.LF_SYMLINK) {
                    zip.write(e.link().getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(e.content());
                }
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A zip whose one entry inflates to {@code size} zero bytes. */
    public static byte[] zipBomb(String name, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.putArchiveEntry(new ZipArchiveEntry(name));
            byte[] zeros = new byte[1 << 16];
            for (long done = 0; done < size; done += zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, size - done));
            }
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * A tar.gz that starts with a GNU long-name ('L'), long-link ('K') or PAX ('x') header
     * announcing {@code size} bytes of zeros (they compress to almost nothing), then the entries.
     */
    public static byte[] tarMeta(byte type, int size, Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            byte[] h = new byte[512];
            byte[] name = "././@LongLink".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, h, 0, name.length);
            put(h, 100, String.format("%07o", 0644));
            put(h, 108, String.format("%07o", 0));
            put(h, 116, String.format("%07o", 0));
            put(h, 124, String.format("%011o", size));
            put(h, 136, String.format("%011o", 0));
            h[156] = type;
            put(h, 257, "ustar");
            h[263] = '0';
            h[264] = '0';
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            gz.write(h);
            byte[] zeros = new byte[1 << 16];
            for (long done = 0; done < (size + 511) / 512 * 512; done += zeros.length) {
                gz.write(zeros, 0, (int) Math.min(zeros.length, (size + 511) / 512 * 512 - done));
            }
            byte[] rest = tarGz(entries);
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(rest))) {
                gz.write(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    /** Writes a zip of {@code n} empty entries named {@code e0}, {@code e1}, ... to {@code file}. */
    public static void manyEntriesZip(Path file, int n) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(file), 1 << 16))) {
            zip.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.AsNeeded);
            for (int i = 0; i < n; i++) {
                ZipArchiveEntry e = new ZipArchiveEntry("e" + i);
                e.setMethod(ZipArchiveEntry.STORED);
                e.setSize(0);
                e.setCrc(0);
                zip.putArchiveEntry(e);
                zip.closeArchiveEntry();
            }
        }
    }

    /**
     * Points the end record's central-directory offset of a ZIP64 {@code file} at its first local
     * header, leaving the ZIP64 locator (which readers such as Commons Compress follow first) intact.
     */
    public static void decoyEndRecord(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, ch.size() - 22);
            if (tail.getInt(0) != 0x06054b50) {
                throw new IllegalStateException("no end record at the end of " + file);
            }
            java.nio.ByteBuffer zero = java.nio.ByteBuffer.allocate(4);
            ch.write(zero, ch.size() - 22 + 16);
        }
    }

    /**
     * Rewrites a ZIP64 {@code file} as junk, the entries and the central directory, and a plain end
     * record whose directory offset is the one before the junk (as a self-extracting archive has):
     * the ZIP64 records are dropped, the recorded offset no longer points at the directory.
     */
    public static void prefixedWithoutZip64(Path file, int junk) throws IOException {
        byte[] all = Files.readAllBytes(file);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = all.length - 22;
        int locator = eocd - 20;
        if (b.getInt(eocd) != 0x06054b50 || b.getInt(locator) != 0x07064b50) {
            throw new IllegalStateException("not a ZIP64 file: " + file);
        }
        int z64 = (int) b.getLong(locator + 8);
        long cdSize = b.getLong(z64 + 40);
        long cdOffset = b.getLong(z64 + 48);
        java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt((int) cdSize).putInt((int) cdOffset).putShort((short) 0);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(new byte[junk]);
            out.write(all, 0, z64);
            out.write(end.array());
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }
}
