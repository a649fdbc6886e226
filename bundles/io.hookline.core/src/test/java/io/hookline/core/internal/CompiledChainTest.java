package io.hookline.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.Failure;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Compiled chains behave exactly as the array walks: every scenario runs on an engine that
 * compiles (delay 0) and one that never does, with the same handler objects, and the results must
 * be equal field by field, while the compiled engine's chain is proven compiled at the call.
 */
public class CompiledChainTest {

    private static final EngineSettings BASE = new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine compiled;
    private TestEngine array;

    @Before
    public void open() throws Exception {
        compiled = new TestEngine(tmp.newFolder().toPath(), BASE.withCompiledChains(true, Duration.ZERO));
        array = new TestEngine(tmp.newFolder().toPath(), BASE.withCompiledChains(false, Duration.ZERO));
    }

    @After
    public void close() {
        compiled.close();
        array.close();
    }

    /** What a misbehaving handler does once armed. */
    private enum Misstep {
        NONE, THROWS, NULL_REPLY, WRONG_TYPE, HALTS, NULL_STATE
    }

    /** How the chain is gated. */
    private enum Gating {
        /** nothing depends on anything: the plain walk */
        PLAIN,
        /** every odd position depends on the one before it: the gated walk */
        DEPENDS,
        /** the middle position is critical: the gated walk, guards after a halt */
        CRITICAL
    }

    /** A handler appending its tag, or, once armed, doing {@code misstep}. */
    private static EventHandler<Object> step(String tag, Misstep misstep, AtomicBoolean armed) {
        return (state, ctx) -> {
            if (!armed.get() || misstep == Misstep.NONE) {
                return Reply.next(state + tag);
            }
            switch (misstep) {
                case THROWS:
                    throw new IllegalStateException("boom at " + tag + " on " + state);
                case NULL_REPLY:
                    return null;
                case WRONG_TYPE:
                    return Reply.next(42);
                case HALTS:
                    return Reply.halt(state + tag + "!");
                case NULL_STATE:
                    return Reply.next(null);
                default:
                    throw new AssertionError(misstep);
            }
        };
    }

    private static void register(TestEngine t, String event, int length, Gating gating, List<EventHandler<Object>> hs) {
        for (int i = 0; i < length; i++) {
            Map<String, Object> props = TestEngine.props(event + "-p" + i, event);
            props.put(EventHandler.PRIORITY, i);
            if (gating == Gating.DEPENDS && i % 2 == 1) {
                props.put(EventHandler.DEPENDS, new String[] {event + "-p" + (i - 1)});
            }
            if (gating == Gating.CRITICAL && i == length / 2) {
                props.put(EventHandler.CRITICAL, true);
            }
            t.register(props, hs.get(i));
        }
    }

    /** A result as comparable text: value, halt, fail-fast flag and every failure. */
    private static String describe(Result<?> r) {
        return r.value() + " | halted by " + r.haltedBy().orElse("-") + " | failedFast " + r.failedFast() + " | "
                + r.failures().stream().map(f -> f.kind() + ":" + f.plugin() + ":" + f.message())
                        .collect(Collectors.joining(", "));
    }

    /** Calls once (the ask) and waits until the event's chain is its compiled copy. */
    private static ChainSnapshot awaitCompiled(TestEngine t, EventHandle<?> handle, Object input) {
        @SuppressWarnings("unchecked")
        EventHandle<Object> h = (EventHandle<Object>) handle;
        h.call(input);
        String event = handle.name();
        Await.awaitUntil("the chain of " + event + " is compiled", WAIT,
                () -> t.engine.snapshot(event).compiled != null, () -> t.engine.snapshot(event));
        return t.engine.snapshot(event);
    }

    private String scenario(int length, int at, Misstep misstep, Gating gating, Object input) {
        String event = "e" + length + "-" + at + "-" + misstep + "-" + gating + (input == null ? "-null" : "");
        AtomicBoolean armed = new AtomicBoolean();
        List<EventHandler<Object>> hs = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            hs.add(step(Integer.toString(i, 36), i == at ? misstep : Misstep.NONE, armed));
        }
        register(compiled, event, length, gating, hs);
        register(array, event, length, gating, hs);
        EventHandle<String> c = compiled.engine.event(event, String.class);
        EventHandle<String> a = array.engine.event(event, String.class);
        ChainSnapshot code = awaitCompiled(compiled, c, ">");
        assertEquals(gating == Gating.PLAIN, code.plain);
        a.call(">");
        assertNull("the array engine never compiles", array.engine.snapshot(event).compiled);
        armed.set(true);
        assertSame("still the compiled chain when the scenario runs", code, compiled.engine.snapshot(event));
        String want = describe(a.call((String) input));
        String got = describe(c.call((String) input));
        assertEquals(event, want, got);
        return got;
    }

    @Test
    public void everyMisstepAtEveryPositionGivesTheArrayWalksResult() {
        for (Gating gating : Gating.values()) {
            for (int length : new int[] {2, 3, 5, CompiledChain.MAX_LENGTH}) {
                for (Misstep misstep : Misstep.values()) {
                    for (int at = 0; at < length; at++) {
                        scenario(length, at, misstep, gating, "in");
                        if (misstep == Misstep.NONE) {
                            break;
                        }
                    }
                }
            }
        }
    }

    @Test
    public void aPlainFailureIsIsolatedAndTheRestRuns() {
        String r = scenario(4, 1, Misstep.THROWS, Gating.PLAIN, "in");
        assertEquals("in023 | halted by - | failedFast false | THREW:e4-1-THROWS-PLAIN-p1:"
                + "java.lang.IllegalStateException: boom at 1 on in0", r);
    }

    @Test
    public void aDependentOfAFailedPluginIsSkipped() {
        String r = scenario(4, 2, Misstep.NULL_REPLY, Gating.DEPENDS, "in");
        assertTrue(r, r.startsWith("in01 | halted by - |"));
        assertTrue(r, r.contains("NULL_REPLY:e4-2-NULL_REPLY-DEPENDS-p2"));
        assertTrue(r, r.contains("SKIPPED:e4-2-NULL_REPLY-DEPENDS-p3"));
    }

    @Test
    public void aFailingCriticalPluginHaltsWithTheInput() {
        String r = scenario(4, 2, Misstep.WRONG_TYPE, Gating.CRITICAL, "in");
        assertTrue(r, r.startsWith("in | halted by e4-2-WRONG_TYPE-CRITICAL-p2 | failedFast true | WRONG_TYPE:"));
    }

    @Test
    public void aHaltBeforeACriticalPluginStillRunsIt() {
        String r = scenario(5, 0, Misstep.HALTS, Gating.CRITICAL, "in");
        assertEquals("in0!2 | halted by e5-0-HALTS-CRITICAL-p0 | failedFast false | ", r);
    }

    @Test
    public void aHaltEndsAPlainWalk() {
        assertEquals("in01! | halted by e4-1-HALTS-PLAIN-p1 | failedFast false | ",
                scenario(4, 1, Misstep.HALTS, Gating.PLAIN, "in"));
    }

    @Test
    public void nullInputsAndNullStatesPassAsTheyDo() {
        assertEquals("null012 | halted by - | failedFast false | ", scenario(3, 0, Misstep.NONE, Gating.PLAIN, null));
        assertEquals("null2 | halted by - | failedFast false | ", scenario(3, 1, Misstep.NULL_STATE, Gating.DEPENDS, "in"));
    }

    @Test
    public void aVirtualMachineErrorReachesTheCallerFromPlainAndGatedCode() {
        for (Gating gating : Gating.values()) {
            StackOverflowError fatal = new StackOverflowError("test: fatal in " + gating);
            AtomicBoolean armed = new AtomicBoolean();
            String event = "fatal-" + gating;
            List<EventHandler<Object>> hs = List.of(step("a", Misstep.NONE, armed), (state, ctx) -> {
                if (armed.get()) {
                    throw fatal;
                }
                return Reply.next(state);
            }, step("c", Misstep.NONE, armed));
            register(compiled, event, 3, gating, hs);
            EventHandle<String> h = compiled.engine.event(event, String.class);
            ChainSnapshot code = awaitCompiled(compiled, h, "x");
            armed.set(true);
            assertSame(code, compiled.engine.snapshot(event));
            assertSame(fatal, assertThrows(StackOverflowError.class, () -> h.call("x")));
            assertEquals("a fatal error is no plugin failure", 0, compiled.engine.failingPlugins(event));
        }
    }

    @Test
    public void theCompiledCodeIsWhatRunsAndEachChainHasItsOwnClass() {
        List<String> frames = new ArrayList<>();
        AtomicBoolean armed = new AtomicBoolean();
        List<EventHandler<Object>> hs = List.of(step("a", Misstep.NONE, armed), (state, ctx) -> {
            if (armed.get()) {
                // hidden classes' frames are left out of stack traces unless asked for
                StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
                        .forEach(f -> frames.add(f.getClassName()));
            }
            return Reply.next(state);
        });
        register(compiled, "seen", 2, Gating.PLAIN, hs);
        register(compiled, "other", 2, Gating.PLAIN, List.of(step("x", Misstep.NONE, armed), step("y", Misstep.NONE, armed)));
        EventHandle<String> h = compiled.engine.event("seen", String.class);
        ChainSnapshot seen = awaitCompiled(compiled, h, "");
        ChainSnapshot other = awaitCompiled(compiled, compiled.engine.event("other", String.class), "");
        armed.set(true);
        assertEquals("a", h.call("").value());
        assertTrue(frames.toString(), frames.stream().anyMatch(f -> f.startsWith(UnrolledChain.class.getName() + "/")));
        assertTrue("a hidden class", seen.compiled.getClass().isHidden());
        assertNotSame("one class per chain", seen.compiled.getClass(), other.compiled.getClass());
    }

    @Test
    public void aRepublishedChainReplacesItsCompiledClass() {
        AtomicBoolean armed = new AtomicBoolean();
        register(compiled, "e", 3, Gating.PLAIN,
                List.of(step("a", Misstep.NONE, armed), step("b", Misstep.NONE, armed), step("c", Misstep.NONE, armed)));
        EventHandle<String> h = compiled.engine.event("e", String.class);
        ChainSnapshot first = awaitCompiled(compiled, h, "");
        Class<?> firstClass = first.compiled.getClass();
        compiled.plugin("d", "e", 99, List.of(), TestEngine.append("d"));
        ChainSnapshot republished = compiled.engine.snapshot("e");
        assertNull("a new chain starts on the array walk", republished.compiled);
        assertEquals("abcd", h.call("").value());
        ChainSnapshot second = awaitCompiled(compiled, h, "");
        assertNotSame(firstClass, second.compiled.getClass());
        assertEquals("abcd", h.call("").value());
    }

    @Test
    public void aReplacedChainsClassIsUnloaded() {
        register(compiled, "gone", 2, Gating.PLAIN,
                List.of(TestEngine.append("a"), TestEngine.append("b")).stream().map(CompiledChainTest::untyped)
                        .collect(Collectors.toList()));
        EventHandle<String> h = compiled.engine.event("gone", String.class);
        WeakReference<Class<?>> code = new WeakReference<>(awaitCompiled(compiled, h, "").compiled.getClass());
        for (int i = 0; i < 20_000; i++) {
            // let the JIT compile the path that calls it: its code must not keep the class either
            h.call("");
        }
        compiled.plugin("c", "gone", 99, List.of(), TestEngine.append("c"));
        assertEquals("abc", h.call("").value());
        Await.awaitUntil("the replaced chain's hidden class is unloaded", Duration.ofSeconds(30), () -> {
            System.gc();
            return code.get() == null;
        }, () -> code.get());
    }

    @SuppressWarnings("unchecked")
    private static EventHandler<Object> untyped(EventHandler<String> h) {
        return (EventHandler<Object>) (EventHandler<?>) h;
    }

    @Test
    public void longerChainsAndSinglePluginsKeepTheArrayWalk() throws Exception {
        Map<Integer, Boolean> worth = new HashMap<>();
        for (int n : new int[] {0, 1, 2, CompiledChain.MAX_LENGTH, CompiledChain.MAX_LENGTH + 1}) {
            String event = "len" + n;
            for (int i = 0; i < n; i++) {
                compiled.plugin(event + "-" + i, event, i, List.of(), TestEngine.append("."));
            }
            EventHandle<String> h = compiled.engine.event(event, String.class);
            assertEquals(".".repeat(n), h.call("").value());
            worth.put(n, ChainCompiler.worthCompiling(compiled.engine.snapshot(event)));
        }
        assertEquals(Map.of(0, false, 1, false, 2, true, CompiledChain.MAX_LENGTH, true,
                CompiledChain.MAX_LENGTH + 1, false), worth);
        // what was asked is compiled; the others never are (they are asked from the start)
        awaitCompiled(compiled, compiled.engine.event("len2", String.class), "");
        ChainSnapshot longest = compiled.engine.snapshot("len" + (CompiledChain.MAX_LENGTH + 1));
        assertTrue(longest.compileAsked);
        assertNull(longest.compiled);
        assertThrows(IllegalArgumentException.class, () -> compiled.engine.compiler.define(longest));
    }

    @Test
    public void aChainStillChangingIsNotCompiledBeforeItSettled() {
        try (TestEngine slow = new TestEngine(tmp.getRoot().toPath().resolve("slow"),
                BASE.withCompiledChains(true, Duration.ofHours(1)))) {
            slow.plugin("a", "e", 1, List.of(), TestEngine.append("a"));
            slow.plugin("b", "e", 2, List.of(), TestEngine.append("b"));
            EventHandle<String> h = slow.engine.event("e", String.class);
            assertEquals("ab", h.call("").value());
            assertTrue("asked", slow.engine.snapshot("e").compileAsked);
            assertNull("but not compiled within the hour", slow.engine.snapshot("e").compiled);
            assertEquals(0, slow.engine.compiler.compiledCount());
        }
    }

    @Test
    public void turningCompiledChainsOffRepublishesThemAsArrays() {
        register(compiled, "off", 2, Gating.PLAIN, List.of(untyped(TestEngine.append("a")), untyped(TestEngine.append("b"))));
        EventHandle<String> h = compiled.engine.event("off", String.class);
        assertNotNull(awaitCompiled(compiled, h, "").compiled);
        compiled.engine.updateSettings(BASE.withCompiledChains(false, Duration.ZERO));
        assertNull(compiled.engine.snapshot("off").compiled);
        assertEquals("ab", h.call("").value());
        assertNull(compiled.engine.snapshot("off").compiled);
    }

    @Test
    public void theTemplateIsNeverUsedAsItself() {
        // loading it is fine; initialising it without class data fails with a clear message
        Throwable e = assertThrows(ExceptionInInitializerError.class, () -> {
            try {
                Class.forName(UnrolledChain.class.getName(), true, getClass().getClassLoader());
            } catch (ClassNotFoundException cnf) {
                throw new AssertionError(cnf);
            }
        });
        assertTrue(String.valueOf(e.getCause()), e.getCause().getMessage().contains("only ChainCompiler defines it"));
    }

    @Test
    public void aFailureRecordedByCompiledCodeCountsForTheBreakerAsAnArrayWalksDoes() {
        scenario(3, 1, Misstep.THROWS, Gating.PLAIN, "x");
        String event = "e3-1-THROWS-PLAIN";
        assertEquals(1, compiled.engine.failingPlugins(event));
        assertEquals(array.engine.failingPlugins(event), compiled.engine.failingPlugins(event));
        Failure last = compiled.engine.snapshot(event).runtimes[1].lastFailure();
        assertEquals(Failure.Kind.THREW, last.kind());
        assertFalse(compiled.engine.snapshot(event).compileAsked && compiled.engine.snapshot(event).compiled == null);
    }
}
