package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PluginVerbTest {

    private final List<String> calls = new ArrayList<>();

    /** A PluginAdmin that records "method(arg)" and answers with one STOPPED plugin. */
    private PluginAdmin recordingAdmin() {
        return (PluginAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PluginAdmin.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + "(" + (args == null ? "" : args[0]) + ")");
                    if (args != null && "nope".equals(args[0])) {
                        throw new IllegalArgumentException("unknown plugin 'nope'");
                    }
                    PluginDTO p = PluginTablesTest.plugin("p", "e", 10, PluginStatus.STOPPED, "");
                    return method.getReturnType() == List.class ? List.of(p) : p;
                });
    }

    private StopPlugin stop(String plugin, String event, boolean all) {
        StopPlugin verb = new StopPlugin();
        verb.admin = recordingAdmin();
        verb.plugin = plugin;
        verb.event = event;
        verb.all = all;
        return verb;
    }

    @Test
    public void aPluginNameTargetsThatPlugin() {
        assertEquals(1, stop("welcome-message", null, false).apply().size());
        assertEquals(List.of("stop(welcome-message)"), calls);
    }

    @Test
    public void eventOptionTargetsTheEvent() {
        stop(null, "user_registered", false).apply();
        assertEquals(List.of("stopEvent(user_registered)"), calls);
    }

    @Test
    public void allOptionTargetsEverything() {
        stop(null, null, true).apply();
        assertEquals(List.of("stopAll()"), calls);
    }

    @Test
    public void noTargetOrTwoTargetsIsRefusedBeforeTouchingTheEngine() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> stop(null, null, false).apply());
        assertThrows(IllegalArgumentException.class, () -> stop("p", "e", false).apply());
        assertThrows(IllegalArgumentException.class, () -> stop("p", null, true).apply());

        assertEquals("hook:stop needs exactly one of: <plugin>, -e <event>, -a", none.getMessage());
        assertEquals(List.of(), calls);
    }

    @Test
    public void unknownNamesSurfaceTheEnginesMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stop("nope", null, false).apply());
        assertEquals("unknown plugin 'nope'", e.getMessage());
    }

    @Test
    public void everyVerbCallsItsOwnAdminMethods() {
        PluginAdmin admin = recordingAdmin();
        for (PluginVerb verb : List.of(new StartPlugin(), new StopPlugin(), new RestartPlugin(), new EnablePlugin(),
                new UnregisterPlugin())) {
            verb.admin = admin;
            verb.plugin = "p";
            verb.apply();
            verb.plugin = null;
            verb.event = "e";
            verb.apply();
            verb.event = null;
            verb.all = true;
            verb.apply();
        }
        assertEquals(List.of("start(p)", "startEvent(e)", "startAll()", "stop(p)", "stopEvent(e)", "stopAll()",
                "restart(p)", "restartEvent(e)", "restartAll()", "enable(p)", "enableEvent(e)", "enableAll()",
                "unregister(p)", "unregisterEvent(e)", "unregisterAll()"), calls);
    }
}
