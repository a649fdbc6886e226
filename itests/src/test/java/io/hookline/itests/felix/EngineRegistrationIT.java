package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.felix.Chains.running;
import static io.hookline.itests.felix.HooklineRuntime.GREETING_BUNDLE;
import static io.hookline.itests.felix.HooklineRuntime.SIGNUP_BUNDLE;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.event.Reply;
import io.hookline.event.Failure;
import io.hookline.event.Result;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The engine in native Felix with the packaged jars: the example bundles' DS components become
 * plugins, the dispatcher runs their chains, and any bundle's {@link EventHandler} service (here the
 * test's own) joins and leaves a chain as it is registered, changed and unregistered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineRegistrationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_REGISTERED = "user_registered";
    private static final Set<String> EXAMPLE_PLUGINS =
            Set.of("normalize-email", "block-disposable", "welcome-message", "shout");

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private PluginAdmin admin;

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine(),
                HooklineRuntime.examples());
    }

    @Before
    public void examplePluginsAreActive() {
        awaitUntil("the four example plugins are active", TIMEOUT,
                () -> EXAMPLE_PLUGINS.stream().allMatch(n -> admin.plugin(n).map(p -> p.status.isActive()).orElse(false)),
                admin::plugins);
    }

    @Test
    public void examplePluginsAreRegisteredThroughDsWithTheirBundles() throws Exception {
        Map<String, PluginDTO> plugins = admin.plugins().stream().collect(Collectors.toMap(p -> p.name, Function.identity()));
        assertEquals(EXAMPLE_PLUGINS, plugins.keySet());
        assertEquals(Set.of("chat_message", USER_REGISTERED), admin.events());

        Bundle signup = bundle(SIGNUP_BUNDLE);
        Bundle greeting = bundle(GREETING_BUNDLE);
        assertExample(plugins.get("normalize-email"), USER_REGISTERED, 10, new String[0], signup);
        assertExample(plugins.get("block-disposable"), USER_REGISTERED, 20, new String[] {"normalize-email"}, signup);
        assertExample(plugins.get("welcome-message"), USER_REGISTERED, 50, new String[] {"normalize-email"}, greeting);
        assertExample(plugins.get("shout"), "chat_message", 50, new String[0], greeting);
    }

    private void assertExample(PluginDTO p, String event, int priority, String[] depends, Bundle bundle)
            throws Exception {
        assertEquals(p.name + " event", event, p.event);
        assertEquals(p.name + " priority", priority, p.priority);
        assertArrayEquals(p.name + " depends", depends, p.depends);
        assertEquals(p.name + " status", PluginStatus.REGISTERED, p.status);
        assertEquals(p.name + " reason", "", p.statusReason);
        assertEquals(p.name + " bundle", bundle.getSymbolicName(), p.bundle);
        assertEquals(p.name + " bundle id", bundle.getBundleId(), p.bundleId);
        assertFalse(p.name + " has a durable id", p.id.isEmpty());
        assertTrue(p.name + " insertedAt", p.insertedAt > 0);
        // the DTO names the DS component's service: registered by that bundle, with DS's properties
        ServiceReference<?>[] refs = context.getServiceReferences(EventHandler.class.getName(),
                "(" + Constants.SERVICE_ID + "=" + p.serviceId + ")");
        assertNotNull(p.name + ": no EventHandler service " + p.serviceId, refs);
        assertEquals(bundle, refs[0].getBundle());
        assertNotNull(p.name + " is a DS component", refs[0].getProperty("component.name"));
        assertEquals(p.name, refs[0].getProperty(EventHandler.PLUGIN_NAME_ALIAS));
    }

    @Test
    public void userRegisteredNormalizesTheEmailAndWelcomes() {
        Result<Map<String, Object>> result = dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", " Alice@Example.COM "));

        assertFalse(result.toString(), result.halted());
        assertEquals(List.of(), result.failures());
        assertEquals(Map.of("email", "alice@example.com", "welcome", "Welcome, alice@example.com!"), result.value());

        ChainDTO chain = admin.chain(USER_REGISTERED);
        assertEquals(List.of("normalize-email", "block-disposable", "welcome-message"), running(chain));
        assertEquals("priority 50, after normalize-email (dependency)", chain.entries.get(2).reason);
    }

    @Test
    public void disposableAddressIsHaltedByBlockDisposable() {
        for (String email : List.of("x@mailinator.com", " X@Mailinator.COM ")) {
            Result<Map<String, Object>> result = dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", email));

            assertEquals(result.toString(), "block-disposable", result.haltedBy().orElse(null));
            assertEquals(List.of(), result.failures());
            assertEquals("x@mailinator.com", result.value().get("email"));
            assertEquals("disposable email domain mailinator.com", result.value().get("rejected"));
            assertFalse("welcome-message must not run after the halt", result.value().containsKey("welcome"));
        }
    }

    /**
     * The attack of issue 7 item 1: calls with input the signup plugins cannot read. Each is
     * reported ({@code WRONG_TYPE}: the plugins' {@code EventHandler<Map>} does not take a String)
     * but counted against no breaker, so the breakers stay closed and block-disposable still
     * rejects the next disposable address. (A breaker-skipped critical plugin fails the call
     * closed: {@code CallGatingTest}.)
     */
    @Test
    public void openBreakersCannotLetADisposableAddressThrough() {
        try {
            for (int i = 0; i < 6; i++) {
                Result<Object> bad = dispatcher.call(USER_REGISTERED, (Object) "not a map");
                assertTrue(bad.toString(), bad.failed());
                assertEquals(bad.toString(), Failure.Kind.WRONG_TYPE, bad.failures().get(0).kind());
            }
            assertEquals("wrong input is not the plugin's failure", 0,
                    admin.plugin("normalize-email").orElseThrow().consecutiveFailures);
            Result<Map<String, Object>> result = dispatcher.call(USER_REGISTERED,
                    Map.<String, Object>of("email", "x@mailinator.com"));
            assertEquals(result.toString(), "block-disposable", result.haltedBy().orElse(null));
            assertEquals(result.toString(), "disposable email domain mailinator.com", result.value().get("rejected"));
            assertTrue(result.toString(), result.failures().isEmpty());
        } finally {
            admin.restartEvent(USER_REGISTERED);
        }
        assertEquals("welcome", "Welcome, a@example.com!",
                dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", "a@example.com")).value().get("welcome"));
    }

    /** Issue 6 item 7: the engine's warnings are entries of io.hookline.core in the Log Service. */
    @Test
    public void aPluginFailureIsLoggedAsAWarningOfTheCoreBundle() {
        ServiceReference<org.osgi.service.log.LogReaderService> ref =
                context.getServiceReference(org.osgi.service.log.LogReaderService.class);
        assertNotNull("a LogReaderService", ref);
        org.osgi.service.log.LogReaderService reader = context.getService(ref);
        List<org.osgi.service.log.LogEntry> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.service.log.LogListener listener = seen::add;
        reader.addLogListener(listener);
        ServiceRegistration<?> broken = context.registerService(EventHandler.class.getName(),
                (EventHandler<Object>) (state, ctx) -> {
                    throw new IllegalStateException("broken on purpose");
                }, properties("log-probe", 90));
        try {
            awaitActive("log-probe");
            dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", "d@example.com"));
            awaitUntil("a warning naming log-probe", TIMEOUT, () -> seen.stream()
                    .anyMatch(e -> e.getMessage().contains("| log-probe |")), () -> seen.stream()
                    .map(e -> e.getBundle().getSymbolicName() + ": " + e.getMessage()).toList());
            org.osgi.service.log.LogEntry entry = seen.stream().filter(e -> e.getMessage().contains("| log-probe |"))
                    .findFirst().orElseThrow();
            assertEquals("io.hookline.core", entry.getBundle().getSymbolicName());
            assertEquals(org.osgi.service.log.LogLevel.WARN, entry.getLogLevel());
            assertTrue(entry.getException() instanceof IllegalStateException);
        } finally {
            reader.removeLogListener(listener);
            context.ungetService(ref);
            unregisterQuietly(broken);
        }
        awaitUntil("log-probe left the engine", TIMEOUT, () -> admin.plugin("log-probe").isEmpty(), admin::plugins);
    }

    /** A handler whose state type the engine reads from its class. */
    public static final class TextHandler implements EventHandler<String> {
        @Override
        public Reply<String> handle(String state, io.hookline.event.CallContext context) {
            return Reply.next(state + "!");
        }
    }

    /** Issue 7 item 14 through the whiteboard: an EventType service declares a contract. */
    @Test
    public void aDeclaredEventTypeFailsAPluginOfAnotherTypeAndRefusesAWrongInput() {
        ServiceRegistration<?> type = context.registerService(io.hookline.event.EventType.class.getName(),
                io.hookline.event.EventType.of("typed_event", Map.class, "a typed test event"), null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventHandler.PLUGIN, "text-on-map");
        props.put(EventHandler.EVENT, "typed_event");
        ServiceRegistration<?> text = context.registerService(EventHandler.class.getName(), new TextHandler(), props);
        try {
            awaitUntil("text-on-map is FAILED for its type", TIMEOUT, () -> admin.plugin("text-on-map")
                    .map(p -> p.status == PluginStatus.FAILED).orElse(false), admin::plugins);
            String reason = admin.plugin("text-on-map").orElseThrow().statusReason;
            assertTrue(reason, reason.contains("java.lang.String") && reason.contains("java.util.Map"));
            assertEquals("java.util.Map", admin.chain("typed_event").type);
            assertEquals(Map.class, admin.declaredType("typed_event").orElseThrow());
            IllegalArgumentException refused = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                    () -> dispatcher.call("typed_event", "text"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("java.util.Map"));

            type.unregister();
            awaitUntil("text-on-map runs once the contract is gone", TIMEOUT, () -> admin.plugin("text-on-map")
                    .map(p -> p.status.isActive()).orElse(false), admin::plugins);
            assertEquals("text!", dispatcher.call("typed_event", "text").value());
        } finally {
            unregisterQuietly(type);
            unregisterQuietly(text);
        }
    }

    @Test
    public void chatMessageIsShoutedThroughAnEventHandle() {
        Result<String> result = dispatcher.event("chat_message", String.class).call("hello");

        assertEquals("HELLO", result.value());
        assertFalse(result.failed());
    }

    @Test
    public void registeredServiceJoinsTheChainAtItsPriorityAndLeavesOnUnregistration() {
        ServiceRegistration<?> audit = register("audit-trail", 30, auditHandler());
        ServiceRegistration<?> raw = register("raw-capture", 5, (state, ctx) -> {
            Map<String, Object> next = new LinkedHashMap<>(state);
            next.put("raw", state.get("email"));
            return Reply.next(next);
        });
        try {
            awaitActive("audit-trail");
            awaitActive("raw-capture");

            PluginDTO dto = admin.plugin("audit-trail").orElseThrow();
            assertEquals(context.getBundle().getSymbolicName(), dto.bundle);
            assertEquals(context.getBundle().getBundleId(), dto.bundleId);
            assertEquals(audit.getReference().getProperty(Constants.SERVICE_ID), dto.serviceId);
            assertEquals(30, dto.priority);
            ChainDTO chain = admin.chain(USER_REGISTERED);
            assertEquals(List.of("raw-capture", "normalize-email", "block-disposable", "audit-trail", "welcome-message"),
                    running(chain));
            assertEquals("priority 30", chain.entries.get(3).reason);

            Map<String, Object> value = dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", " Bob@Example.com"))
                    .value();
            assertEquals(" Bob@Example.com", value.get("raw"));
            assertEquals("saw bob@example.com before welcome", value.get("audit"));
            assertEquals("Welcome, bob@example.com!", value.get("welcome"));
            String auditId = dto.id;

            audit.unregister();
            awaitUntil("audit-trail left the engine", TIMEOUT, () -> admin.plugin("audit-trail").isEmpty(), admin::plugins);
            assertEquals(List.of("raw-capture", "normalize-email", "block-disposable", "welcome-message"),
                    running(admin.chain(USER_REGISTERED)));
            assertFalse(dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", "bob@example.com")).value()
                    .containsKey("audit"));

            // back again: the durable record (and its id) outlived the service
            audit = register("audit-trail", 30, auditHandler());
            awaitActive("audit-trail");
            assertEquals(auditId, admin.plugin("audit-trail").orElseThrow().id);
        } finally {
            unregisterQuietly(audit);
            unregisterQuietly(raw);
        }
        awaitUntil("the test plugins left the engine", TIMEOUT, () -> admin.plugins().size() == EXAMPLE_PLUGINS.size(),
                admin::plugins);
        assertEquals(List.of("normalize-email", "block-disposable", "welcome-message"), running(admin.chain(USER_REGISTERED)));
    }

    @Test
    public void changedServicePropertiesMoveThePluginInItsChain() {
        ServiceRegistration<?> audit = register("audit-trail", 30, auditHandler());
        try {
            awaitActive("audit-trail");
            assertEquals("saw carol@example.com before welcome", auditOf("carol@example.com"));

            audit.setProperties(properties("audit-trail", 60));
            awaitUntil("audit-trail moved to priority 60", TIMEOUT,
                    () -> admin.plugin("audit-trail").map(p -> p.priority == 60 && p.status.isActive()).orElse(false),
                    admin::plugins);

            assertEquals(List.of("normalize-email", "block-disposable", "welcome-message", "audit-trail"),
                    running(admin.chain(USER_REGISTERED)));
            assertEquals("saw carol@example.com after welcome", auditOf("carol@example.com"));
        } finally {
            unregisterQuietly(audit);
        }
        awaitUntil("audit-trail left the engine", TIMEOUT, () -> admin.plugin("audit-trail").isEmpty(), admin::plugins);
    }

    private String auditOf(String email) {
        return (String) dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", email)).value().get("audit");
    }

    /** Records the email it saw and whether welcome-message had run before it. */
    private static EventHandler<Map<String, Object>> auditHandler() {
        return (state, ctx) -> {
            Map<String, Object> next = new LinkedHashMap<>(state);
            next.put("audit", "saw " + state.get("email") + (state.containsKey("welcome") ? " after" : " before") + " welcome");
            return Reply.next(next);
        };
    }

    private ServiceRegistration<?> register(String name, int priority, EventHandler<Map<String, Object>> handler) {
        return context.registerService(EventHandler.class.getName(), handler, properties(name, priority));
    }

    private static Dictionary<String, Object> properties(String name, int priority) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, USER_REGISTERED);
        props.put(EventHandler.PRIORITY, priority);
        return props;
    }

    private void awaitActive(String plugin) {
        awaitUntil(plugin + " is active", TIMEOUT,
                () -> admin.plugin(plugin).map(p -> p.status.isActive()).orElse(false), admin::plugins);
    }

    private static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered by the test itself
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }
}
