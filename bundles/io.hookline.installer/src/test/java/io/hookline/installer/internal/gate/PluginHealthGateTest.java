package io.hookline.installer.internal.gate;

import static org.junit.Assert.assertEquals;

import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.installer.InstallException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** The gate's rules against a scripted {@link PluginAdmin}. */
public class PluginHealthGateTest {

    private final List<PluginDTO> plugins = new ArrayList<>();
    private final List<HealthDTO> health = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();

    private final PluginAdmin admin = (PluginAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PluginAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                case "plugins" -> List.copyOf(plugins);
                // the owner of a name: its first registration not failed as a duplicate
                case "plugin" -> plugins.stream().filter(p -> p.name.equals(args[0]) && !p.statusReason.startsWith("duplicate"))
                        .findFirst();
                case "unregister" -> {
                    unregistered.add((String) args[0]);
                    yield null;
                }
                case "health" -> {
                    EventHealthDTO e = new EventHealthDTO();
                    e.event = (String) args[0];
                    e.plugins = List.copyOf(health);
                    yield e;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private PluginDTO plugin(String name, long bundleId, PluginStatus status, String reason) {
        PluginDTO p = new PluginDTO();
        p.name = name;
        p.event = "ev";
        p.bundle = "b" + bundleId;
        p.bundleId = bundleId;
        p.status = status;
        p.statusReason = reason;
        plugins.add(p);
        return p;
    }

    private void probe(String plugin, Health.Status status, String message) {
        HealthDTO h = new HealthDTO();
        h.plugin = plugin;
        h.event = "ev";
        h.status = status;
        h.message = message;
        health.add(h);
    }

    private String fail(Set<Long> ids) {
        try {
            new PluginHealthGate(admin).check("app", ids, Duration.ofMillis(120));
            return null;
        } catch (InstallException e) {
            assertEquals(InstallException.Reason.HEALTH_CHECK_FAILED, e.reason());
            return e.getMessage();
        }
    }

    @Test
    public void healthyPasses() {
        plugin("p", 7, PluginStatus.REGISTERED, "");
        probe("p", Health.Status.OK, "ok");
        assertEquals(null, fail(Set.of(7L)));
    }

    @Test
    public void failedRegistrationFails() {
        plugin("p", 7, PluginStatus.FAILED, "dependency cycle p -> q -> p");
        assertEquals("app app failed its health gate: plugin p (bundle b7) FAILED: dependency cycle p -> q -> p",
                fail(Set.of(7L)));
    }

    @Test
    public void activeDownFails() {
        plugin("p", 7, PluginStatus.STARTED, "");
        probe("p", Health.Status.DOWN, "database unreachable");
        assertEquals("app app failed its health gate after 120 ms: plugin p on event ev is DOWN: database unreachable",
                fail(Set.of(7L)));
    }

    @Test
    public void stoppedOrHeldOrForeignPluginsDoNotFail() {
        plugin("stopped", 7, PluginStatus.STOPPED, "stopped by operator");
        plugin("held", 7, PluginStatus.HELD, "waits for x");
        plugin("other", 9, PluginStatus.FAILED, "not ours");
        probe("stopped", Health.Status.DOWN, "not active");
        probe("held", Health.Status.DOWN, "not active");
        assertEquals(null, fail(Set.of(7L)));
    }

    @Test
    public void cleanupUnregistersOnlyTheAppsPlugins() {
        plugin("mine", 7, PluginStatus.STOPPED, "stopped by operator");
        plugin("also-mine", 8, PluginStatus.STARTED, "");
        plugin("theirs", 9, PluginStatus.STARTED, "");
        new PluginHealthGate(admin).unregisterPlugins("app", Set.of(7L, 8L));
        assertEquals(List.of("mine", "also-mine"), unregistered);
    }

    @Test
    public void cleanupLeavesTheOwnerOfANameTheAppOnlyDuplicatedAlone() {
        plugin("block", 9, PluginStatus.STARTED, "");
        plugin("block", 7, PluginStatus.FAILED, "duplicate plugin name 'block': already registered by bundle b9");
        plugin("mine", 7, PluginStatus.STARTED, "");
        new PluginHealthGate(admin).unregisterPlugins("app", Set.of(7L));
        assertEquals("uninstalling an app unregistered another bundle's plugin (a guard, say) of a name it duplicated",
                List.of("mine"), unregistered);
    }
}
