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
}
