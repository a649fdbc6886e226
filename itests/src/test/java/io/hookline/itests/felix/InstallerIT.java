package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.felix.TaggerFixture.APP;
import static io.hookline.itests.felix.TaggerFixture.EVENT;
import static io.hookline.itests.felix.TaggerFixture.PLUGIN;
import static io.hookline.itests.felix.TaggerFixture.SYMBOLIC_NAME;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.Dispatcher;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The packaged installer in native Felix with the engine, SCR and Config Admin, as the
 * {@code hookline-installer} feature provisions it: an app ({@link TaggerFixture}) installed from a
 * local path and from a 127.0.0.1 URL allowed by configuration, upgraded in place, refused at the
 * same version, rolled back from an upgrade that does not resolve, and uninstalled. The assertions
 * read the installer's and the engine's DTOs and call the event through the {@link Dispatcher}.
 * One framework per test; each configures its own extensions folder through Config Admin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class InstallerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PID = "io.hookline.installer";

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private PluginAdmin admin;
    @Inject
    private ConfigurationAdmin configAdmin;

    private Path extensions;
    private Installer installer;

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine(),
                mavenBundle("commons-io", "commons-io", System.getProperty("commons.io.version", "2.20.0")),
                mavenBundle("org.apache.commons", "commons-lang3", System.getProperty("commons.lang3.version", "3.18.0")),
                mavenBundle("org.apache.commons", "commons-compress",
                        System.getProperty("commons.compress.version", "1.28.0")),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core", System.getProperty("jackson.version", "2.23.0")),
                mavenBundle("com.fasterxml.jackson.jr", "jackson-jr-objects",
                        System.getProperty("jackson.version", "2.23.0")),
                mavenBundle("io.hookline", "io.hookline.installer", HooklineRuntime.VERSION),
                TaggerFixture.bundles());
    }

    @Before
    public void configureAnExtensionsFolder() throws Exception {
        extensions = Files.createTempDirectory(HooklineRuntime.targetDir(), "installer-it-").resolve("extensions");
        configure(new String[0]);
    }

    @Test
    public void installsFromAPathUpgradesInPlaceAndRefusesTheSameVersion() throws Exception {
        AppDTO v1 = installer.install(InstallRequest.path(jar(TaggerFixture.V1_PROPERTY)).requestedBy("it"));

        assertEquals("name (the symbolic name, lower-cased) and version from the bundle's headers", SYMBOLIC_NAME,
                v1.app);
        assertEquals("1.0.0", v1.version);
        assertEquals(AppDTO.Status.INSTALLED, v1.status);
        assertEquals("path", v1.sourceType);
        assertEquals("it", v1.requestedBy);
        assertEquals(1, v1.artifacts.length);
        assertEquals(SYMBOLIC_NAME, v1.artifacts[0].symbolicName);
        Bundle bundle = context.getBundle(v1.artifacts[0].bundleId);
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals(Installer.LOCATION_PREFIX + SYMBOLIC_NAME + "/" + SYMBOLIC_NAME, bundle.getLocation());
        PluginDTO plugin = awaitActivePlugin();
        assertEquals(bundle.getBundleId(), plugin.bundleId);
        assertEquals(EVENT, plugin.event);
        assertEquals("hi #v1", dispatcher.call(EVENT, "hi").value());

        AppDTO v2 = installer.install(InstallRequest.path(jar(TaggerFixture.V2_PROPERTY)));

        assertEquals("the app record keeps its id", v1.id, v2.id);
        assertEquals("2.0.0", v2.version);
        assertEquals(v1.installedAt, v2.installedAt);
        assertEquals("updated in place", bundle.getBundleId(), v2.artifacts[0].bundleId);
        assertEquals(Version.parseVersion("2.0.0"), bundle.getVersion());
        assertEquals(Bundle.ACTIVE, bundle.getState());
        awaitUntil("version 2 registered tagger", TIMEOUT, () -> admin.plugin(PLUGIN)
                .map(p -> p.serviceId != plugin.serviceId && p.status.isActive()).orElse(false), admin::plugins);
        assertEquals("the plugin keeps its record", plugin.id, admin.plugin(PLUGIN).orElseThrow().id);
        assertEquals("hi #v2", dispatcher.call(EVENT, "hi").value());
        assertEquals(List.of("2.0.0~"), versionFolders(SYMBOLIC_NAME));

        InstallException same = assertThrows(InstallException.class,
                () -> installer.install(InstallRequest.path(jar(TaggerFixture.V2_PROPERTY))));

        assertEquals(InstallException.Reason.VERSION_NOT_NEWER, same.reason());
        assertEquals("app acme.plugins.tagger 2.0.0 is installed; 2.0.0 is the same version (use --force, or InstallRequest.force(), to replace it)",
                same.getMessage());
        AppDTO still = installer.get(SYMBOLIC_NAME).orElseThrow();
        assertEquals("2.0.0", still.version);
        assertEquals(v2.updatedAt, still.updatedAt);
        assertEquals("hi #v2", dispatcher.call(EVENT, "hi").value());
        assertEquals(List.of("2.0.0~"), versionFolders(SYMBOLIC_NAME));
        assertNoStagedFiles();
    }

    @Test
    public void installsFromALocalUrlOnceConfigurationAllowsTheHost() throws Exception {
        String url = System.getProperty(TaggerFixture.URL_PROPERTY) + TaggerFixture.fileName("1.0.0");
        String sha256 = sha256(jar(TaggerFixture.V1_PROPERTY));

        InstallException refused = assertThrows(InstallException.class,
                () -> installer.install(InstallRequest.url(url).app(APP).version("1.0.0")));
        assertEquals("fail-closed: no host is allowed by default", InstallException.Reason.HOST_NOT_ALLOWED,
                refused.reason());
        assertTrue(refused.getMessage(), refused.getMessage().contains("127.0.0.1"));
        assertTrue(installer.list().isEmpty());
        assertNoStagedFiles();

        // an entry without a port allows only the scheme's default port: name the fixture server's
        configure(new String[] {"127.0.0.1:" + java.net.URI.create(url).getPort()});
        AppDTO app = installer.install(InstallRequest.url(url).app(APP).version("1.0.0").sha256(sha256));

        assertEquals("url", app.sourceType);
        assertEquals(url, app.resolvedFrom);
        assertEquals(sha256, app.sha256);
        assertEquals(sha256, app.artifacts[0].sha256);
        awaitActivePlugin();
        assertEquals("hi #v1", dispatcher.call(EVENT, "hi").value());
        assertEquals(List.of(app.app), installer.list().stream().map(a -> a.app).toList());
    }

    @Test
    public void upgradeToAnUnresolvableVersionLeavesTheOldVersionInstalledAndAnswering() throws Exception {
        AppDTO v1 = installer.install(InstallRequest.path(jar(TaggerFixture.V1_PROPERTY)).app(APP).version("1.0.0"));
        PluginDTO plugin = awaitActivePlugin();
        Bundle bundle = context.getBundle(v1.artifacts[0].bundleId);

        InstallException e = assertThrows(InstallException.class,
                () -> installer.install(InstallRequest.path(jar(TaggerFixture.V3_PROPERTY)).app(APP).version("3.0.0")));

        assertEquals(InstallException.Reason.UNRESOLVED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().startsWith("bundle " + SYMBOLIC_NAME + " does not resolve: "));
        assertTrue(e.getMessage(), e.getMessage().contains(TaggerFixture.MISSING_PACKAGE));
        AppDTO after = installer.get(APP).orElseThrow();
        assertEquals("1.0.0", after.version);
        assertEquals(v1.id, after.id);
        assertEquals(v1.sha256, after.sha256);
        assertEquals(AppDTO.Status.INSTALLED, after.status);
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals(Version.parseVersion("1.0.0"), bundle.getVersion());
        assertEquals("the old bundle stays (restored in place)", bundle, context.getBundle(after.artifacts[0].bundleId));
        assertEquals(1, managedBundles().size());
        awaitActivePlugin();
        assertEquals(plugin.id, admin.plugin(PLUGIN).orElseThrow().id);
        assertEquals("hi #v1", dispatcher.call(EVENT, "hi").value());
        assertEquals(List.of("1.0.0~"), versionFolders(APP));
        assertNoStagedFiles();
    }

    @Test
    public void uninstallRemovesTheBundleThePluginAndTheRecord() throws Exception {
        AppDTO installed = installer.install(InstallRequest.path(jar(TaggerFixture.V1_PROPERTY)).app(APP).version("1.0.0"));
        awaitActivePlugin();
        long bundleId = installed.artifacts[0].bundleId;

        AppDTO removed = installer.uninstall(APP);

        assertEquals(installed.id, removed.id);
        assertEquals("1.0.0", removed.version);
        assertNull("the bundle is uninstalled", context.getBundle(bundleId));
        assertTrue(managedBundles().isEmpty());
        awaitUntil("tagger left the engine", TIMEOUT, () -> admin.plugin(PLUGIN).isEmpty(), admin::plugins);
        assertEquals("no plugin left on the event: the input comes back", "hi", dispatcher.call(EVENT, "hi").value());
        assertTrue(installer.get(APP).isEmpty());
        assertTrue(installer.list().isEmpty());
        assertFalse("the app's files are deleted", Files.exists(extensions.resolve(APP)));
        assertNoStagedFiles();
        InstallException again = assertThrows(InstallException.class, () -> installer.uninstall(APP));
        assertEquals(InstallException.Reason.NOT_INSTALLED, again.reason());
        assertEquals("app tagger is not installed", again.getMessage());
    }

    /**
     * Configures the installer (its extensions folder and allowed hosts) and waits for the service
     * of the re-activated component: a change re-activates it, so the service object is fetched anew.
     */
    private void configure(String[] allowedHosts) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("extensions.folder", extensions.toString());
        props.put("allowed.hosts", allowedHosts);
        configAdmin.getConfiguration(PID, null).update(props);
        awaitUntil("the installer runs with the new configuration", TIMEOUT, () -> {
            ServiceReference<Installer> ref = context.getServiceReference(Installer.class);
            return ref != null && extensions.toString().equals(ref.getProperty("extensions.folder"))
                    && Arrays.equals(allowedHosts, hosts(ref.getProperty("allowed.hosts")));
        }, () -> context.getServiceReference(Installer.class));
        ServiceReference<Installer> ref = context.getServiceReference(Installer.class);
        installer = context.getService(ref);
        assertNotNull(installer);
        assertArrayEquals(allowedHosts, hosts(ref.getProperty("allowed.hosts")));
    }

    private static String[] hosts(Object property) {
        return property instanceof String[] array ? array : new String[0];
    }

    private PluginDTO awaitActivePlugin() {
        awaitUntil("tagger is active", TIMEOUT,
                () -> admin.plugin(PLUGIN).map(p -> p.status.isActive()).orElse(false), admin::plugins);
        return admin.plugin(PLUGIN).orElseThrow();
    }

    private List<Bundle> managedBundles() {
        return Stream.of(context.getBundles())
                .filter(b -> b.getLocation().startsWith(Installer.LOCATION_PREFIX)).toList();
    }

    /** @return the app's version folders ({@code <version>~<txid>}), cut after the {@code ~} */
    private List<String> versionFolders(String app) throws IOException {
        try (Stream<Path> dirs = Files.list(extensions.resolve(app))) {
            return dirs.map(d -> d.getFileName().toString()).map(n -> n.substring(0, n.indexOf('~') + 1)).sorted()
                    .toList();
        }
    }

    private void assertNoStagedFiles() throws IOException {
        Path staging = extensions.resolve(".staging");
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                List<Path> files = left.toList();
                assertTrue("staged files left: " + files, files.isEmpty());
            }
        }
    }

    private static Path jar(String property) {
        return Path.of(System.getProperty(property));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
