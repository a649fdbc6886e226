package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CascadeTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Path dir;
    private TestEngine t;

    @Before
    public void open() throws Exception {
        dir = tmp.newFolder().toPath();
        t = new TestEngine(dir);
    }

    @After
    public void close() {
        t.close();
    }

    private PluginStatus status(String name) {
        return t.engine.plugin(name).map(p -> p.status).orElseThrow(() -> new AssertionError("no plugin " + name));
    }

    private String reason(String name) {
        return t.engine.plugin(name).orElseThrow().statusReason;
    }

    @Test
    public void missingDependencyHoldsAndItsArrivalReleases() {
        t.plugin("mail", "signup", 10, List.of("audit"), append("M"));
        assertEquals(PluginStatus.HELD, status("mail"));
        assertEquals("dependency 'audit' is not registered", reason("mail"));
        assertEquals("", t.engine.call("signup", "").value());
        long audit = t.plugin("audit", "login", 10, List.of(), append("A"));
        assertEquals(PluginStatus.REGISTERED, status("mail"));
        assertEquals("M", t.engine.call("signup", "").value());
        t.engine.unregister(audit);
        assertEquals(PluginStatus.HELD, status("mail"));
        assertEquals("", t.engine.call("signup", "").value());
    }

    @Test
    public void cascadeWalksTransitivelyAcrossEventsBothWays() {
        t.plugin("root", "e1", 10, List.of(), append("r"));
        t.plugin("mid", "e2", 10, List.of("root"), append("m"));
        t.plugin("leaf", "e3", 10, List.of("mid"), append("l"));
        t.plugin("leaf2", "e1", 20, List.of("mid"), append("2"));
        assertEquals("r2", t.engine.call("e1", "").value());
        t.engine.stop("root");
        assertEquals(PluginStatus.STOPPED, status("root"));
        assertEquals(PluginStatus.HELD, status("mid"));
        assertEquals(PluginStatus.HELD, status("leaf"));
        assertEquals("dependency 'mid' is held", reason("leaf"));
        assertEquals(PluginStatus.HELD, status("leaf2"));
        assertEquals("", t.engine.call("e1", "").value());
        assertEquals("", t.engine.call("e3", "").value());
        t.engine.enable("root");
        assertEquals(PluginStatus.STARTED, status("root"));
        assertEquals(PluginStatus.REGISTERED, status("mid"));
        assertEquals(PluginStatus.REGISTERED, status("leaf"));
        assertEquals("r2", t.engine.call("e1", "").value());
        assertEquals("l", t.engine.call("e3", "").value());
    }

    @Test
    public void cascadeNeverTouchesAStoppedPlugin() {
        t.plugin("dep", "e1", 10, List.of(), append("d"));
        t.plugin("user", "e2", 10, List.of("dep"), append("u"));
        t.engine.stop("user");
        t.engine.stop("dep");
        assertEquals(PluginStatus.STOPPED, status("user"));
        t.engine.enable("dep");
        assertEquals("stays stopped when its dependency returns", PluginStatus.STOPPED, status("user"));
        assertEquals("", t.engine.call("e2", "").value());
    }

    @Test
    public void startRefusesStoppedAndHeldPluginsAndEnableIsTheWayOut() {
        t.plugin("p", "e", 10, List.of(), append("p"));
        t.plugin("q", "e", 20, List.of("missing"), append("q"));
        t.engine.stop("p");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.engine.start("p"));
        assertEquals("cannot start plugin 'p': it is stopped; use enable to start it again", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> t.engine.restart("p"));
        assertEquals("cannot restart plugin 'p': it is stopped; use enable to start it again", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> t.engine.start("q"));
        assertEquals("cannot start plugin 'q': it is held: dependency 'missing' is not registered", e.getMessage());
        PluginDTO enabled = t.engine.enable("p");
        assertEquals(PluginStatus.STARTED, enabled.status);
        assertEquals(PluginStatus.STARTED, t.engine.start("p").status);
        assertEquals("p", t.engine.call("e", "").value());
    }

    @Test
    public void unknownNamesGiveClearErrors() {
        t.plugin("p", "e", 10, List.of(), append("p"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.engine.stop("nope"));
        assertEquals("unknown plugin 'nope'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.engine.stopEvent("no_event"));
        assertEquals("unknown event 'no_event': no plugin is attached to it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.engine.chain("no_event"));
        assertEquals("unknown event 'no_event': no plugin is attached to it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.engine.health("no_event"));
        assertEquals("unknown event 'no_event': no plugin is attached to it", e.getMessage());
    }

    @Test
    public void eventAndAllVerbs() {
        t.plugin("a", "e1", 10, List.of(), append("a"));
        t.plugin("b", "e1", 20, List.of(), append("b"));
        t.plugin("c", "e2", 10, List.of("a"), append("c"));
        assertEquals(2, t.engine.stopEvent("e1").size());
        assertEquals(PluginStatus.HELD, status("c"));
        assertEquals(2, t.engine.enableEvent("e1").size());
        assertEquals(PluginStatus.REGISTERED, status("c"));
        assertEquals(3, t.engine.startAll().size());
        assertEquals(PluginStatus.STARTED, status("c"));
        t.engine.stopAll();
        assertEquals("", t.engine.call("e1", "").value());
        t.engine.enableAll();
        assertEquals("ab", t.engine.call("e1", "").value());
        assertEquals(1, t.engine.unregisterEvent("e2").size());
        assertEquals(List.of("e1"), List.copyOf(t.engine.events()));
        t.engine.unregisterAll();
        assertEquals(0, t.engine.plugins().size());
    }

    @Test
    public void stopIsDurableAcrossAnEngineRestartOnTheSameStore() {
        t.plugin("durable", "e", 10, List.of(), append("d"));
        t.plugin("dependent", "e2", 10, List.of("durable"), append("x"));
        String id = t.engine.plugin("durable").orElseThrow().id;
        t.engine.stop("durable");
        t.close();

        t = new TestEngine(dir);
        t.plugin("durable", "e", 10, List.of(), append("d"));
        t.plugin("dependent", "e2", 10, List.of("durable"), append("x"));
        assertEquals(PluginStatus.STOPPED, status("durable"));
        assertEquals(id, t.engine.plugin("durable").orElseThrow().id);
        assertEquals(PluginStatus.HELD, status("dependent"));
        assertEquals("", t.engine.call("e", "").value());
        t.engine.enable("durable");
        assertEquals("d", t.engine.call("e", "").value());
    }
}
