package io.hookline.jmx;

/**
 * One event's health as a JMX client reads it: the worst of its plugins', and the plugins that
 * are not OK.
 */
public final class EventHealthData {

    private String event = "";
    private String status = "OK";
    private int pluginCount;
    private String[] problems = new String[0];

    /** An empty instance; the MXBean mapping reconstructs one through the setters. */
    public EventHealthData() {
    }

    /** @return the event */
    public String getEvent() {
        return event;
    }

    /** @param event the event */
    public void setEvent(String event) {
        this.event = event == null ? "" : event;
    }

    /** @return {@code OK}, {@code DEGRADED} or {@code DOWN} */
    public String getStatus() {
        return status;
    }

    /** @param status {@code OK}, {@code DEGRADED} or {@code DOWN} */
    public void setStatus(String status) {
        this.status = status == null ? "" : status;
    }

    /** @return how many plugins were probed */
    public int getPluginCount() {
        return pluginCount;
    }

    /** @param pluginCount how many plugins were probed */
    public void setPluginCount(int pluginCount) {
        this.pluginCount = pluginCount;
    }

    /** @return one line per plugin that is not OK: {@code <plugin> <STATUS>: <message>} */
    public String[] getProblems() {
        return problems.clone();
    }

    /** @param problems one line per plugin that is not OK: {@code <plugin> <STATUS>: <message>} */
    public void setProblems(String[] problems) {
        this.problems = problems == null ? new String[0] : problems.clone();
    }
}
