package io.hookline.jmx;

/**
 * One plugin as a JMX client reads it: a {@code CompositeData} of these items. Null-free: text
 * that the engine leaves out is "". Items are added in minor versions (metrics), never removed.
 */
public final class PluginData {

    private String name = "";
    private String event = "";
    private String status = "";
    private boolean active;
    private int priority;
    private String[] depends = new String[0];
    private boolean critical;
    private String reason = "";
    private String bundle = "";
    private long bundleId = -1;
    private String recordId = "";
    private String breakerState = "CLOSED";
    private long breakerOpenUntil;
    private int consecutiveFailures;
    private String lastFailure = "";
    private String stateType = "";
    private long calls;
    private long halts;
    private long lastHaltAt;
    private long failures;
    private long failuresThrew;
    private long failuresNullReply;
    private long failuresWrongType;
    private long failuresSlow;
    private long skips;
    private long breakerOpens;
    private long latencyP50Nanos = -1;
    private long latencyP99Nanos = -1;
    private int latencySamples;
    private int metricsSampleEvery;

    /** An empty instance; the MXBean mapping reconstructs one through the setters. */
    public PluginData() {
    }

    /** @return the plugin name */
    public String getName() {
        return name;
    }

    /** @param name the plugin name */
    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    /** @return its event, "" if its registration named none */
    public String getEvent() {
        return event;
    }

    /** @param event its event, "" if its registration named none */
    public void setEvent(String event) {
        this.event = event == null ? "" : event;
    }

    /** @return its status name */
    public String getStatus() {
        return status;
    }

    /** @param status its status name */
    public void setStatus(String status) {
        this.status = status == null ? "" : status;
    }

    /** @return true if it runs in its event's chain */
    public boolean isActive() {
        return active;
    }

    /** @param active true if it runs in its event's chain */
    public void setActive(boolean active) {
        this.active = active;
    }

    /** @return its priority, 0..100, lower runs first */
    public int getPriority() {
        return priority;
    }

    /** @param priority its priority, 0..100, lower runs first */
    public void setPriority(int priority) {
        this.priority = priority;
    }

    /** @return the plugins it depends on */
    public String[] getDepends() {
        return depends.clone();
    }

    /** @param depends the plugins it depends on */
    public void setDepends(String[] depends) {
        this.depends = depends == null ? new String[0] : depends.clone();
    }

    /** @return true if it fails closed */
    public boolean isCritical() {
        return critical;
    }

    /** @param critical true if it fails closed */
    public void setCritical(boolean critical) {
        this.critical = critical;
    }

    /** @return why it has its status, "" if nothing to say */
    public String getReason() {
        return reason;
    }

    /** @param reason why it has its status, "" if nothing to say */
    public void setReason(String reason) {
        this.reason = reason == null ? "" : reason;
    }

    /** @return symbolic name of the bundle that registered it */
    public String getBundle() {
        return bundle;
    }

    /** @param bundle symbolic name of the bundle that registered it */
    public void setBundle(String bundle) {
        this.bundle = bundle == null ? "" : bundle;
    }

    /** @return that bundle's id, -1 if unknown */
    public long getBundleId() {
        return bundleId;
    }

    /** @param bundleId that bundle's id, -1 if unknown */
    public void setBundleId(long bundleId) {
        this.bundleId = bundleId;
    }

    /** @return its durable record id */
    public String getRecordId() {
        return recordId;
    }

    /** @param recordId its durable record id */
    public void setRecordId(String recordId) {
        this.recordId = recordId == null ? "" : recordId;
    }

    /** @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN} */
    public String getBreakerState() {
        return breakerState;
    }

    /** @param breakerState {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN} */
    public void setBreakerState(String breakerState) {
        this.breakerState = breakerState == null ? "" : breakerState;
    }

    /** @return epoch millis until which an open breaker skips it, 0 when closed */
    public long getBreakerOpenUntil() {
        return breakerOpenUntil;
    }

    /** @param breakerOpenUntil epoch millis until which an open breaker skips it, 0 when closed */
    public void setBreakerOpenUntil(long breakerOpenUntil) {
        this.breakerOpenUntil = breakerOpenUntil;
    }

    /** @return failures in a row since its last success */
    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    /** @param consecutiveFailures failures in a row since its last success */
    public void setConsecutiveFailures(int consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    /** @return its last failure, "" if none since the last reset */
    public String getLastFailure() {
        return lastFailure;
    }

    /** @param lastFailure its last failure, "" if none since the last reset */
    public void setLastFailure(String lastFailure) {
        this.lastFailure = lastFailure == null ? "" : lastFailure;
    }

    /** @return the state type its handler declares, "" if unknown */
    public String getStateType() {
        return stateType;
    }

    /** @param stateType the state type its handler declares, "" if unknown */
    public void setStateType(String stateType) {
        this.stateType = stateType == null ? "" : stateType;
    }
    /** @return estimated calls that ran its handler (sampled runs times the sampling rate; see metricsSampleEvery) (since 1.1) */
    public long getCalls() {
        return calls;
    }

    /** @param calls estimated calls that ran its handler (sampled runs times the sampling rate; see metricsSampleEvery) */
    public void setCalls(long calls) {
        this.calls = calls;
    }

    /** @return estimated calls it halted (since 1.1) */
    public long getHalts() {
        return halts;
    }

    /** @param halts estimated calls it halted */
    public void setHalts(long halts) {
        this.halts = halts;
    }

    /** @return epoch millis of the last sampled call it halted, 0 if none (since 1.1) */
    public long getLastHaltAt() {
        return lastHaltAt;
    }

    /** @param lastHaltAt epoch millis of the last sampled call it halted, 0 if none */
    public void setLastHaltAt(long lastHaltAt) {
        this.lastHaltAt = lastHaltAt;
    }

    /** @return exact failures (every kind) (since 1.1) */
    public long getFailures() {
        return failures;
    }

    /** @param failures exact failures (every kind) */
    public void setFailures(long failures) {
        this.failures = failures;
    }

    /** @return exact THREW failures (since 1.1) */
    public long getFailuresThrew() {
        return failuresThrew;
    }

    /** @param failuresThrew exact THREW failures */
    public void setFailuresThrew(long failuresThrew) {
        this.failuresThrew = failuresThrew;
    }

    /** @return exact NULL_REPLY failures (since 1.1) */
    public long getFailuresNullReply() {
        return failuresNullReply;
    }

    /** @param failuresNullReply exact NULL_REPLY failures */
    public void setFailuresNullReply(long failuresNullReply) {
        this.failuresNullReply = failuresNullReply;
    }

    /** @return exact WRONG_TYPE failures (since 1.1) */
    public long getFailuresWrongType() {
        return failuresWrongType;
    }

    /** @param failuresWrongType exact WRONG_TYPE failures */
    public void setFailuresWrongType(long failuresWrongType) {
        this.failuresWrongType = failuresWrongType;
    }

    /** @return exact SLOW failures (since 1.1) */
    public long getFailuresSlow() {
        return failuresSlow;
    }

    /** @param failuresSlow exact SLOW failures */
    public void setFailuresSlow(long failuresSlow) {
        this.failuresSlow = failuresSlow;
    }

    /** @return exact calls that skipped it (breaker open or a dependency did not run) (since 1.1) */
    public long getSkips() {
        return skips;
    }

    /** @param skips exact calls that skipped it (breaker open or a dependency did not run) */
    public void setSkips(long skips) {
        this.skips = skips;
    }

    /** @return exact times its breaker opened (since 1.1) */
    public long getBreakerOpens() {
        return breakerOpens;
    }

    /** @param breakerOpens exact times its breaker opened */
    public void setBreakerOpens(long breakerOpens) {
        this.breakerOpens = breakerOpens;
    }

    /** @return median handler latency over the sliding window, nanoseconds; -1 before the first timed call (since 1.1) */
    public long getLatencyP50Nanos() {
        return latencyP50Nanos;
    }

    /** @param latencyP50Nanos median handler latency over the sliding window, nanoseconds; -1 before the first timed call */
    public void setLatencyP50Nanos(long latencyP50Nanos) {
        this.latencyP50Nanos = latencyP50Nanos;
    }

    /** @return 99th percentile handler latency over the sliding window, nanoseconds; -1 before the first timed call (since 1.1) */
    public long getLatencyP99Nanos() {
        return latencyP99Nanos;
    }

    /** @param latencyP99Nanos 99th percentile handler latency over the sliding window, nanoseconds; -1 before the first timed call */
    public void setLatencyP99Nanos(long latencyP99Nanos) {
        this.latencyP99Nanos = latencyP99Nanos;
    }

    /** @return timed calls in the latency window (since 1.1) */
    public int getLatencySamples() {
        return latencySamples;
    }

    /** @param latencySamples timed calls in the latency window */
    public void setLatencySamples(int latencySamples) {
        this.latencySamples = latencySamples;
    }

    /** @return one call in this many per event is sampled; 0 when metrics are off (since 1.1) */
    public int getMetricsSampleEvery() {
        return metricsSampleEvery;
    }

    /** @param metricsSampleEvery one call in this many per event is sampled; 0 when metrics are off */
    public void setMetricsSampleEvery(int metricsSampleEvery) {
        this.metricsSampleEvery = metricsSampleEvery;
    }
}
