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
        CRITICAL,
        /**
         * dependencies across the boundaries of 16 positions: each position 16, 32, ... depends on
         * the one before it, and the fifth from the end on position 2 (chains over 20)
         */
        ACROSS
    }

    /**
     * Positions unrolled by one compiled class (segment); the positions the long-chain tests name
     * (15, 16, 17, 31, 32, 33) are the edges of segments of 16.
     */
    private static final int SEGMENT = CompiledChain.SEGMENT_LENGTH;

    /** A handler appending its tag, or, once armed, doing {@code misstep}. */
    private static EventHandler<Object> step(String tag, Misstep misstep, AtomicBoolean armed) {
        return (state, ctx) -> act(tag, misstep, armed, state);
    }

    /**
     * {@link #step} as one of four handler classes, chosen by {@code position}: the array walk's
     * one call site then sees several receivers, as it does with plugins from different bundles.
     */
    private static EventHandler<Object> step(int position, String tag, Misstep misstep, AtomicBoolean armed) {
        switch (position % 4) {
            case 0:
                return (state, ctx) -> act(tag, misstep, armed, state);
            case 1:
                return (state, ctx) -> act(tag, misstep, armed, state);
            case 2:
                return (state, ctx) -> act(tag, misstep, armed, state);
            default:
                return (state, ctx) -> act(tag, misstep, armed, state);
        }
    }

    private static Reply<Object> act(String tag, Misstep misstep, AtomicBoolean armed, Object state) {
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
            if (gating == Gating.ACROSS && i > 0 && i % SEGMENT == 0) {
                props.put(EventHandler.DEPENDS, new String[] {event + "-p" + (i - 1)});
            }
            if (gating == Gating.ACROSS && length > 20 && i == length - 5) {
                props.put(EventHandler.DEPENDS, new String[] {event + "-p2"});
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
        return scenario(length, new int[] {at}, misstep, gating, input);
    }

    /** One chain on both engines, {@code misstep} armed at every position of {@code at}. */
    private String scenario(int length, int[] at, Misstep misstep, Gating gating, Object input) {
        String positions = java.util.Arrays.stream(at).mapToObj(Integer::toString).collect(Collectors.joining("+"));
        String event = "e" + length + "-" + positions + "-" + misstep + "-" + gating + (input == null ? "-null" : "");
        AtomicBoolean armed = new AtomicBoolean();
        List<EventHandler<Object>> hs = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            final int position = i;
            boolean armedHere = java.util.Arrays.stream(at).anyMatch(p -> p == position);
            hs.add(step(i, Integer.toString(i, 36), armedHere ? misstep : Misstep.NONE, armed));
        }
        register(compiled, event, length, gating, hs);
        register(array, event, length, gating, hs);
        EventHandle<String> c = compiled.engine.event(event, String.class);
        EventHandle<String> a = array.engine.event(event, String.class);
        ChainSnapshot code = awaitCompiled(compiled, c, ">");
        // ACROSS gates nothing in a chain of one segment
        assertEquals(gating == Gating.PLAIN || (gating == Gating.ACROSS && length <= SEGMENT), code.plain);
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
            for (int length : new int[] {2, 3, 5, SEGMENT}) {
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
    public void singlePluginsAndChainsOverTheLimitKeepTheArrayWalk() throws Throwable {
        Map<Integer, Boolean> worth = new HashMap<>();
        for (int n : new int[] {0, 1, 2, SEGMENT, SEGMENT + 1, 40}) {
            String event = "len" + n;
            for (int i = 0; i < n; i++) {
                compiled.plugin(event + "-" + i, event, i, List.of(), TestEngine.append("."));
            }
            EventHandle<String> h = compiled.engine.event(event, String.class);
            assertEquals(".".repeat(n), h.call("").value());
            worth.put(n, ChainCompiler.worthCompiling(compiled.engine.snapshot(event)));
        }
        assertEquals(Map.of(0, false, 1, false, 2, true, SEGMENT, true, SEGMENT + 1, true, 40, true), worth);
        // what was asked is compiled; the others never are (they are asked from the start)
        awaitCompiled(compiled, compiled.engine.event("len2", String.class), "");
        ChainSnapshot single = compiled.engine.snapshot("len1");
        assertTrue(single.compileAsked);
        assertNull(single.compiled);
        assertThrows(IllegalArgumentException.class, () -> compiled.engine.compiler.define(single));
        // the longest compiled chain, and one more: a chain made here, never published
        for (int n : new int[] {CompiledChain.MAX_LENGTH, CompiledChain.MAX_LENGTH + 1}) {
            ChainSnapshot huge = new ChainSnapshot(new EventHandler<?>[n], new PluginRuntime[n], null, null, null, null,
                    null);
            assertEquals(n <= CompiledChain.MAX_LENGTH, ChainCompiler.worthCompiling(huge));
            assertEquals(n > CompiledChain.MAX_LENGTH, huge.compileAsked);
        }
        ChainSnapshot over = new ChainSnapshot(new EventHandler<?>[CompiledChain.MAX_LENGTH + 1],
                new PluginRuntime[CompiledChain.MAX_LENGTH + 1], null, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> compiled.engine.compiler.define(over));
        ChainSnapshot max = new ChainSnapshot(new EventHandler<?>[CompiledChain.MAX_LENGTH],
                new PluginRuntime[CompiledChain.MAX_LENGTH], null, null, null, null, null);
        assertEquals(CompiledChain.MAX_LENGTH / SEGMENT, segments(max.withCompiled(compiled.engine.compiler.define(max)))
                .size());
    }

    /** The segments of a compiled chain, first to last. */
    private static List<CompiledChain> segments(ChainSnapshot chain) {
        List<CompiledChain> out = new ArrayList<>();
        for (CompiledChain c = chain.compiled; c != null; c = c.next()) {
            out.add(c);
        }
        return out;
    }

    @Test
    public void aLongChainRunsThroughOneHiddenClassPerSixteenPositions() {
        for (int n : new int[] {SEGMENT, SEGMENT + 1, 40, 48}) {
            String event = "segments" + n;
            List<String> frames = new ArrayList<>();
            AtomicBoolean armed = new AtomicBoolean();
            List<EventHandler<Object>> hs = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                hs.add(step(i, ".", Misstep.NONE, armed));
            }
            hs.add((state, ctx) -> {
                if (armed.get()) {
                    StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
                            .forEach(f -> frames.add(f.getClassName()));
                }
                return Reply.next(state + "!");
            });
            register(compiled, event, n, Gating.PLAIN, hs);
            EventHandle<String> h = compiled.engine.event(event, String.class);
            ChainSnapshot code = awaitCompiled(compiled, h, "");
            List<CompiledChain> segments = segments(code);
            int expected = (n + SEGMENT - 1) / SEGMENT;
            assertEquals(event, expected, segments.size());
            assertEquals(event, expected, segments.stream().map(Object::getClass).distinct().count());
            assertTrue(event, segments.stream().allMatch(c -> c.getClass().isHidden()));
            armed.set(true);
            assertEquals(".".repeat(n - 1) + "!", h.call("").value());
            assertSame(code, compiled.engine.snapshot(event));
            // the last handler runs under every segment's frame, each of its own class
            List<String> chainFrames = frames.stream().filter(f -> f.startsWith(UnrolledChain.class.getName() + "/"))
                    .collect(Collectors.toList());
            assertEquals(frames.toString(), expected, chainFrames.size());
            assertEquals(frames.toString(), expected, chainFrames.stream().distinct().count());
        }
    }

    @Test
    public void theSegmentsOfAReplacedLongChainAreUnloaded() {
        List<EventHandler<Object>> hs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            hs.add(untyped(TestEngine.append(".")));
        }
        register(compiled, "long-gone", 40, Gating.PLAIN, hs);
        EventHandle<String> h = compiled.engine.event("long-gone", String.class);
        List<WeakReference<Class<?>>> classes = segments(awaitCompiled(compiled, h, "")).stream()
                .map(c -> new WeakReference<Class<?>>(c.getClass())).collect(Collectors.toList());
        assertEquals(3, classes.size());
        for (int i = 0; i < 20_000; i++) {
            h.call("");
        }
        compiled.plugin("last", "long-gone", 99, List.of(), TestEngine.append("!"));
        assertEquals(".".repeat(40) + "!", h.call("").value());
        Await.awaitUntil("the replaced chain's segment classes are unloaded", Duration.ofSeconds(30), () -> {
            System.gc();
            return classes.stream().allMatch(c -> c.get() == null);
        }, () -> classes.stream().map(WeakReference::get).collect(Collectors.toList()));
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

    // ------------------------------------------------------------------ chains longer than 16

    /** The tags of positions {@code from} to {@code to} (exclusive), as the steps append them. */
    private static String tags(int from, int to, int... without) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            final int position = i;
            if (java.util.Arrays.stream(without).noneMatch(w -> w == position)) {
                s.append(Integer.toString(i, 36));
            }
        }
        return s.toString();
    }

    @Test
    public void aFortyPluginChainIsCompiledAndRunsCleanAsTheArrayWalk() {
        for (Gating gating : Gating.values()) {
            String r = scenario(40, 0, Misstep.NONE, gating, "in");
            assertEquals("in" + tags(0, 40) + " | halted by - | failedFast false | ", r);
        }
    }

    @Test
    public void failuresAt17And33OfAFortyPluginChainAreIsolatedAsTheArrayWalkDoes() {
        for (Misstep misstep : new Misstep[] {Misstep.THROWS, Misstep.NULL_REPLY, Misstep.WRONG_TYPE}) {
            for (Gating gating : new Gating[] {Gating.PLAIN, Gating.CRITICAL, Gating.ACROSS}) {
                String event = "e40-17+33-" + misstep + "-" + gating;
                String r = scenario(40, new int[] {17, 33}, misstep, gating, "in");
                assertTrue(r, r.startsWith("in" + tags(0, 40, 17, 33) + " | halted by - | failedFast false | "
                        + misstep.name().replace("THROWS", "THREW") + ":" + event + "-p17:"));
                assertTrue(r, r.contains(", " + misstep.name().replace("THROWS", "THREW") + ":" + event + "-p33:"));
            }
        }
        // with DEPENDS every odd position depends on the one before: failures at 16 and 32 skip 17 and 33
        String r = scenario(40, new int[] {16, 32}, Misstep.THROWS, Gating.DEPENDS, "in");
        assertTrue(r, r.startsWith("in" + tags(0, 40, 16, 17, 32, 33) + " | halted by - |"));
        assertTrue(r, r.contains("SKIPPED:e40-16+32-THROWS-DEPENDS-p17"));
        assertTrue(r, r.contains("SKIPPED:e40-16+32-THROWS-DEPENDS-p33"));
    }

    @Test
    public void aHaltPastTheFirstSixteenEndsTheWalkOrRunsTheGuardsAsTheArrayWalkDoes() {
        assertEquals("in" + tags(0, 17) + "h! | halted by e40-17-HALTS-PLAIN-p17 | failedFast false | ",
                scenario(40, 17, Misstep.HALTS, Gating.PLAIN, "in"));
        assertEquals("in" + tags(0, 34) + "y! | halted by e40-34-HALTS-ACROSS-p34 | failedFast false | ",
                scenario(40, 34, Misstep.HALTS, Gating.ACROSS, "in"));
        // the guard at 20 still runs after a halt at 16 or at 3, across the segment boundary
        assertEquals("in" + tags(0, 16) + "g!k | halted by e40-16-HALTS-CRITICAL-p16 | failedFast false | ",
                scenario(40, 16, Misstep.HALTS, Gating.CRITICAL, "in"));
        assertEquals("in0123!k | halted by e40-3-HALTS-CRITICAL-p3 | failedFast false | ",
                scenario(40, 3, Misstep.HALTS, Gating.CRITICAL, "in"));
    }

    @Test
    public void aCriticalPluginPastTheFirstSixteenFailingFailsTheCallClosed() {
        for (Misstep misstep : new Misstep[] {Misstep.THROWS, Misstep.NULL_REPLY, Misstep.WRONG_TYPE}) {
            String r = scenario(40, 20, misstep, Gating.CRITICAL, "in");
            assertTrue(r, r.startsWith("in | halted by e40-20-" + misstep + "-CRITICAL-p20 | failedFast true | "
                    + misstep.name().replace("THROWS", "THREW") + ":"));
        }
    }

    @Test
    public void aDependencyAcrossASegmentBoundaryIsSkippedAsTheArrayWalkDoes() {
        // 16 depends on 15: the failure is in the first sixteen, the skip in the next
        String r = scenario(40, 15, Misstep.THROWS, Gating.ACROSS, "in");
        assertTrue(r, r.startsWith("in" + tags(0, 40, 15, 16) + " | halted by - | failedFast false | THREW:"));
        assertTrue(r, r.endsWith(", SKIPPED:e40-15-THROWS-ACROSS-p16:skipped: dependency"
                + " 'e40-15-THROWS-ACROSS-p15' failed or was skipped in this call"));
        // 35 depends on 2: two boundaries apart
        r = scenario(40, 2, Misstep.NULL_REPLY, Gating.ACROSS, "in");
        assertTrue(r, r.startsWith("in" + tags(0, 40, 2, 35) + " | halted by - | failedFast false | NULL_REPLY:"));
        assertTrue(r, r.contains("SKIPPED:e40-2-NULL_REPLY-ACROSS-p35"));
        // 32 depends on 31, the last position of the second sixteen
        r = scenario(40, 31, Misstep.WRONG_TYPE, Gating.ACROSS, "in");
        assertTrue(r, r.startsWith("in" + tags(0, 40, 31, 32) + " | halted by - |"));
        assertTrue(r, r.contains("SKIPPED:e40-31-WRONG_TYPE-ACROSS-p32"));
    }

    @Test
    public void everyMisstepAtTheSegmentEdgesOfLongChainsGivesTheArrayWalksResult() {
        // 17 and 33: a last segment of one position; 40: both sides of each boundary and the end
        Map<Integer, int[]> edges = Map.of(17, new int[] {16}, 33, new int[] {32},
                40, new int[] {15, 16, 17, 31, 32, 33, 39});
        for (Gating gating : Gating.values()) {
            for (Map.Entry<Integer, int[]> e : edges.entrySet()) {
                for (Misstep misstep : Misstep.values()) {
                    for (int at : e.getValue()) {
                        scenario(e.getKey(), at, misstep, gating, "in");
                        if (misstep == Misstep.NONE) {
                            break;
                        }
                    }
                }
            }
        }
    }
}
