package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class HybridLogicalClockTest {

    private static final long T0 = 1_750_000_000_000L;

    private final AtomicLong wall = new AtomicLong(T0);
    private final HybridLogicalClock clock = new HybridLogicalClock(wall::get);

    @Test
    public void followsTheWallClockWhileItMovesForward() {
        long first = clock.tick();
        assertEquals(T0, HybridLogicalClock.wallMillis(first));
        assertEquals(0, HybridLogicalClock.logical(first));
        wall.set(T0 + 5);
        long second = clock.tick();
        assertEquals(T0 + 5, HybridLogicalClock.wallMillis(second));
        assertEquals(0, HybridLogicalClock.logical(second));
    }

    @Test
    public void countsWhenTheWallClockStalls() {
        long first = clock.tick();
        long second = clock.tick();
        assertEquals(first + 1, second);
        assertEquals(T0, HybridLogicalClock.wallMillis(second));
        assertEquals(1, HybridLogicalClock.logical(second));
    }

    @Test
    public void staysMonotonicWhenTheWallClockGoesBackwards() {
        wall.set(T0 + 10_000);
        long before = clock.tick();
        wall.set(T0);
        long previous = before;
        for (int i = 0; i < 1000; i++) {
            long next = clock.tick();
            assertTrue("tick " + i + " went back", next > previous);
            assertEquals(T0 + 10_000, HybridLogicalClock.wallMillis(next));
            previous = next;
        }
        wall.set(T0 + 20_000);
        long after = clock.tick();
        assertEquals(T0 + 20_000, HybridLogicalClock.wallMillis(after));
        assertEquals(0, HybridLogicalClock.logical(after));
    }

    @Test
    public void logicalCounterOverflowCarriesIntoTheMillis() {
        long previous = clock.tick();
        for (int i = 0; i < 70_000; i++) {
            long next = clock.tick();
            assertTrue(next > previous);
            previous = next;
        }
        assertEquals(T0 + 1, HybridLogicalClock.wallMillis(previous));
    }

    @Test
    public void observeMovesPastARemoteReadingAhead() {
        clock.tick();
        long remote = ((T0 + 60_000) << 16) | 7;
        long observed = clock.observe(remote);
        assertEquals(remote + 1, observed);
        assertEquals(observed, clock.current());
        assertTrue(clock.tick() > remote);
    }

    @Test
    public void observeOfAnOlderReadingStillTicks() {
        wall.set(T0 + 1000);
        long local = clock.tick();
        long observed = clock.observe(T0 << 16);
        assertTrue(observed > local);
        assertEquals(T0 + 1000, HybridLogicalClock.wallMillis(observed));
    }

    @Test
    public void acceptsAJavaTimeClock() {
        HybridLogicalClock fixed = new HybridLogicalClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
        assertEquals(T0 << 16, fixed.tick());
        assertEquals((T0 << 16) + 1, fixed.tick());
    }

    @Test
    public void concurrentTicksAreDistinct() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        Set<Long> seen = java.util.Collections.synchronizedSet(new HashSet<>());
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                long previous = 0;
                for (int i = 0; i < perThread; i++) {
                    long next = i % 10 == 0 ? clock.observe(previous) : clock.tick();
                    if (next <= previous) {
                        throw new AssertionError("not monotonic in one thread");
                    }
                    seen.add(next);
                    previous = next;
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        assertEquals(threads * perThread, seen.size());
    }
}
