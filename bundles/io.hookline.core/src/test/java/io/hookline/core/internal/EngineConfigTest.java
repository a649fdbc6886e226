package io.hookline.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The engine's configuration as an operator types it: a value out of range must not stop the
 * engine from starting at the next boot (the live change of the same value was only refused with
 * a log line, so nothing told the operator the next restart would take Hookline down, with its
 * commands, MBeans and health checks).
 */
public class EngineConfigTest {

    /** A {@link WhiteboardDispatcher.Config} with its defaults, except {@code values} (keys are method names). */
    static WhiteboardDispatcher.Config config(Map<String, Object> values) {
        return (WhiteboardDispatcher.Config) Proxy.newProxyInstance(EngineConfigTest.class.getClassLoader(),
                new Class<?>[] {WhiteboardDispatcher.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return d;
                });
    }

    @Test
    public void anInvalidValueAtBootFallsBackToItsDefaultNamingTheKeyAndTheEngineStarts() {
        List<String> problems = new ArrayList<>();
        EngineSettings s = WhiteboardDispatcher.settings(config(Map.of("metrics_window", 0, "metrics_sample_every", -3,
                "breaker_threshold", 0, "health_timeout_millis", 0L, "breaker_cooldown_seconds", 7L)), EngineSettings.DEFAULTS,
                problems::add);

        assertEquals(EngineSettings.DEFAULT_WINDOW, s.metricsWindow());
        assertEquals(EngineSettings.DEFAULT_SAMPLE_EVERY, s.metricsSampleEvery());
        assertEquals(5, s.breakerThreshold());
        assertEquals(Duration.ofSeconds(1), s.healthTimeout());
        assertEquals("a valid value next to invalid ones is applied", Duration.ofSeconds(7), s.breakerCooldown());
        assertEquals(problems.toString(), 4, problems.size());
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("metrics.window") && p.contains("was 0")
                && p.contains("1024")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("metrics.sample.every") && p.contains("-3")));
    }

    @Test
    public void anInvalidLiveChangeKeepsTheRunningValueAndAppliesTheValidOnes() {
        EngineSettings running = EngineSettings.DEFAULTS.withMetrics(true, 64, 256);
        List<String> problems = new ArrayList<>();
        EngineSettings s = WhiteboardDispatcher.settings(config(Map.of("metrics_window", 1 << 21, "metrics_sample_every", 8,
                "metrics_enabled", false)), running, problems::add);

        assertEquals("the running window is kept", 256, s.metricsWindow());
        assertEquals(8, s.metricsSampleEvery());
        assertEquals(false, s.metricsEnabled());
        assertEquals(problems.toString(), 1, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("metrics.window") && problems.get(0).contains("256"));
    }

    @Test
    public void theEngineComponentStartsWithAnOutOfRangeWindow() {
        // the boot path as the component takes it: no fallback given, so the defaults stand in
        EngineSettings s = WhiteboardDispatcher.settings(config(Map.of("metrics_window", 0)));
        assertEquals(EngineSettings.DEFAULT_WINDOW, s.metricsWindow());
    }
}
