package io.hookline.installer.internal.fetch;

import io.hookline.installer.internal.InstallerSettings;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a {@code .tar.gz} or {@code .zip} into an empty folder with Apache Commons Compress,
 * refusing anything that could write outside it or fill the disk: absolute names, {@code ..}
 * segments, symbolic and hard links, devices, fifos and other special entries, more than the
 * configured number of entries, and more than the configured number of uncompressed bytes
 * (counted while writing, not trusted from headers: a zip bomb stops at the cap). Containment is
 * checked on normalised paths component by component ({@link Path#startsWith(Path)}) and again on
 * the real path of each parent folder, never by string prefix. Zips are read through their
 * central directory. Threading: stateless apart from the immutable settings.
 */
public final class ArchiveUnpacker {

    /** Unix file-type bits in a zip entry's external attributes. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final InstallerSettings settings;

    public ArchiveUnpacker(InstallerSettings settings) {
        this.settings = settings;
    }

    /**
     * @param archive the archive
     * @param kind {@link ArtifactKind#ZIP} or {@link ArtifactKind#TAR_GZ}
     * @param dest an existing empty folder
     * @param label the archive's name in messages (the fetched file's name)
     * @return the regular files written, in archive order
     * @throws InstallException on a refused entry or a corrupt archive; files already written stay
     *     in {@code dest} for the caller to delete
     */
    public List<Path> unpack(Path archive, ArtifactKind kind, Path dest, String label) {
        try {
            Path root = dest.toRealPath();
            Budget budget = new Budget(label);
            return kind == ArtifactKind.ZIP ? unzip(archive, root, budget) : untar(archive, root, budget);
        } catch (InstallException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InstallException(CORRUPT_ARCHIVE, "cannot read archive " + label + ": " + e, e);
        } catch (LinkageError e) {
            // Commons Compress resolved without one of its optional imports (Commons IO / Lang)
            throw new InstallException(IO_ERROR, "cannot unpack archive " + label
                    + ": Commons Compress lacks a dependency at run time: " + e, e);
        }
    }

    private final class Budget {
        final String archive;
        int entries;
        long bytes;

        Budget(String archive) {
            this.archive = archive;
        }

        void entry(String name) {
            if (++entries > settings.maxEntries) {
                throw new InstallException(TOO_MANY_ENTRIES, "archive " + archive + " has more than "
                        + settings.maxEntries + " entries (at '" + name + "')");
            }
        }
    }

    private List<Path> untar(Path archive, Path root, Budget budget) throws IOException {
        List<Path> files = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(new TarHeaderGuard(gz, budget.archive))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                budget.entry(name);
                if (e.isSymbolicLink()) {
                    throw unsafe(budget, name, "is a symbolic link to '" + e.getLinkName() + "'");
                }
                if (e.isLink()) {
                    throw unsafe(budget, name, "is a hard link to '" + e.getLinkName() + "'");
                }
                if (e.isCharacterDevice() || e.isBlockDevice()) {
                    throw unsafe(budget, name, "is a device");
                }
                if (e.isFIFO()) {
                    throw unsafe(budget, name, "is a fifo");
                }
                Path target = target(root, name, budget, e.isDirectory());
                if (target == null) {
                    continue; // "./", as tar -C dir . writes first: the root itself
                }
                if (e.isDirectory()) {
                    mkdirs(root, target, budget, name);
                } else if (e.isFile()) {
                    files.add(write(tar, root, target, budget, name));
                } else {
                    throw unsafe(budget, name, "has an unsupported tar entry type");
                }
            }
        }
        return files;
    }

    /**
     * Counts the central directory's entries straight from the file, holding one header at a
     * time, and refuses more than {@code max.entries} before Commons Compress parses (and keeps in
     * memory) the whole directory: a 100 MB zip of a million empty entries would otherwise take
     * the heap. Why every candidate start: readers disagree on where the directory is. Commons
     * Compress follows a ZIP64 locator whatever the end record says, and finds the directory of
     * an archive with a prefix (self-extracting) by its size back from the end record rather than
     * by the recorded offset; so the headers are counted from the recorded offsets (end record and
     * ZIP64 record) and from the size-derived starts, each for as long as central headers follow,
     * and the largest count decides.
     */
    private void countZipEntries(Path archive, Budget budget) throws IOException {
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLength = (int) Math.min(size, 22 + 0xFFFF + 20);
            long tailStart = size - tailLength;
            ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, tail, tailStart);
            int eocd = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                return; // not a zip: ZipFile reports it
            }
            List<Long> starts = new ArrayList<>();
            starts.add(tail.getInt(eocd + 16) & 0xffffffffL);
            starts.add(tailStart + eocd - (tail.getInt(eocd + 12) & 0xffffffffL));
            if (eocd >= 20 && tail.getInt(eocd - 20) == 0x07064b50) {
                long z64At = tail.getLong(eocd - 20 + 8);
                ByteBuffer z64 = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, z64, z64At);
                if (z64.getInt(0) == 0x06064b50) {
                    starts.add(z64.getLong(48));
                    starts.add(z64At - z64.getLong(40));
                }
                long z64Here = tailStart + eocd - 20 - 56;
                if (z64Here != z64At && z64Here >= 0) {
                    readFully(ch, z64, z64Here);
                    if (z64.getInt(0) == 0x06064b50) {
                        starts.add(z64Here - z64.getLong(40));
                    }
                }
            }
            for (long start : starts) {
                countFrom(ch, start, size, budget);
            }
        }
    }

    /** Counts central headers from {@code start} for as long as they follow; refuses past the cap. */
    private void countFrom(FileChannel ch, long start, long size, Budget budget) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
        long pos = start;
        budget.entries = 0;
        try {
            while (pos >= 0 && pos + 46 <= size) {
                readFully(ch, h, pos);
                if (h.getInt(0) != 0x02014b50) {
                    break;
                }
                int nameLength = h.getShort(28) & 0xffff;
                if (budget.entries + 1 > settings.maxEntries) {
                    ByteBuffer name = ByteBuffer.allocate(Math.min(nameLength, 1024));
                    readFully(ch, name, pos + 46);
                    budget.entry(new String(name.array(), 0, name.position(), java.nio.charset.StandardCharsets.UTF_8)
                            .replace('\\', '/'));
                }
                budget.entries++;
                pos += 46 + nameLength + (h.getShort(30) & 0xffff) + (h.getShort(32) & 0xffff);
            }
        } finally {
            budget.entries = 0;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + buf.position());
            if (n < 0) {
                break;
            }
        }
    }

    private List<Path> unzip(Path archive, Path root, Budget budget) throws IOException {
        countZipEntries(archive, budget);
        List<Path> files = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                String name = e.getName();
                budget.entry(name);
                if (e.isUnixSymlink()) {
                    throw unsafe(budget, name, "is a symbolic link");
                }
                int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & S_IFMT : 0;
                if (type != 0 && type != S_IFREG && type != S_IFDIR) {
                    throw unsafe(budget, name, "is a special file (unix mode " + Integer.toOctalString(e.getUnixMode())
                            + ")");
                }
                Path target = target(root, name, budget, e.isDirectory());
                if (target == null) {
                    continue;
                }
                if (e.isDirectory()) {
                    mkdirs(root, target, budget, name);
                } else {
                    if (!zip.canReadEntryData(e)) {
                        throw new InstallException(CORRUPT_ARCHIVE, "archive " + budget.archive + " entry '" + name
                                + "' uses an unsupported compression or encryption");
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        files.add(write(in, root, target, budget, name));
                    }
                }
            }
        }
        return files;
    }

    private static InstallException unsafe(Budget budget, String name, String why) {
        return new InstallException(UNSAFE_ARCHIVE_ENTRY, "archive " + budget.archive + " entry '" + name + "' " + why);
    }

    /** @return where the entry goes, or null for a directory entry that is the root itself ({@code ./}) */
    private static Path target(Path root, String name, Budget budget, boolean directory) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw unsafe(budget, name, "has an empty or NUL-containing name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(budget, name, "has an absolute path");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw unsafe(budget, name, "has a '..' segment (path traversal)");
            }
        }
        Path target = root.resolve(name).normalize();
        if (directory && target.equals(root)) {
            return null;
        }
        if (!target.startsWith(root) || target.equals(root)) {
            throw unsafe(budget, name, "resolves outside the extraction folder");
        }
        return target;
    }

    private static void mkdirs(Path root, Path dir, Budget budget, String name) throws IOException {
        Files.createDirectories(dir);
        if (!dir.toRealPath().startsWith(root)) {
            throw unsafe(budget, name, "resolves outside the extraction folder");
        }
    }

    private Path write(InputStream in, Path root, Path target, Budget budget, String name) throws IOException {
        Path parent = target.getParent();
        mkdirs(root, parent, budget, name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(budget, name, "is a duplicate entry");
        }
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                budget.bytes += n;
                if (budget.bytes > settings.maxUnpackedBytes) {
                    throw new InstallException(ARCHIVE_TOO_LARGE, "archive " + budget.archive
                            + " unpacks to more than the maximum of " + settings.maxUnpackedBytes + " bytes (at '"
                            + name + "')");
                }
                out.write(buf, 0, n);
            }
        }
        return target;
    }
}
