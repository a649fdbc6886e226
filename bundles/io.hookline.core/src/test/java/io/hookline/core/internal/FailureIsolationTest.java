package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FailureIsolationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(),
                new EngineSettings(5, Duration.ofMillis(300), Duration.ofMillis(300)));
    }

    @After
    public void close() {
        t.close();
    }

    private void chainAround(EventHandler<?> middle) {
        t.plugin("first", "e", 10, List.of(), append("1"));
        t.plugin("middle", "e", 20, List.of(), middle);
        t.plugin("last", "e", 30, List.of(), append("3"));
    }

    @Test
    public void throwingHandlerIsIsolatedWithTheStateFromBeforeIt() {
        chainAround((String s, CallContext c) -> {
            throw new IllegalArgumentException("bad input " + s);
        });
        Result<String> r = t.engine.call("e", ">");
        assertEquals(">13", r.value());
        assertEquals(1, r.failures().size());
        Failure f = r.failures().get(0);
        assertEquals(Failure.Kind.THREW, f.kind());
        assertEquals("middle", f.plugin());
        assertEquals("test.bundle", f.bundle());
        assertEquals("e", f.event());
        assertEquals("bad input >1", f.cause().getMessage());
    }

    @Test
    public void nullReplyIsAFailure() {
        chainAround((String s, CallContext c) -> null);
        Result<String> r = t.engine.call("e", "");
        assertEquals("13", r.value());
        assertEquals(Failure.Kind.NULL_REPLY, r.failures().get(0).kind());
    }

    @Test
    public void wrongTypeIsAFailureOnATypedHandle() {
        chainAround((Object s, CallContext c) -> Reply.next(42));
        EventHandle<String> handle = t.engine.event("e", String.class);
        Result<String> r = handle.call("");
        assertEquals("13", r.value());
        assertEquals(Failure.Kind.WRONG_TYPE, r.failures().get(0).kind());
        assertEquals("handler returned a java.lang.Integer where java.lang.String was expected",
                r.failures().get(0).message());
    }

    @Test
    public void linkageErrorsAreIsolated() {
        chainAround((String s, CallContext c) -> {
            throw new NoClassDefFoundError("com/acme/Gone");
        });
        Result<String> r = t.engine.call("e", "");
        assertEquals("13", r.value());
        assertTrue(r.failures().get(0).cause() instanceof NoClassDefFoundError);
    }

    @Test
    public void virtualMachineErrorsPropagate() {
        chainAround((String s, CallContext c) -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThrows(OutOfMemoryError.class, () -> t.engine.call("e", ""));
        t.engine.unregisterAll();
        chainAround(new EventHandler<String>() {
            @Override
            public Reply<String> handle(String state, CallContext context) {
                return handle(state, context); // real stack overflow
            }
        });
        assertThrows(StackOverflowError.class, () -> t.engine.call("e", ""));
    }

    @Test
    public void breakerOpensAfterFiveFailuresAndHealsAfterTheCooldown() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        chainAround((String s, CallContext c) -> {
            calls.incrementAndGet();
            if (broken.get()) {
                throw new IllegalStateException("down");
            }
            return Reply.next(s + "2");
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(1, t.engine.call("e", "").failures().size());
        }
        assertEquals(5, calls.get());
        assertTrue(t.engine.plugin("middle").orElseThrow().breakerOpenUntil > 0);
        Result<String> skipped = t.engine.call("e", "");
        assertEquals("13", skipped.value());
        assertEquals("open breaker: skipped, reported, not counted", 1, skipped.failures().size());
        assertEquals(Failure.Kind.SKIPPED, skipped.failures().get(0).kind());
        assertTrue(skipped.failures().get(0).message(),
                skipped.failures().get(0).message().matches("skipped: breaker open until \\d\\d:\\d\\d:\\d\\d after 5 failures"));
        assertEquals(5, calls.get());

        // after the cool-down exactly one trial runs; it fails and the breaker reopens
        Await.awaitUntil("the breaker let a trial call through", Duration.ofSeconds(10), () -> {
            t.engine.call("e", "");
            return calls.get() > 5;
        }, calls::get);
        assertEquals(6, calls.get());
        assertEquals(Failure.Kind.SKIPPED, t.engine.call("e", "").failures().get(0).kind());
        assertEquals(6, calls.get());

        // healed: next trial succeeds and closes the breaker
        broken.set(false);
        Await.awaitUntil("the breaker healed", Duration.ofSeconds(10),
                () -> t.engine.call("e", "").value().equals("123"), () -> t.engine.plugin("middle"));
        assertEquals(0, t.engine.plugin("middle").orElseThrow().consecutiveFailures);
        assertEquals(0, t.engine.plugin("middle").orElseThrow().breakerOpenUntil);
        assertEquals("calls are back on the lean path", 0, t.engine.failingPlugins("e"));
        assertEquals("123", t.engine.call("e", "").value());
    }

    @Test
    public void aFailingPluginThatLeavesDoesNotKeepItsEventOnTheCarefulPath() {
        long id = t.plugin("flaky", "e", 10, List.of(), (String s, CallContext c) -> {
            throw new IllegalStateException("down");
        });
        t.plugin("ok", "e", 20, List.of(), append("k"));
        t.engine.call("e", "");
        assertEquals(1, t.engine.failingPlugins("e"));
        t.engine.unregister(id);
        assertEquals(0, t.engine.failingPlugins("e"));
        assertEquals("k", t.engine.call("e", "").value());
    }

    @Test
    public void restartResetsTheBreaker() {
        AtomicBoolean broken = new AtomicBoolean(true);
        chainAround((String s, CallContext c) -> {
            if (broken.get()) {
                throw new IllegalStateException("down");
            }
            return Reply.next(s + "2");
        });
        for (int i = 0; i < 5; i++) {
            t.engine.call("e", "");
        }
        broken.set(false);
        assertEquals("13", t.engine.call("e", "").value());
        t.engine.restart("middle");
        assertEquals("123", t.engine.call("e", "").value());
    }
}
