package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RegistrationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath());
    }

    @After
    public void close() {
        t.close();
    }

    private PluginDTO dto(String name) {
        return t.engine.plugin(name).orElseThrow(() -> new AssertionError("no plugin " + name));
    }

    @Test
    public void selfDependencyIsACycle() {
        t.plugin("narcissus", "e", 10, List.of("narcissus"), append("n"));
        assertEquals(PluginStatus.FAILED, dto("narcissus").status);
        assertEquals("dependency cycle: narcissus -> narcissus", dto("narcissus").statusReason);
        assertEquals("", t.engine.call("e", "").value());
    }

    @Test
    public void pluginClosingACycleFailsAndOthersKeepRunning() {
        t.plugin("a", "e1", 10, List.of(), append("a"));
        t.plugin("b", "e2", 10, List.of("a"), append("b"));
        t.plugin("c", "e3", 10, List.of("b"), append("c"));
        t.plugin("d", "e1", 20, List.of(), append("d"));
        t.plugin("loop", "e4", 10, List.of("loop2"), append("l"));
        t.plugin("loop2", "e4", 20, List.of("loop3"), append("m"));
        t.plugin("loop3", "e4", 30, List.of("loop"), append("k"));
        assertEquals(PluginStatus.FAILED, dto("loop3").status);
        assertEquals("dependency cycle: loop3 -> loop -> loop2 -> loop3", dto("loop3").statusReason);
        assertEquals(PluginStatus.HELD, dto("loop").status);
        assertEquals("dependency 'loop2' is held", dto("loop").statusReason);
        assertEquals(PluginStatus.HELD, dto("loop2").status);
        // unrelated plugins keep running
        assertEquals("ad", t.engine.call("e1", "").value());
        assertEquals("c", t.engine.call("e3", "").value());
        assertEquals("b", t.engine.call("e2", "").value());
    }

    @Test
    public void invalidMetadataFailsWithAReasonAndNeverThrows() {
        Map<String, Object> noEvent = new HashMap<>();
        noEvent.put(EventHandler.PLUGIN, "no-event");
        t.register(noEvent, append("x"));
        assertEquals(PluginStatus.FAILED, dto("no-event").status);
        assertEquals("missing service property hookline.event", dto("no-event").statusReason);

        t.plugin("too-high", "e", 101, List.of(), append("x"));
        assertEquals("hookline.priority 101 is outside 0..100", dto("too-high").statusReason);
        t.plugin("too-low", "e", -1, List.of(), append("x"));
        assertEquals("hookline.priority -1 is outside 0..100", dto("too-low").statusReason);

        Map<String, Object> text = new HashMap<>();
        text.put(EventHandler.PLUGIN, "text-priority");
        text.put(EventHandler.EVENT, "e");
        text.put(EventHandler.PRIORITY, "high");
        t.register(text, append("x"));
        assertEquals("hookline.priority 'high' is not an integer", dto("text-priority").statusReason);

        Map<String, Object> nameless = new HashMap<>();
        nameless.put(EventHandler.EVENT, "e");
        long id = t.register(nameless, append("x"));
        PluginDTO failed = t.engine.plugins("e").stream().filter(p -> p.serviceId == id).findFirst().orElseThrow();
        assertEquals(PluginStatus.FAILED, failed.status);
        assertEquals("no plugin name: set service property hookline.plugin", failed.statusReason);

        assertEquals("nothing runs", "", t.engine.call("e", "").value());
    }

    @Test
    public void componentNameAndAnnotationAliasNameThePlugin() {
        Map<String, Object> ds = new HashMap<>();
        ds.put("component.name", "com.acme.Mailer");
        ds.put(EventHandler.EVENT, "e");
        t.register(ds, append("m"));
        assertEquals(PluginStatus.REGISTERED, dto("com.acme.Mailer").status);
        Map<String, Object> annotated = new HashMap<>();
        annotated.put("component.name", "com.acme.Other");
        annotated.put(EventHandler.PLUGIN_NAME_ALIAS, "other");
        annotated.put(EventHandler.EVENT, "e");
        t.register(annotated, append("o"));
        assertEquals(PluginStatus.REGISTERED, dto("other").status);
        assertEquals(100, dto("other").priority);
    }

    @Test
    public void duplicateNameFailsAndTakesOverWhenTheOwnerLeaves() {
        long owner = t.plugin("dup", "e", 10, List.of(), append("1"));
        long second = t.plugin("dup", "e", 10, List.of(), append("2"));
        PluginDTO failed = t.engine.plugins("e").stream().filter(p -> p.serviceId == second).findFirst().orElseThrow();
        assertEquals(PluginStatus.FAILED, failed.status);
        assertTrue(failed.statusReason, failed.statusReason.startsWith("duplicate plugin name 'dup': already registered by bundle test.bundle"));
        assertEquals("1", t.engine.call("e", "").value());
        String id = dto("dup").id;
        t.engine.unregister(owner);
        assertEquals("2", t.engine.call("e", "").value());
        assertEquals(second, dto("dup").serviceId);
        assertEquals("the record (and its id) belongs to the name", id, dto("dup").id);
    }

    @Test
    public void recordKeepsItsIdAcrossReRegistration() {
        long first = t.plugin("keeper", "e", 10, List.of(), append("k"));
        String id = dto("keeper").id;
        assertEquals(36, id.length());
        t.engine.unregister(first);
        t.plugin("keeper", "e", 15, List.of(), append("k"));
        assertEquals(id, dto("keeper").id);
        assertEquals(15, dto("keeper").priority);
    }

    @Test
    public void operatorUnregisterDeletesTheRecord() {
        t.plugin("gone", "e", 10, List.of(), append("g"));
        String id = dto("gone").id;
        t.engine.unregister("gone");
        assertTrue(t.engine.plugin("gone").isEmpty());
        assertTrue(t.store.get(HooklineEngine.COLLECTION, "gone").isEmpty());
        assertEquals("", t.engine.call("e", "").value());
        t.plugin("gone", "e", 10, List.of(), append("g"));
        assertTrue("a new record", !id.equals(dto("gone").id));
    }

    @Test
    public void recordsWrittenBehindKeepTheirIdsAndLandInTheStore() {
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        java.util.Map<String, Long> insertedAt = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String name = "burst-" + i;
            long first = t.plugin(name, "e" + (i % 10), 50, List.of(), append("x"));
            ids.put(name, dto(name).id);
            insertedAt.put(name, dto(name).insertedAt);
            // gone and back before the writer may have written it: the queued record is read back
            t.engine.unregister(first);
            t.plugin(name, "e" + (i % 10), 50, List.of(), append("x"));
            assertEquals(ids.get(name), dto(name).id);
        }
        t.engine.stop("burst-7");
        assertEquals("an operator verb is durable when it returns", "true",
                t.store.get(HooklineEngine.COLLECTION, "burst-7").orElseThrow().field("stopped"));
        t.engine.close();
        assertEquals(2_000, t.store.list(HooklineEngine.COLLECTION).size());
        for (var r : t.store.list(HooklineEngine.COLLECTION)) {
            assertEquals(r.key(), ids.get(r.key()), r.id());
            assertEquals("the stored creation time is the one the engine showed", insertedAt.get(r.key()).longValue(),
                    r.createdAt());
        }
    }
}
