package io.hookline.jmx.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.jmx.PluginData;
import io.hookline.jmx.PluginMXBean;
import io.hookline.jmx.internal.OperatorVerbs.Verb;
import java.util.function.LongSupplier;

/**
 * {@link PluginMXBean} of one plugin name: each attribute reads the engine's current view of the
 * plugin (so a bean never shows a stale status), each verb goes through {@link OperatorVerbs}.
 * Threading: thread-safe, as the engine is.
 */
final class PluginBean implements PluginMXBean {

    private final String name;
    private final PluginAdmin admin;
    private final OperatorVerbs verbs;
    private final LongSupplier clock;

    PluginBean(String name, PluginAdmin admin, OperatorVerbs verbs, LongSupplier clock) {
        this.name = name;
        this.admin = admin;
        this.verbs = verbs;
        this.clock = clock;
    }

    private PluginData current() {
        return DataMapping.plugin(admin.plugin(name).orElseThrow(
                () -> new IllegalStateException("plugin '" + name + "' has left the engine")), clock.getAsLong());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getEvent() {
        return current().getEvent();
    }

    @Override
    public String getStatus() {
        return current().getStatus();
    }

    @Override
    public boolean isActive() {
        return current().isActive();
    }

    @Override
    public int getPriority() {
        return current().getPriority();
    }

    @Override
    public String[] getDepends() {
        return current().getDepends();
    }

    @Override
    public boolean isCritical() {
        return current().isCritical();
    }

    @Override
    public String getReason() {
        return current().getReason();
    }

    @Override
    public String getBundle() {
        return current().getBundle();
    }

    @Override
    public long getBundleId() {
        return current().getBundleId();
    }

    @Override
    public String getRecordId() {
        return current().getRecordId();
    }

    @Override
    public String getBreakerState() {
        return current().getBreakerState();
    }

    @Override
    public long getBreakerOpenUntil() {
        return current().getBreakerOpenUntil();
    }

    @Override
    public int getConsecutiveFailures() {
        return current().getConsecutiveFailures();
    }

    @Override
    public String getLastFailure() {
        return current().getLastFailure();
    }

    @Override
    public String getStateType() {
        return current().getStateType();
    }

    @Override
    public PluginData start() {
        return verbs.onPlugin(Verb.START, name);
    }

    @Override
    public PluginData stop() {
        return verbs.onPlugin(Verb.STOP, name);
    }

    @Override
    public PluginData enable() {
        return verbs.onPlugin(Verb.ENABLE, name);
    }

    @Override
    public PluginData restart() {
        return verbs.onPlugin(Verb.RESTART, name);
    }
    @Override
    public long getCalls() {
        return current().getCalls();
    }

    @Override
    public long getHalts() {
        return current().getHalts();
    }

    @Override
    public long getFailures() {
        return current().getFailures();
    }

    @Override
    public long getSkips() {
        return current().getSkips();
    }

    @Override
    public long getBreakerOpens() {
        return current().getBreakerOpens();
    }

    @Override
    public long getLatencyP50Nanos() {
        return current().getLatencyP50Nanos();
    }

    @Override
    public long getLatencyP99Nanos() {
        return current().getLatencyP99Nanos();
    }

    @Override
    public PluginData getData() {
        return current();
    }
}
