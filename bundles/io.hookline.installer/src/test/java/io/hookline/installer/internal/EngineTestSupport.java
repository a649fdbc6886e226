package io.hookline.installer.internal;

import io.hookline.installer.internal.gate.HealthGate;
import io.hookline.installer.internal.gate.PluginCleanup;
import io.hookline.installer.internal.txn.InstallRecords;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import io.hookline.store.internal.MvRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;

/** A real Felix framework, a file-backed record store and an engine over them; restartable. */
public abstract class EngineTestSupport {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    protected Path root;
    protected Path extensions;
    protected Path cache;
    protected Path storeFile;
    protected FelixFramework felix;
    protected MvRecordStore store;
    protected InstallerEngine engine;
    protected HealthGate gate = HealthGate.NONE;
    protected PluginCleanup cleanup = PluginCleanup.NONE;
    /** The store the engine writes through: the real one with a switchable fault. */
    protected FaultyStore faults;
    private int jars;

    @Before
    public void startAll() throws Exception {
        root = tmp.getRoot().toPath();
        extensions = root.resolve("extensions");
        cache = root.resolve("cache");
        storeFile = root.resolve("store.mv.db");
        boot(true);
    }

    @After
    public void stopAll() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (felix != null) {
            felix.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Settings used by {@link #boot}; tests override to allow hosts etc. */
    protected InstallerSettings.Builder settings() {
        return InstallerSettings.builder(extensions);
    }

    /** Starts framework, store and engine, then recovers and replays, as an activation would. */
    protected void boot(boolean cleanCache) throws Exception {
        felix = new FelixFramework(cache, cleanCache);
        store = MvRecordStore.open(storeFile, false);
        faults = new FaultyStore(store);
        engine = new InstallerEngine(settings().build(), faults, felix.context(), () -> gate, () -> cleanup);
        prepare(engine);
        engine.recover();
        engine.replay();
    }

    /** Called on every new engine before its recovery and replay; tests attach listeners here. */
    protected void prepare(InstallerEngine fresh) {
    }

    /** Stops everything as a crash would leave it on disk (the store's writes are already committed), then boots. */
    protected void restart(boolean cleanCache) throws Exception {
        engine.close();
        felix.close();
        store.close();
        boot(cleanCache);
    }

    protected Path jar(Fixtures.BundleJar jar) throws IOException {
        return Fixtures.write(root.resolve("src"), "fixture-" + (jars++) + ".jar", jar.bytes());
    }

    protected Path writeFile(String name, byte[] bytes) throws IOException {
        return Fixtures.write(root.resolve("src"), name, bytes);
    }

    protected static Fixtures.BundleJar quiet(String bsn, String version) {
        return Fixtures.bundle(bsn, version).activator(io.hookline.installer.internal.fixture.QuietActivator.class);
    }

    protected List<Bundle> managed() {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : felix.context().getBundles()) {
            if (b.getLocation().startsWith(Installer.LOCATION_PREFIX)) {
                found.add(b);
            }
        }
        return found;
    }

    protected Bundle bundle(String bsn) {
        for (Bundle b : felix.context().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Every regular file under the extensions folder but Hookline's version markers. */
    protected List<Path> files() throws IOException {
        if (!Files.exists(extensions)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(extensions)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(io.hookline.installer.internal.txn.AppFiles.MARKER))
                    .toList();
        }
    }

    /** Nothing left: no managed bundle, no file, no record, no journal, staging empty. */
    protected void assertNothingLeft() throws IOException {
        assertEquals("managed bundles", List.of(), managed());
        assertEquals("files under " + extensions, List.of(), files());
        assertEquals("records", List.of(), store.list(InstallRecords.APPS));
        assertEquals("journals", List.of(), store.list(InstallRecords.JOURNALS));
        if (Files.exists(extensions)) {
            try (Stream<Path> s = Files.list(extensions)) {
                assertEquals("folders under " + extensions, List.of(), s.filter(p -> !p.getFileName().toString().equals(".staging")).toList());
            }
        }
    }

    /** Runs the install, expects the reason and exact message, then checks nothing was left behind. */
    protected InstallException assertRefused(InstallRequest request, InstallException.Reason reason, String message)
            throws IOException {
        return assertRefused(() -> engine.install(request), reason, e -> assertEquals(message, e.getMessage()));
    }

    protected InstallException assertRefused(Runnable action, InstallException.Reason reason,
            Consumer<InstallException> messageCheck) throws IOException {
        try {
            action.run();
            fail("expected " + reason);
            return null;
        } catch (InstallException e) {
            assertEquals(e.getMessage(), reason, e.reason());
            messageCheck.accept(e);
            assertNothingLeft();
            return e;
        }
    }

    protected static void assertStarted(Bundle b, String version) {
        assertTrue(b + " active", b.getState() == Bundle.ACTIVE);
        assertEquals(version, System.getProperty("hookline.fixture.started." + b.getSymbolicName()));
    }

    protected static void assertNotRunning(String bsn) {
        assertFalse(bsn + " running", System.getProperties().containsKey("hookline.fixture.started." + bsn));
    }
}
