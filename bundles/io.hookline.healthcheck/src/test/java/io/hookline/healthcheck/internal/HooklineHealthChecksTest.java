package io.hookline.healthcheck.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import org.apache.felix.hc.api.Result;
import org.junit.Test;
import org.osgi.framework.BundleContext;

/**
 * The overall check while the engine is gone (its component failed to activate, or io.hookline.core
 * stopped): before, the check needed the engine's PluginAdmin and left with it, so
 * {@code hc:exec hookline} printed nothing (no check, nothing failing) while Hookline was down.
 */
public class HooklineHealthChecksTest {

    private static BundleContext noRegistrations() {
        return (BundleContext) Proxy.newProxyInstance(HooklineHealthChecksTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    throw new AssertionError("no per-event check without an engine: " + method.getName());
                });
    }

    @Test
    public void theOverallCheckIsCriticalWhileTheEngineIsAbsent() {
        HooklineHealthChecks checks = new HooklineHealthChecks(noRegistrations());

        Result r = checks.execute();

        assertEquals(Result.Status.CRITICAL, r.getStatus());
        String log = r.toString();
        assertTrue(log, log.contains("engine is not running"));
    }
}
