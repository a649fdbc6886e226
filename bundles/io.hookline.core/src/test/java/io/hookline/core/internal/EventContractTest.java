package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.EventType;
import io.hookline.event.Result;
import io.hookline.event.Failure;
import io.hookline.event.EventHandle;
import io.hookline.event.admin.PluginStatus;
import io.hookline.event.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Declared event contracts (issue 7 item 14). */
public class EventContractTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
    }

    @After
    public void close() {
        t.close();
    }

    /** A handler class whose state type the engine can read. */
    static final class Upper implements EventHandler<String> {
        @Override
        public Reply<String> handle(String state, CallContext context) {
            return Reply.next(state.toUpperCase());
        }
    }

    static final class MapTagger implements EventHandler<Map<String, Object>> {
        @Override
        public Reply<Map<String, Object>> handle(Map<String, Object> state, CallContext context) {
            return Reply.next(Map.of("tagged", true));
        }
    }

    @Test
    public void aPluginOfAnotherTypeFailsAtRegistrationNamingBothTypes() {
        t.engine.declare(EventType.of("signup", Map.class, "A user signed up"));
        t.plugin("upper", "signup", 10, List.of(), new Upper());
        t.plugin("tagger", "signup", 20, List.of(), new MapTagger());
        var upper = t.engine.plugin("upper").orElseThrow();
        assertEquals(PluginStatus.FAILED, upper.status);
        assertTrue(upper.statusReason, upper.statusReason.contains("java.lang.String")
                && upper.statusReason.contains("java.util.Map"));
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("tagger").orElseThrow().status);
        assertEquals("java.util.Map", t.engine.chain("signup").type);
        assertEquals("A user signed up", t.engine.chain("signup").description);
        assertEquals("java.lang.String", upper.stateType);
    }

    @Test
    public void aLaterDeclarationFailsPluginsThatDoNotFitAndItsWithdrawalHealsThem() {
        t.plugin("upper", "signup", 10, List.of(), new Upper());
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("upper").orElseThrow().status);
        EventType<Map> type = EventType.of("signup", Map.class, "");
        t.engine.declare(type);
        assertEquals(PluginStatus.FAILED, t.engine.plugin("upper").orElseThrow().status);
        t.engine.undeclare(type);
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("upper").orElseThrow().status);
    }

    @Test
    public void aCallWithAnInputOfTheWrongTypeIsRefusedAndCountsAgainstNoBreaker() {
        t.engine.declare(EventType.of("signup", Map.class, ""));
        t.plugin("tagger", "signup", 20, List.of(), new MapTagger());
        for (int i = 0; i < 6; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.engine.call("signup", "not a map"));
            assertTrue(e.getMessage(), e.getMessage().contains("java.util.Map"));
        }
        assertEquals(0, t.engine.plugin("tagger").orElseThrow().consecutiveFailures);
        assertEquals(Map.of("tagged", true), t.engine.call("signup", Map.of()).value());
    }

    @Test
    public void undeclaredEventsWorkAsBefore() {
        t.plugin("upper", "chat", 10, List.of(), new Upper());
        t.plugin("lambda", "chat", 20, List.of(), append("!"));
        assertEquals("HI!", t.engine.call("chat", "hi").value());
        assertEquals("", t.engine.chain("chat").type);
    }

    @Test
    public void aHandleOfAnotherTypeOnADeclaredEventRefusesAWrongInputAndChecksRepliesAgainstTheContract() {
        t.engine.declare(EventType.of("signup", Map.class, ""));
        t.plugin("tagger", "signup", 20, List.of(), new MapTagger());
        EventHandle<Object> loose = t.engine.event("signup", Object.class);
        for (int i = 0; i < 6; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loose.call("not a map"));
            assertTrue(e.getMessage(), e.getMessage().contains("java.util.Map"));
        }
        assertEquals(0, t.engine.plugin("tagger").orElseThrow().consecutiveFailures);
        assertEquals(Map.of("tagged", true), loose.call(Map.of()).value());
        t.plugin("liar", "signup", 30, List.of(), (Object s, CallContext c) -> Reply.next("a string"));
        Result<Object> r = loose.call(Map.of());
        assertEquals("a reply outside the contract is refused", Map.of("tagged", true), r.value());
        assertEquals(Failure.Kind.WRONG_TYPE, r.failures().get(0).kind());
    }

    @Test
    public void anInputOfTheWrongTypeOnAnUndeclaredEventCountsAgainstNoBreaker() {
        t.plugin("upper", "chat", 10, List.of(), new Upper());
        for (int i = 0; i < 6; i++) {
            Result<Map<String, Object>> r = t.engine.call("chat", Map.of("text", "hi"));
            assertEquals(Failure.Kind.WRONG_TYPE, r.failures().get(0).kind());
            assertTrue(r.failures().get(0).message(), r.failures().get(0).message().contains("java.lang.String"));
        }
        assertEquals("the caller's wrong input is not the plugin's failure", 0,
                t.engine.plugin("upper").orElseThrow().consecutiveFailures);
        assertEquals("HI", t.engine.call("chat", "hi").value());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void aRawCallOfTheDeclaredTypesHandleWithAWrongInputCountsAgainstNoBreaker() {
        t.engine.declare(EventType.of("signup", Map.class, ""));
        // a lambda: the engine cannot read its state type, it was admitted under the contract
        t.plugin("tagger", "signup", 20, List.of(), (Map<String, Object> m, CallContext c) -> Reply.next(Map.of("n", m.size())));
        EventHandle raw = t.engine.event("signup", Map.class);
        for (int i = 0; i < 6; i++) {
            raw.call("not a map");
        }
        assertEquals("a caller's raw call with a wrong input opened the plugin's breaker", 0,
                t.engine.plugin("tagger").orElseThrow().consecutiveFailures);
        assertEquals(Map.of("n", 0), t.engine.event("signup", Map.class).call(Map.of()).value());
    }

    @Test
    public void aHandleOfASupertypeOfTheContractStillChecksRepliesAgainstTheContract() {
        t.engine.declare(EventType.of("greeting", String.class, ""));
        t.plugin("builder", "greeting", 10, List.of(), (Object s, CallContext c) -> Reply.next(new StringBuilder("sb")));
        t.plugin("upper", "greeting", 20, List.of(), new Upper());
        EventHandle<CharSequence> wide = t.engine.event("greeting", CharSequence.class);
        Result<CharSequence> r = wide.call("hi");
        assertEquals("a reply outside the contract is refused and blamed on the plugin that gave it", "HI",
                String.valueOf(r.value()));
        assertEquals("builder", r.failures().get(0).plugin());
        assertEquals(Failure.Kind.WRONG_TYPE, r.failures().get(0).kind());
    }
}
