package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.felix.Chains.entry;
import static io.hookline.itests.felix.Chains.names;
import static io.hookline.itests.felix.Chains.running;
import static io.hookline.itests.felix.HooklineRuntime.GREETING_BUNDLE;
import static io.hookline.itests.felix.HooklineRuntime.SIGNUP_BUNDLE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.Dispatcher;
import io.hookline.event.Failure;
import io.hookline.event.Result;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * Plugin bundles come and go: stopping a bundle takes its plugins out of their chains and holds
 * their dependents in other bundles; starting it brings them back with their durable records; and
 * updating a bundle to a new version re-registers its plugin with the new metadata and behaviour
 * under the same record, keeping an operator's stop. One framework per test, since every test
 * changes bundles and durable statuses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class BundleLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_REGISTERED = "user_registered";
    private static final String CHAT_MESSAGE = "chat_message";
    private static final String SIGNATURE = SignatureFixture.PLUGIN;

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private PluginAdmin admin;

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine(),
                HooklineRuntime.examples(), SignatureFixture.bundles());
    }

    @Before
    public void examplePluginsAreActive() {
        for (String plugin : List.of("normalize-email", "block-disposable", "welcome-message", "shout")) {
            awaitActive(plugin);
        }
    }

    @Test
    public void stoppingTheGreetingBundleRemovesItsPluginsAndStartingItBringsThemBack() throws Exception {
        Bundle greeting = bundle(GREETING_BUNDLE);
        String welcomeId = id("welcome-message");
        String shoutId = id("shout");

        greeting.stop();
        awaitUntil("welcome-message and shout left the engine", TIMEOUT,
                () -> admin.plugin("welcome-message").isEmpty() && admin.plugin("shout").isEmpty(), admin::plugins);

        assertEquals(Set.of("block-disposable", "normalize-email"), names(admin.plugins()));
        assertEquals(Set.of(USER_REGISTERED), admin.events());
        assertEquals(List.of("normalize-email", "block-disposable"), running(admin.chain(USER_REGISTERED)));
        assertEquals(Map.of("email", "alice@example.com"), register(" Alice@Example.COM "));
        assertEquals("chat_message has no plugin left: the input comes back", "hi",
                dispatcher.call(CHAT_MESSAGE, "hi").value());
        assertThrows(IllegalArgumentException.class, () -> admin.chain(CHAT_MESSAGE));

        greeting.start();
        awaitActive("welcome-message");
        awaitActive("shout");

        PluginDTO welcome = admin.plugin("welcome-message").orElseThrow();
        assertEquals(PluginStatus.REGISTERED, welcome.status);
        assertEquals("the record outlives the service", welcomeId, welcome.id);
        assertEquals(shoutId, id("shout"));
        assertEquals(greeting.getBundleId(), welcome.bundleId);
        assertEquals(List.of("normalize-email", "block-disposable", "welcome-message"),
                running(admin.chain(USER_REGISTERED)));
        assertEquals(Map.of("email", "alice@example.com", "welcome", "Welcome, alice@example.com!"),
                register(" Alice@Example.COM "));
        assertEquals("HI", dispatcher.call(CHAT_MESSAGE, "hi").value());
    }

    @Test
    public void stoppingTheSignupBundleHoldsWelcomeMessageUntilItIsStartedAgain() throws Exception {
        Bundle signup = bundle(SIGNUP_BUNDLE);
        String welcomeId = id("welcome-message");

        signup.stop();
        awaitUntil("welcome-message is HELD", TIMEOUT, () -> status("welcome-message") == PluginStatus.HELD,
                admin::plugins);

        PluginDTO welcome = admin.plugin("welcome-message").orElseThrow();
        assertTrue(welcome.statusReason, welcome.statusReason.contains("normalize-email"));
        assertEquals(welcomeId, welcome.id);
        assertEquals(Set.of("shout", "welcome-message"), names(admin.plugins()));
        ChainDTO chain = admin.chain(USER_REGISTERED);
        assertEquals(List.of(), running(chain));
        ChainDTO.Entry held = entry(chain, "welcome-message");
        assertEquals(PluginStatus.HELD, held.status);
        assertTrue(held.reason, held.reason.startsWith("held: ") && held.reason.contains("normalize-email"));
        // block-disposable (critical) left with its bundle: the event refuses calls until it is back
        Result<Map<String, Object>> refused = dispatcher.call(USER_REGISTERED,
                Map.<String, Object>of("email", "x@mailinator.com"));
        assertEquals(Map.of("email", "x@mailinator.com"), refused.value());
        assertTrue(refused.toString(), refused.failedFast());
        assertEquals("block-disposable", refused.failures().get(0).plugin());
        assertEquals(Failure.Kind.INACTIVE, refused.failures().get(0).kind());
        assertEquals("shout does not depend on signup", "HI", dispatcher.call(CHAT_MESSAGE, "hi").value());

        signup.start();
        awaitUntil("welcome-message is released", TIMEOUT, () -> status("welcome-message") == PluginStatus.REGISTERED,
                admin::plugins);
        awaitActive("normalize-email");
        awaitActive("block-disposable");

        assertEquals("", admin.plugin("welcome-message").orElseThrow().statusReason);
        assertEquals(List.of("normalize-email", "block-disposable", "welcome-message"),
                running(admin.chain(USER_REGISTERED)));
        assertEquals(Map.of("email", "alice@example.com", "welcome", "Welcome, alice@example.com!"),
                register(" Alice@Example.COM "));
    }

    @Test
    public void updatingAPluginBundleToANewVersionChangesTheChainUnderTheSameRecord() throws Exception {
        Bundle fixture = installSignatureV1();
        PluginDTO v1 = admin.plugin(SIGNATURE).orElseThrow();
        assertEquals(70, v1.priority);
        assertEquals(SignatureFixture.SYMBOLIC_NAME, v1.bundle);
        assertEquals(List.of("shout", SIGNATURE), running(admin.chain(CHAT_MESSAGE)));
        assertEquals("HELLO -- signed", dispatcher.call(CHAT_MESSAGE, "hello").value());

        update(fixture);
        awaitUntil("version 2 registered signature", TIMEOUT, () -> admin.plugin(SIGNATURE)
                .map(p -> p.serviceId != v1.serviceId && p.status.isActive()).orElse(false), admin::plugins);

        PluginDTO v2 = admin.plugin(SIGNATURE).orElseThrow();
        assertEquals(10, v2.priority);
        assertEquals(PluginStatus.REGISTERED, v2.status);
        assertEquals("the record id survives the update", v1.id, v2.id);
        assertEquals(v1.insertedAt, v2.insertedAt);
        assertEquals(fixture.getBundleId(), v2.bundleId);
        assertEquals(List.of(SIGNATURE, "shout"), running(admin.chain(CHAT_MESSAGE)));
        assertEquals("HELLO -- SIGNED V2", dispatcher.call(CHAT_MESSAGE, "hello").value());
    }

    @Test
    public void pluginStoppedThroughPluginAdminStaysStoppedAfterItsBundleIsUpdated() throws Exception {
        Bundle fixture = installSignatureV1();
        PluginDTO v1 = admin.plugin(SIGNATURE).orElseThrow();

        PluginDTO stopped = admin.stop(SIGNATURE);
        assertEquals(PluginStatus.STOPPED, stopped.status);
        assertEquals("HELLO", dispatcher.call(CHAT_MESSAGE, "hello").value());

        update(fixture);
        awaitUntil("version 2 registered signature", TIMEOUT,
                () -> admin.plugin(SIGNATURE).map(p -> p.serviceId != v1.serviceId).orElse(false), admin::plugins);

        PluginDTO afterUpdate = admin.plugin(SIGNATURE).orElseThrow();
        assertEquals(PluginStatus.STOPPED, afterUpdate.status);
        assertEquals("stopped by operator", afterUpdate.statusReason);
        assertEquals(v1.id, afterUpdate.id);
        assertEquals("the new version's metadata is read", 10, afterUpdate.priority);
        ChainDTO chain = admin.chain(CHAT_MESSAGE);
        assertEquals(List.of("shout"), running(chain));
        assertEquals(PluginStatus.STOPPED, entry(chain, SIGNATURE).status);
        assertEquals("HELLO", dispatcher.call(CHAT_MESSAGE, "hello").value());

        PluginDTO enabled = admin.enable(SIGNATURE);
        assertEquals(PluginStatus.STARTED, enabled.status);
        assertEquals(List.of(SIGNATURE, "shout"), running(admin.chain(CHAT_MESSAGE)));
        assertEquals("HELLO -- SIGNED V2", dispatcher.call(CHAT_MESSAGE, "hello").value());
    }

    private Bundle installSignatureV1() throws Exception {
        Path v1 = Path.of(System.getProperty(SignatureFixture.V1_PROPERTY));
        Bundle fixture = context.installBundle(v1.toUri().toString());
        assertEquals(Version.parseVersion("1.0.0"), fixture.getVersion());
        fixture.start();
        awaitActive(SIGNATURE);
        return fixture;
    }

    private static void update(Bundle fixture) throws Exception {
        try (InputStream v2 = Files.newInputStream(Path.of(System.getProperty(SignatureFixture.V2_PROPERTY)))) {
            fixture.update(v2);
        }
        assertEquals(Version.parseVersion("2.0.0"), fixture.getVersion());
        assertEquals(Bundle.ACTIVE, fixture.getState());
    }

    private Map<String, Object> register(String email) {
        return dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", email)).value();
    }

    private String id(String plugin) {
        return admin.plugin(plugin).orElseThrow().id;
    }

    private PluginStatus status(String plugin) {
        return admin.plugin(plugin).map(p -> p.status).orElse(null);
    }

    private void awaitActive(String plugin) {
        awaitUntil(plugin + " is active", TIMEOUT,
                () -> admin.plugin(plugin).map(p -> p.status.isActive()).orElse(false), admin::plugins);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }
}
