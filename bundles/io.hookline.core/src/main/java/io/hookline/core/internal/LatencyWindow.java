package io.hookline.core.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sliding window of the last N latencies of one plugin, and their percentiles.
 *
 * <p>Why a ring: fixed size, no allocation on record, and the oldest sample falls out by itself;
 * percentiles are computed on read (copy, sort), which only operators do. Threading: any number
 * of recording threads (a slot index per record by one atomic increment, only on sampled calls)
 * and readers; a reader racing a writer may see one slot's old value, which a percentile over a
 * window does not notice.
 */
final class LatencyWindow {

    private final AtomicLongArray ring;
    private final AtomicLong recorded = new AtomicLong();

    /** @param size how many latest samples the window keeps, at least 1 */
    LatencyWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, was " + size);
        }
        ring = new AtomicLongArray(size);
    }

    void record(long nanos) {
        long n = recorded.getAndIncrement();
        ring.lazySet((int) (n % ring.length()), nanos);
    }

    /** @return how many samples were ever recorded */
    long recorded() {
        return recorded.get();
    }

    int size() {
        return ring.length();
    }

    /** @return the samples in the window, sorted ascending (at most {@link #size()}) */
    long[] sorted() {
        int count = (int) Math.min(recorded.get(), ring.length());
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring.get(i);
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code q} of the samples at
     * or below it.
     *
     * @param sorted ascending samples
     * @param q the fraction, 0 &lt; q &lt;= 1
     * @return the percentile, or -1 for no samples
     */
    static long percentile(long[] sorted, double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("percentile must be in (0, 1], was " + q);
        }
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
