package io.hookline.core.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class LatencyWindowTest {

    @Test
    public void emptyWindowHasNoPercentiles() {
        LatencyWindow w = new LatencyWindow(4);
        assertEquals(0, w.sorted().length);
        assertEquals(-1, LatencyWindow.percentile(w.sorted(), 0.5));
        assertEquals(-1, LatencyWindow.percentile(w.sorted(), 0.99));
    }

    @Test
    public void nearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1; // 1..100
        }
        assertEquals(50, LatencyWindow.percentile(hundred, 0.50));
        assertEquals(99, LatencyWindow.percentile(hundred, 0.99));
        assertEquals(100, LatencyWindow.percentile(hundred, 1.0));
        assertEquals(1, LatencyWindow.percentile(hundred, 0.001));
        long[] one = {7};
        assertEquals(7, LatencyWindow.percentile(one, 0.5));
        assertEquals(7, LatencyWindow.percentile(one, 0.99));
        long[] three = {10, 20, 30};
        assertEquals(20, LatencyWindow.percentile(three, 0.5));
        assertEquals(30, LatencyWindow.percentile(three, 0.99));
    }

    @Test
    public void windowSlidesOldSamplesOut() {
        LatencyWindow w = new LatencyWindow(3);
        w.record(500);
        w.record(100);
        assertArrayEquals(new long[] {100, 500}, w.sorted());
        w.record(300);
        w.record(200); // overwrites 500, the oldest
        w.record(400); // overwrites 100
        assertArrayEquals(new long[] {200, 300, 400}, w.sorted());
        assertEquals(5, w.recorded());
        assertEquals(300, LatencyWindow.percentile(w.sorted(), 0.5));
    }

    @Test
    public void badArgumentsAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0));
        assertEquals("window size must be at least 1, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LatencyWindow.percentile(new long[1], 0));
        assertEquals("percentile must be in (0, 1], was 0.0", e.getMessage());
    }

    @Test
    public void settingsRefuseBadMetricsValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.DEFAULTS.withMetrics(true, 0, 10));
        assertEquals("metrics.sample.every must be at least 1, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EngineSettings.DEFAULTS.withMetrics(true, 8, 0));
        assertEquals("metrics.window must be 1..1048576, was 0", e.getMessage());
    }
}
