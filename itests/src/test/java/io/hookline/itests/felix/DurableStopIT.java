package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.felix.Chains.entry;
import static io.hookline.itests.felix.Chains.running;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.hookline.event.Dispatcher;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An operator's stop survives a real framework restart: the test launches Felix itself (through
 * {@link FrameworkFactory}, from its own class path) on a storage folder, installs the packaged
 * jars, stops {@code welcome-message}, stops the framework, and launches a new framework on the same
 * storage, where the bundles come back from the framework's cache and the plugin's record from the
 * store file in the store bundle's data area.
 *
 * <p>Not a Pax Exam test: Pax Exam's container cannot be restarted on its storage. Services are used
 * across the framework boundary by exporting the API package from the system bundle (with the API
 * bundle's own export clause) instead of installing the API bundle, so the test and the bundles
 * share one {@code io.hookline.event}.
 */
public class DurableStopIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String USER_REGISTERED = "user_registered";
    private static final String WELCOME = "welcome-message";

    /** The runtime besides the API, in install order: group, artifact, version. */
    private static final String[][] RUNTIME = {
        {"org.osgi", "org.osgi.util.function", "1.2.0"},
        {"org.osgi", "org.osgi.util.promise", "1.3.0"},
        {"org.osgi", "org.osgi.service.component", "1.5.1"},
        {"org.apache.felix", "org.apache.felix.scr", System.getProperty("felix.scr.version", "2.2.18")},
        {"org.apache.felix", "org.apache.felix.configadmin", System.getProperty("felix.configadmin.version", "1.9.26")},
        {"com.h2database", "h2", System.getProperty("h2.version", "2.3.232")},
        {"org.apache.felix", "org.apache.felix.log", "1.3.0"},
        {"io.hookline", "io.hookline.store", HooklineRuntime.VERSION},
        {"io.hookline", "io.hookline.core", HooklineRuntime.VERSION},
        {"io.hookline", HooklineRuntime.SIGNUP_BUNDLE, HooklineRuntime.VERSION},
        {"io.hookline", HooklineRuntime.GREETING_BUNDLE, HooklineRuntime.VERSION},
    };

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Framework framework;

    @After
    public void stopFramework() throws Exception {
        if (framework != null) {
            stop(framework);
        }
    }

    @Test
    public void stoppedPluginStaysStoppedWithItsIdAcrossAFrameworkRestart() throws Exception {
        Path storage = temp.newFolder("felix-storage").toPath();

        framework = launch(storage);
        for (Path jar : runtimeJars()) {
            framework.getBundleContext().installBundle(jar.toUri().toString());
        }
        for (Bundle b : framework.getBundleContext().getBundles()) {
            b.start();
        }
        PluginAdmin admin = service(PluginAdmin.class);
        for (String plugin : List.of("normalize-email", "block-disposable", WELCOME, "shout")) {
            awaitUntil(plugin + " is active", TIMEOUT,
                    () -> admin.plugin(plugin).map(p -> p.status.isActive()).orElse(false), admin::plugins);
        }
        String welcomeId = admin.plugin(WELCOME).orElseThrow().id;
        assertFalse(welcomeId.isEmpty());
        assertEquals(PluginStatus.STOPPED, admin.stop(WELCOME).status);
        assertFalse(welcome(service(Dispatcher.class)).containsKey("welcome"));
        stop(framework);
        framework = null;
        assertTrue("the store file is in the framework storage", storeFileIn(storage));

        framework = launch(storage);
        assertEquals("the bundles come back from the framework's storage, not installed again",
                RUNTIME.length + 1, framework.getBundleContext().getBundles().length);
        PluginAdmin adminAfter = service(PluginAdmin.class);
        awaitUntil("welcome-message is registered again", TIMEOUT,
                () -> adminAfter.plugin(WELCOME).isPresent()
                        && adminAfter.plugin("normalize-email").map(p -> p.status.isActive()).orElse(false),
                adminAfter::plugins);

        PluginDTO welcome = adminAfter.plugin(WELCOME).orElseThrow();
        assertEquals(PluginStatus.STOPPED, welcome.status);
        assertEquals("stopped by operator", welcome.statusReason);
        assertEquals("the record id survives the restart", welcomeId, welcome.id);
        assertEquals(List.of("normalize-email", "block-disposable"), running(adminAfter.chain(USER_REGISTERED)));
        assertEquals(PluginStatus.STOPPED, entry(adminAfter.chain(USER_REGISTERED), WELCOME).status);
        Dispatcher dispatcher = service(Dispatcher.class);
        assertEquals(Map.of("email", "alice@example.com"), welcome(dispatcher));

        PluginDTO enabled = adminAfter.enable(WELCOME);
        assertEquals(PluginStatus.STARTED, enabled.status);
        assertEquals(welcomeId, enabled.id);
        assertEquals(List.of("normalize-email", "block-disposable", WELCOME),
                running(adminAfter.chain(USER_REGISTERED)));
        assertEquals("Welcome, alice@example.com!", welcome(dispatcher).get("welcome"));
    }

    private static Map<String, Object> welcome(Dispatcher dispatcher) {
        return dispatcher.call(USER_REGISTERED, Map.<String, Object>of("email", " Alice@Example.COM ")).value();
    }

    private static Framework launch(Path storage) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        // the second launch must find the first one's bundles and data areas
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new AssertionError("no OSGi framework on the test class path"));
        Framework fw = factory.newFramework(config);
        fw.start();
        return fw;
    }

    /** @return the API bundle's Export-Package clause, read from its jar on the test class path */
    private static String apiExports() throws IOException {
        Path api = Path.of(codeSourceOf(PluginAdmin.class));
        try (JarFile jar = new JarFile(api.toFile())) {
            String exports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            assertNotNull("no Export-Package in " + api, exports);
            return exports;
        }
    }

    private static URI codeSourceOf(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Framework fw) throws InterruptedException, BundleException {
        fw.stop();
        FrameworkEvent event = fw.waitForStop(TIMEOUT.toMillis());
        assertEquals("framework stopped within " + TIMEOUT, FrameworkEvent.STOPPED, event.getType());
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        // the tracker closes with the framework; the object stays usable while the framework runs
        T service = tracker.waitForService(TIMEOUT.toMillis());
        assertNotNull(type.getSimpleName() + " service within " + TIMEOUT, service);
        return service;
    }

    private static List<Path> runtimeJars() {
        Path repo = Path.of(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        List<Path> jars = new ArrayList<>();
        for (String[] gav : RUNTIME) {
            if (gav[0].equals("io.hookline")) {
                // the reactor's freshly built jar, not a snapshot in the local repository
                jars.add(HooklineRuntime.bundleFile(gav[1]));
                continue;
            }
            Path jar = repo.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                    .resolve(gav[1] + "-" + gav[2] + ".jar");
            assertTrue(jar + " is missing: declare " + gav[0] + ":" + gav[1] + " as a test dependency of itests",
                    Files.isRegularFile(jar));
            jars.add(jar);
        }
        return jars;
    }

    private static boolean storeFileIn(Path storage) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("hookline.mv.db"));
        }
    }
}
