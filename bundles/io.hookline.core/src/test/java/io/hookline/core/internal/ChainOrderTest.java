package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ChainOrderTest {

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
    public void lowerPriorityRunsFirst() {
        t.plugin("c", "e", 30, List.of(), append("c"));
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("b", "e", 20, List.of(), append("b"));
        assertEquals(">abc", t.engine.call("e", ">").value());
    }

    @Test
    public void tiesAreBrokenByName() {
        t.plugin("zeta", "e", 50, List.of(), append("z"));
        t.plugin("alpha", "e", 50, List.of(), append("a"));
        t.plugin("mid", "e", 50, List.of(), append("m"));
        assertEquals("amz", t.engine.call("e", "").value());
    }

    @Test
    public void sameEventDependencyRunsFirstAgainstPriority() {
        t.plugin("base", "e", 90, List.of(), append("B"));
        t.plugin("early", "e", 1, List.of("base"), append("E"));
        t.plugin("other", "e", 50, List.of(), append("O"));
        // early (1) must wait for base (90); other (50) is free and runs before base
        assertEquals("OBE", t.engine.call("e", "").value());
        ChainDTO chain = t.engine.chain("e");
        assertEquals(List.of("other", "base", "early"), chain.entries.stream().map(x -> x.plugin).toList());
        assertEquals("priority 1, after base (dependency)", chain.entries.get(2).reason);
    }

    @Test
    public void crossEventDependencyOnlyGatesMembership() {
        t.plugin("audit", "other_event", 100, List.of(), append("X"));
        t.plugin("mail", "e", 1, List.of("audit"), append("M"));
        t.plugin("log", "e", 50, List.of(), append("L"));
        assertEquals("ML", t.engine.call("e", "").value());
        assertEquals("X", t.engine.call("other_event", "").value());
    }

    @Test
    public void haltStopsTheChainAndNamesThePlugin() {
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("gate", "e", 20, List.of(), (String s, io.hookline.event.CallContext c) -> Reply.halt("halted:" + s));
        t.plugin("c", "e", 30, List.of(), append("c"));
        Result<String> r = t.engine.call("e", "");
        assertEquals("halted:a", r.value());
        assertTrue(r.halted());
        assertEquals("gate", r.haltedBy().orElseThrow());
    }

    @Test
    public void unknownEventReturnsInputAndLeavesNothingBehind() {
        int before = t.engine.slotCount();
        for (int i = 0; i < 10_000; i++) {
            Result<String> r = t.engine.call("user-supplied-" + i, "in");
            assertEquals("in", r.value());
            assertFalse(r.halted());
        }
        assertEquals(before, t.engine.slotCount());
    }

    @Test
    public void handleFollowsRegistrationsMadeAfterItWasCreated() {
        var handle = t.engine.event("late", String.class);
        assertEquals("x", handle.call("x").value());
        long id = t.plugin("p", "late", 10, List.of(), append("!"));
        assertEquals("x!", handle.call("x").value());
        t.engine.unregister(id);
        assertEquals("x", handle.call("x").value());
        t.plugin("p", "late", 10, List.of(), append("?"));
        assertEquals("x?", handle.call("x").value());
    }

    @Test
    public void aChangeRebuildsOnlyTheChainsItAffects() {
        t.plugin("x", "e1", 10, List.of(), append("x"));
        t.plugin("y", "e2", 10, List.of("x"), append("y"));
        t.plugin("z", "e3", 10, List.of(), append("z"));
        ChainSnapshot e1 = t.engine.snapshot("e1");
        ChainSnapshot e2 = t.engine.snapshot("e2");
        ChainSnapshot e3 = t.engine.snapshot("e3");

        t.plugin("w", "e1", 20, List.of(), append("w"));
        assertNotSame("its own event is rebuilt", e1, t.engine.snapshot("e1"));
        assertSame("an unrelated event is not", e2, t.engine.snapshot("e2"));
        assertSame(e3, t.engine.snapshot("e3"));

        e1 = t.engine.snapshot("e1");
        t.engine.stop("x");
        assertNotSame(e1, t.engine.snapshot("e1"));
        assertNotSame("the event whose membership x gates is rebuilt", e2, t.engine.snapshot("e2"));
        assertEquals(0, t.engine.snapshot("e2").size());
        assertSame("an unrelated event is not", e3, t.engine.snapshot("e3"));
    }
}
