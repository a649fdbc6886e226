package io.hookline.jmx;

/**
 * One event's call metrics as a JMX client reads it ({@link EngineMXBean#getEventMetrics()}): a
 * {@code CompositeData} of these items. Calls come from the per-event sampling countdown, halts
 * are scaled from samples, failures and skips are exact. Null-free. Since 1.1.
 */
public final class EventMetricsData {

    private String event = "";
    private long calls;
    private long halts;
    private long failures;
    private long skips;
    private int sampleEvery;

    /** An empty instance; the MXBean mapping reconstructs one through the setters. */
    public EventMetricsData() {
    }

    /** @return the event */
    public String getEvent() {
        return event;
    }

    /** @param event the event */
    public void setEvent(String event) {
        this.event = event == null ? "" : event;
    }

    /** @return its calls, counted by the sampling countdown (exact from one calling thread, an undercount under concurrent calls) */
    public long getCalls() {
        return calls;
    }

    /** @param calls its calls, counted by the sampling countdown (exact from one calling thread, an undercount under concurrent calls) */
    public void setCalls(long calls) {
        this.calls = calls;
    }

    /** @return estimated calls that halted */
    public long getHalts() {
        return halts;
    }

    /** @param halts estimated calls that halted */
    public void setHalts(long halts) {
        this.halts = halts;
    }

    /** @return exact failures of its plugins */
    public long getFailures() {
        return failures;
    }

    /** @param failures exact failures of its plugins */
    public void setFailures(long failures) {
        this.failures = failures;
    }

    /** @return exact skips of its plugins */
    public long getSkips() {
        return skips;
    }

    /** @param skips exact skips of its plugins */
    public void setSkips(long skips) {
        this.skips = skips;
    }

    /** @return one call in this many is sampled; 0 when metrics are off */
    public int getSampleEvery() {
        return sampleEvery;
    }

    /** @param sampleEvery one call in this many is sampled; 0 when metrics are off */
    public void setSampleEvery(int sampleEvery) {
        this.sampleEvery = sampleEvery;
    }
}
