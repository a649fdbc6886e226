package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Per-plugin time budgets (issue 7 item 15). */
public class SlowBudgetTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(2, Duration.ofSeconds(30), Duration.ofMillis(300)));
    }

    @After
    public void close() {
        t.close();
    }

    /** Takes at least 30 ms, then appends "s"; never interrupted. */
    private static EventHandler<String> slow() {
        return (String s, CallContext c) -> {
            long until = System.nanoTime() + 30_000_000L;
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            return Reply.next(s + "s");
        };
    }

    @Test
    public void aCallOverItsOwnBudgetIsASlowFailureWhoseReplyIsKept() {
        Map<String, Object> props = TestEngine.props("sluggish", "e");
        props.put(EventHandler.BUDGET_MILLIS, 5L);
        props.put(EventHandler.PRIORITY, 10);
        t.register(props, slow());
        t.plugin("last", "e", 90, List.of(), append("!"));
        Result<String> r = t.engine.call("e", "");
        assertEquals("s!", r.value());
        assertEquals(1, r.failures().size());
        assertEquals(Failure.Kind.SLOW, r.failures().get(0).kind());
        assertTrue(r.failures().get(0).message(), r.failures().get(0).message().contains("over its budget of 5 ms"));
        t.engine.call("e", "");
        assertTrue("two slow calls open the breaker", t.engine.plugin("sluggish").orElseThrow().breakerOpenUntil > 0);
    }

    @Test
    public void noBudgetByDefaultAndTheEngineBudgetAppliesOnceConfigured() {
        t.plugin("sluggish", "e", 10, List.of(), slow());
        assertFalse(t.engine.call("e", "").failed());
        t.engine.updateSettings(new EngineSettings(2, Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofMillis(5)));
        assertEquals(Failure.Kind.SLOW, t.engine.call("e", "").failures().get(0).kind());
        Map<String, Object> exempt = TestEngine.props("exempt", "f");
        exempt.put(EventHandler.BUDGET_MILLIS, 0);
        t.register(exempt, slow());
        assertFalse("a plugin's 0 turns the budget off", t.engine.call("f", "").failed());
    }
}
