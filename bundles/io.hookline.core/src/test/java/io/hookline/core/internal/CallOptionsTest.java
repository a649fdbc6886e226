package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallOptions;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CallOptionsTest {

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

    @Test
    public void privateDataIsReturnedUntouchedAndUnseenByPlugins() {
        Object secret = new Object();
        t.plugin("p", "e", 10, List.of(), append("p"));
        Result<String> r = t.engine.call("e", "", CallOptions.defaults().privateData(secret));
        assertEquals("p", r.value());
        assertSame(secret, r.privateData());
        Result<String> none = t.engine.call("nobody", "in", CallOptions.defaults().privateData(secret));
        assertSame("also for an event without plugins", secret, none.privateData());
        assertNull(t.engine.call("e", "").privateData());
    }

    @Test
    public void returnOriginalRunsEveryPluginButReturnsTheInput() {
        StringBuilder seen = new StringBuilder();
        t.plugin("a", "e", 10, List.of(), (String s, io.hookline.event.CallContext c) -> {
            seen.append("a");
            return Reply.next(s + "a");
        });
        t.plugin("b", "e", 20, List.of(), (String s, io.hookline.event.CallContext c) -> {
            seen.append("b:" + s);
            return Reply.next(s + "b");
        });
        Result<String> r = t.engine.call("e", "in", CallOptions.defaults().returnOriginal());
        assertEquals("in", r.value());
        assertEquals("ab:ina", seen.toString());
    }

    @Test
    public void metaIsGivenToPluginsAndNeverMergedIntoTheResult() {
        t.plugin("tenant", "e", 10, List.of(), (Map<String, Object> s, io.hookline.event.CallContext c) -> {
            Map<String, Object> out = new HashMap<>(s);
            out.put("tenant", c.meta().get("tenant"));
            out.put("who", c.event() + "/" + c.plugin());
            return Reply.next(out);
        });
        Result<Map<String, Object>> r = t.engine.call("e", Map.of("k", 1),
                CallOptions.defaults().meta(Map.of("tenant", "acme")));
        assertEquals(Map.of("k", 1, "tenant", "acme", "who", "e/tenant"), r.value());
        Result<Map<String, Object>> plain = t.engine.call("e", Map.of());
        assertTrue(plain.value().containsKey("tenant"));
        assertNull("no meta, no tenant", plain.value().get("tenant"));
    }

    @Test
    public void failFastStopsAtTheFirstFailureAndReturnsTheOriginalInput() {
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("boom", "e", 20, List.of(), (String s, io.hookline.event.CallContext c) -> {
            throw new IllegalStateException("kaput");
        });
        t.plugin("c", "e", 30, List.of(), append("c"));
        Result<String> r = t.engine.call("e", "in", CallOptions.defaults().failFast());
        assertEquals("in", r.value());
        assertTrue(r.failedFast());
        assertEquals(1, r.failures().size());
        assertEquals("boom", r.failures().get(0).plugin());
        assertEquals("kaput", r.failures().get(0).cause().getMessage());
        Result<String> isolated = t.engine.call("e", "in");
        assertEquals("inac", isolated.value());
        assertFalse(isolated.failedFast());
    }
}
