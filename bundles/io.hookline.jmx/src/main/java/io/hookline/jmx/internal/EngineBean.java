package io.hookline.jmx.internal;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.jmx.EngineMXBean;
import io.hookline.jmx.EventHealthData;
import io.hookline.jmx.PluginData;
import io.hookline.jmx.internal.OperatorVerbs.Verb;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@link EngineMXBean} over {@link PluginAdmin}: every read asks the engine (no state here but the
 * shared health round), every verb goes through {@link OperatorVerbs}. Threading: thread-safe, as
 * the engine is.
 */
final class EngineBean implements EngineMXBean {

    private final PluginAdmin admin;
    private final OperatorVerbs verbs;
    private final HealthRound health;
    private final LongSupplier clock;

    EngineBean(PluginAdmin admin, OperatorVerbs verbs, HealthRound health, LongSupplier clock) {
        this.admin = admin;
        this.verbs = verbs;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public String[] getEvents() {
        return admin.events().toArray(new String[0]);
    }

    @Override
    public int getPluginCount() {
        return admin.plugins().size();
    }

    @Override
    public Map<String, Integer> getPluginCounts() {
        return DataMapping.counts(admin.plugins());
    }

    @Override
    public int getBreakerOpenCount() {
        return DataMapping.breakersOpen(admin.plugins());
    }

    @Override
    public String getHealth() {
        return DataMapping.overall(health.get());
    }

    @Override
    public List<EventHealthData> getEventHealth() {
        return DataMapping.eventHealth(health.get());
    }

    @Override
    public List<PluginData> getPlugins() {
        return DataMapping.plugins(admin.plugins(), clock.getAsLong());
    }

    @Override
    public PluginData startPlugin(String plugin) {
        return verbs.onPlugin(Verb.START, plugin);
    }

    @Override
    public PluginData stopPlugin(String plugin) {
        return verbs.onPlugin(Verb.STOP, plugin);
    }

    @Override
    public PluginData enablePlugin(String plugin) {
        return verbs.onPlugin(Verb.ENABLE, plugin);
    }

    @Override
    public PluginData restartPlugin(String plugin) {
        return verbs.onPlugin(Verb.RESTART, plugin);
    }

    @Override
    public List<PluginData> startEvent(String event) {
        return verbs.onEvent(Verb.START, event);
    }

    @Override
    public List<PluginData> stopEvent(String event) {
        return verbs.onEvent(Verb.STOP, event);
    }

    @Override
    public List<PluginData> enableEvent(String event) {
        return verbs.onEvent(Verb.ENABLE, event);
    }

    @Override
    public List<PluginData> restartEvent(String event) {
        return verbs.onEvent(Verb.RESTART, event);
    }

    @Override
    public List<io.hookline.jmx.EventMetricsData> getEventMetrics() {
        return admin.metrics().stream().map(DataMapping::event).toList();
    }

    @Override
    public int getMetricsSampleEvery() {
        return admin.metrics().stream().findFirst().map(e -> e.enabled ? e.sampleEvery : 0).orElse(0);
    }
}
