package io.hookline.installer.internal.fetch;

import static io.hookline.installer.InstallException.Reason.UNSAFE_ARCHIVE_ENTRY;

import io.hookline.installer.InstallException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between the gzip stream and Commons Compress's tar reader and follows the tar framing
 * (512-byte headers, data padded to 512) as the reader pulls bytes through, refusing a GNU
 * long-name/long-link or a PAX header whose announced size exceeds {@value #MAX_META_BYTES} bytes
 * before the reader buffers it: without this, one header can ask for hundreds of megabytes of heap.
 * Threading: one instance per stream.
 */
final class TarHeaderGuard extends FilterInputStream {

    /** The largest long-name, long-link or PAX header accepted. */
    static final int MAX_META_BYTES = 64 * 1024;

    private final String archive;
    private final byte[] header = new byte[512];
    private long pos;
    private long headerStart;
    /** Size of the data of a GNU sparse entry whose extension headers are still being read. */
    private long sparseData = -1;

    TarHeaderGuard(InputStream in, String archive) {
        super(in);
        this.archive = archive;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = 0; i < n; i++) {
            long p = pos + i;
            if (p >= headerStart && p < headerStart + 512) {
                header[(int) (p - headerStart)] = b[off + i];
                if (p == headerStart + 511) {
                    onHeader();
                }
            }
        }
        if (n > 0) {
            pos += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void onHeader() {
        if (sparseData >= 0) {
            boolean more = header[504] != 0;
            headerStart += 512;
            if (!more) {
                headerStart += padded(sparseData);
                sparseData = -1;
            }
            return;
        }
        byte type = header[156];
        long size = size();
        if ((type == 'L' || type == 'K' || type == 'x' || type == 'g' || type == 'X') && size > MAX_META_BYTES) {
            throw new InstallException(UNSAFE_ARCHIVE_ENTRY, "archive " + archive + " has a tar "
                    + (type == 'L' ? "long-name" : type == 'K' ? "long-link" : "PAX") + " header of " + size
                    + " bytes, more than the maximum of " + MAX_META_BYTES);
        }
        if (type == 'S' && header[482] != 0) {
            sparseData = size;
            headerStart += 512;
            return;
        }
        headerStart += 512 + padded(size);
    }

    private static long padded(long size) {
        return (size + 511) / 512 * 512;
    }

    /** The size field: octal, or base-256 when its first byte has the high bit set. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
                if (v > (Long.MAX_VALUE >> 9)) {
                    return Long.MAX_VALUE >> 9;
                }
            }
            return v;
        }
        long v = 0;
        for (int i = 124; i < 136; i++) {
            int c = header[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            } else if (c != ' ' && c != 0) {
                break;
            }
        }
        return v;
    }
}
