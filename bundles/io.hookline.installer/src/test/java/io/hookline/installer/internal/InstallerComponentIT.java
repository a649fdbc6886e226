package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.PluginAdmin;
import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.fixture.EchoHandler;
import io.hookline.installer.internal.fixture.PluginActivator;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The packaged bundle in a real Felix with SCR, ConfigAdmin and Event Admin: the DS component
 * activates with its typed configuration, installs through the {@link Installer} service (a jar, a
 * tar.gz and a zip), announces the change through Event Admin, and replays the app after a
 * framework restart with a clean cache. The API, ConfigAdmin and Event Admin packages are exported by
 * the system bundle from this class path so the test can call the services; the bundles import
 * them (their exports are substitutable) and wire to the system bundle's.
 */
public class InstallerComponentIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Framework framework;

    @Before
    public void check() {
        assertNotNull("installer.jar system property (set by the failsafe configuration)", System.getProperty("installer.jar"));
    }

    @After
    public void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private BundleContext boot(boolean clean) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.getRoot().toPath().resolve("cache").toString());
        if (clean) {
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        // the API and ConfigAdmin packages come from this class path, so the test and the bundles share their classes
        // (the SPI too: Felix checks every objectClass of a service against the caller, and the Installer service is
        // also an ArtifactRepository, whose class this class path would otherwise load apart from the bundle's)
        // each at the version its own bundle exports, read from the built manifests (no copy to keep in step)
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exported(io.hookline.installer.Installer.class) + ","
                + exported(io.hookline.installer.spi.ArtifactSource.class) + "," + exported(io.hookline.event.EventHandler.class)
                + "," + exported(io.hookline.event.admin.PluginAdmin.class) + ",org.osgi.service.cm;version=1.6.0,"
                + "org.osgi.service.event;version=1.4.0");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        if (ctx.getBundles().length == 1) {
            List<Bundle> bundles = new ArrayList<>();
            for (String jar : runtime()) {
                bundles.add(ctx.installBundle(new File(jar).toURI().toString()));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
        }
        for (Bundle b : ctx.getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                throw new AssertionError(b.getSymbolicName() + " is not active: state " + b.getState());
            }
        }
        return ctx;
    }

    private static byte[] plugin(String bsn, String name, int priority) {
        return Fixtures.bundle(bsn, "1.0.0").withClass(EchoHandler.class)
                .activator(PluginActivator.class)
                .header("Import-Package", "org.osgi.framework,io.hookline.event")
                .header("X-Plugin-Event", "it_event").header("X-Plugin-Name", name)
                .header("X-Plugin-Priority", Integer.toString(priority)).bytes();
    }

    /** A DS plugin bundle whose component cannot activate (its reference is never satisfied). */
    private static byte[] unsatisfiedDsPlugin(String bsn, String name) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + name + "\">\n"
                + "  <implementation class=\"" + EchoHandler.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"io.hookline.event.EventHandler\"/></service>\n"
                + "  <property name=\"hookline.event\" value=\"it_event\"/>\n"
                + "  <property name=\"hookline.plugin\" value=\"" + name + "\"/>\n"
                + "  <reference name=\"never\" interface=\"java.lang.Runnable\" target=\"(never=true)\"/>\n"
                + "</scr:component>\n";
        return Fixtures.bundle(bsn, "1.0.0").withClass(EchoHandler.class)
                .header("Import-Package", "io.hookline.event")
                .header("Service-Component", "OSGI-INF/" + name + ".xml")
                .entry("OSGI-INF/" + name + ".xml", xml).bytes();
    }

    /**
     * Item 18: the gate waits for the plugins the app's DS descriptors declare; one that never
     * registers fails the install (before, the gate passed at once: no plugin, no problem).
     */
    @Test
    public void gateWaitsForDeclaredPlugins() throws Exception {
        BundleContext ctx = boot(true);
        configure(ctx);
        Installer installer = installer(ctx);
        await(ctx, PluginAdmin.class);
        try {
            installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "late.jar",
                    unsatisfiedDsPlugin("com.acme.plugin.late", "late-plugin"))).app("late"));
            throw new AssertionError("expected HEALTH_CHECK_FAILED");
        } catch (InstallException e) {
            assertEquals(InstallException.Reason.HEALTH_CHECK_FAILED, e.reason());
            assertEquals("app late failed its health gate after 2000 ms: plugin late-plugin declared by bundle"
                    + " com.acme.plugin.late did not register", e.getMessage());
        }
        assertTrue(installer.get("late").isEmpty());
        for (Bundle b : ctx.getBundles()) {
            assertTrue("late bundle rolled back", !"com.acme.plugin.late".equals(b.getSymbolicName()));
        }
    }

    /**
     * Item 13: a configuration change while an install is in flight (here waiting in its health
     * gate for a plugin that never registers) re-activates the component only once that install
     * has finished its rollback; the new installer never works beside the old one.
     */
    @Test
    public void reconfigurationWaitsForTheInstallInFlight() throws Exception {
        BundleContext ctx = boot(true);
        configure(ctx);
        Installer old = installer(ctx);
        await(ctx, PluginAdmin.class);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Path jar = Fixtures.write(tmp.getRoot().toPath(), "late.jar", unsatisfiedDsPlugin("com.acme.plugin.late",
                    "late-plugin"));
            java.util.concurrent.Future<AppDTO> install = pool.submit(() -> old.install(InstallRequest.path(jar).app("late")));
            poll("the install in its health gate", () -> {
                for (Bundle b : ctx.getBundles()) {
                    if ("com.acme.plugin.late".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                        return b;
                    }
                }
                return null;
            });
            Configuration cfg = await(ctx, ConfigurationAdmin.class).getConfiguration("io.hookline.installer", "?");
            Dictionary<String, Object> changed = cfg.getProperties();
            changed.put("max.entries", "999");
            cfg.update(changed);
            ServiceReference<?> fresh = poll("the re-activated installer", () -> {
                ServiceReference<Installer> ref = ctx.getServiceReference(Installer.class);
                return ref != null && "999".equals(String.valueOf(ref.getProperty("max.entries"))) ? ref : null;
            });
            for (Bundle b : ctx.getBundles()) {
                assertTrue("the new installer appeared while the old one's install was still running",
                        !"com.acme.plugin.late".equals(b.getSymbolicName()));
            }
            try {
                install.get(30, java.util.concurrent.TimeUnit.SECONDS);
                throw new AssertionError("expected HEALTH_CHECK_FAILED");
            } catch (java.util.concurrent.ExecutionException e) {
                InstallException cause = (InstallException) e.getCause();
                assertEquals(cause.getMessage(), InstallException.Reason.HEALTH_CHECK_FAILED, cause.reason());
                assertEquals("rollback finished cleanly", 0, cause.getSuppressed().length);
            }
            Installer now = (Installer) ctx.getService(fresh);
            assertTrue(now.get("late").isEmpty());
            for (Bundle b : ctx.getBundles()) {
                assertTrue("late bundle rolled back", !"com.acme.plugin.late".equals(b.getSymbolicName()));
            }
            assertTrue("no version folder left", !java.nio.file.Files.exists(tmp.getRoot().toPath().resolve("extensions")
                    .resolve("late")));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> runtime() throws URISyntaxException {
        List<String> jars = new ArrayList<>();
        for (String cls : new String[] {"org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext", "org.apache.felix.scr.impl.Activator",
            "org.apache.felix.cm.impl.ConfigurationManager", "org.apache.felix.eventadmin.impl.Activator", "io.hookline.event.admin.PluginAdmin",
            "io.hookline.store.RecordStore", "io.hookline.core.internal.WhiteboardDispatcher", "org.h2.mvstore.MVStore", "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.jr.ob.JSON", "org.apache.commons.io.IOUtils",
            // Commons Compress imports Commons Lang optionally but its tar reader needs it
            "org.apache.commons.lang3.StringUtils", "org.apache.commons.compress.archivers.zip.ZipFile"}) {
            jars.add(jarOf(cls));
        }
        jars.add(System.getProperty("installer.jar"));
        return jars;
    }

    private static String jarOf(String className) throws URISyntaxException {
        try {
            return Path.of(Class.forName(className, false, InstallerComponentIT.class.getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException e) {
            throw new AssertionError("not on the test class path: " + className, e);
        }
    }

    private void configure(BundleContext ctx) throws Exception {
        ConfigurationAdmin cm = await(ctx, ConfigurationAdmin.class);
        Configuration store = cm.getConfiguration("io.hookline.store", "?");
        Dictionary<String, Object> s = new Hashtable<>();
        s.put("path", tmp.getRoot().toPath().resolve("hookline.mv.db").toString());
        store.update(s);
        Configuration installer = cm.getConfiguration("io.hookline.installer", "?");
        Dictionary<String, Object> i = new Hashtable<>();
        i.put("extensions.folder", tmp.getRoot().toPath().resolve("extensions").toString());
        i.put("allowed.hosts", "127.0.0.1:1, example.org");
        i.put("require.sha256", "true");
        installer.update(i);
    }

    private static <T> T await(BundleContext ctx, Class<T> type) throws InterruptedException {
        return poll("service " + type.getName(), () -> {
            ServiceReference<T> ref = ctx.getServiceReference(type);
            return ref == null ? null : ctx.getService(ref);
        });
    }

    private static <T> T poll(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private Installer installer(BundleContext ctx) throws InterruptedException {
        // the component re-activates once its configuration arrives: wait for the configured one
        return poll("configured installer", () -> {
            ServiceReference<Installer> ref = ctx.getServiceReference(Installer.class);
            if (ref == null || !"true".equals(String.valueOf(ref.getProperty("require.sha256")))) {
                return null;
            }
            return ctx.getService(ref);
        });
    }

    @Test
    public void componentInstallsAndReplaysAfterACleanStart() throws Exception {
        BundleContext ctx = boot(true);
        configure(ctx);
        Installer installer = installer(ctx);
        try {
            installer.install(InstallRequest.url("http://127.0.0.1:1/x.jar"));
            throw new AssertionError("expected CHECKSUM_REQUIRED");
        } catch (InstallException e) {
            assertEquals(InstallException.Reason.CHECKSUM_REQUIRED, e.reason());
        }
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, Installer.TOPIC_PREFIX + "*");
        ctx.registerService(EventHandler.class, events::add, topics);
        Path jar = Fixtures.write(tmp.getRoot().toPath(), "a.jar", Fixtures.bundle("com.acme.it", "1.0.0").bytes());
        AppDTO app = installer.install(InstallRequest.path(jar).app("it"));
        // FAILED for the refused url above may come first
        Event installedEvent = null;
        for (Event e = events.poll(10, TimeUnit.SECONDS); e != null; e = events.poll(10, TimeUnit.SECONDS)) {
            if (e.getTopic().equals(Installer.TOPIC_INSTALLED)) {
                installedEvent = e;
                break;
            }
        }
        assertNotNull("an INSTALLED event through Event Admin", installedEvent);
        assertEquals("it", installedEvent.getProperty(Installer.EVENT_APP));
        assertEquals("1.0.0", installedEvent.getProperty(Installer.EVENT_VERSION));
        assertEquals(AppDTO.Status.INSTALLED, app.status);
        Bundle installed = ctx.getBundle(app.artifacts[0].bundleId);
        assertEquals(Bundle.ACTIVE, installed.getState());
        assertTrue(installed.getLocation().startsWith(Installer.LOCATION_PREFIX));

        // archives are unpacked inside the framework too (Commons Compress and Commons IO as bundles)
        byte[] lib = Fixtures.bundle("com.acme.it.lib", "1.0.0").bytes();
        AppDTO tgz = installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "t.tar.gz",
                Fixtures.tarGz(Fixtures.Entry.file("lib/a.jar", lib)))).app("tgz").version("1.0.0"));
        assertEquals(Bundle.ACTIVE, ctx.getBundle(tgz.artifacts[0].bundleId).getState());
        installer.uninstall("tgz");
        AppDTO zip = installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "z.zip",
                Fixtures.zip(Fixtures.Entry.file("lib/a.jar", lib)))).app("zip").version("1.0.0"));
        assertEquals(Bundle.ACTIVE, ctx.getBundle(zip.artifacts[0].bundleId).getState());
        try {
            installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "bad.tar.gz",
                    Fixtures.tarGz(Fixtures.Entry.file("../x.jar", lib)))).app("bad").version("1.0.0"));
            throw new AssertionError("expected UNSAFE_ARCHIVE_ENTRY");
        } catch (InstallException e) {
            assertEquals(InstallException.Reason.UNSAFE_ARCHIVE_ENTRY, e.reason());
        }

        // with the engine running, the health gate sees the app's plugins: a healthy plugin passes,
        // an invalid registration (priority 500) fails the gate and the install is rolled back
        PluginAdmin admin = await(ctx, PluginAdmin.class);
        AppDTO plugin = installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "p.jar",
                plugin("com.acme.plugin.ok", "ok-plugin", 10))).app("plugin"));
        assertEquals("com.acme.plugin.ok", admin.plugin("ok-plugin").orElseThrow().bundle);
        try {
            installer.install(InstallRequest.path(Fixtures.write(tmp.getRoot().toPath(), "sick.jar",
                    plugin("com.acme.plugin.sick", "sick-plugin", 500))).app("sick"));
            throw new AssertionError("expected HEALTH_CHECK_FAILED");
        } catch (InstallException e) {
            assertEquals(InstallException.Reason.HEALTH_CHECK_FAILED, e.reason());
            assertEquals("app sick failed its health gate: plugin sick-plugin (bundle com.acme.plugin.sick) FAILED: "
                    + "hookline.priority 500 is outside 0..100", e.getMessage());
        }
        assertTrue(installer.get("sick").isEmpty());
        for (Bundle b : ctx.getBundles()) {
            assertTrue("sick bundle rolled back", !"com.acme.plugin.sick".equals(b.getSymbolicName()));
        }
        // uninstall unregisters the app's plugins before its bundle goes: no record left behind
        installer.uninstall(plugin.app);
        assertTrue("plugin forgotten", admin.plugin("ok-plugin").isEmpty());

        // the whole framework again, cache wiped: the runtime bundles are reinstalled, config re-applied,
        // and the installer's replay brings the app back from the extensions folder
        stop();
        BundleContext again = boot(true);
        configure(again);
        Installer replaying = installer(again);
        Bundle back = poll("replayed bundle", () -> {
            for (Bundle b : again.getBundles()) {
                if ("com.acme.it".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                    return b;
                }
            }
            return null;
        });
        AppDTO replayed = poll("replayed record", () -> replaying.get("it")
                .filter(a -> a.artifacts[0].bundleId == back.getBundleId()).orElse(null));
        assertEquals(app.id, replayed.id);
    }

    /** "package;version=x" as the manifest of the jar (or classes folder) holding {@code c} exports it. */
    static String exported(Class<?> c) {
        String pkg = c.getPackageName();
        try {
            java.nio.file.Path where = java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            java.util.jar.Manifest mf;
            if (java.nio.file.Files.isDirectory(where)) {
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(where.resolve("META-INF/MANIFEST.MF"))) {
                    mf = new java.util.jar.Manifest(in);
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(where.toFile())) {
                    mf = jar.getManifest();
                }
            }
            String exports = mf.getMainAttributes().getValue("Export-Package");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)" + java.util.regex.Pattern.quote(pkg)
                    + ";(?:[^,\"]|\"[^\"]*\")*?version=\"?([0-9.]+)").matcher(exports == null ? "" : exports);
            if (!m.find()) {
                throw new AssertionError(where + " does not export " + pkg + ": " + exports);
            }
            return pkg + ";version=" + m.group(1);
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new AssertionError("cannot read the manifest exporting " + pkg, e);
        }
    }
}
