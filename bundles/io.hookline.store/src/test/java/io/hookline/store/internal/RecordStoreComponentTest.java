package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

public class RecordStoreComponentTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void defaultsToTheKarafBaseOutsideTheDataFolderThatCleanWipes() {
        Path karafBase = tmp.getRoot().toPath().resolve("karaf-base");
        BundleContext context = context(karafBase.toString(), null);
        RecordStoreComponent component = new RecordStoreComponent(context, config("", false));
        component.put("plugins", "audit", Map.of("v", "1"));
        String node = component.nodeId();
        component.deactivate();
        Path expected = karafBase.resolve("hookline/hookline.mv.db");
        assertTrue(Files.isRegularFile(expected));
        assertEquals(expected, RecordStoreComponent.storeFile(context, ""));
        assertEquals("record store is closed",
                assertThrows(IllegalStateException.class, () -> component.list("plugins")).getMessage());

        RecordStoreComponent again = new RecordStoreComponent(context, config(" ", true));
        try {
            assertEquals(node, again.nodeId());
            assertEquals(List.of("plugins"), again.collections());
            assertEquals("1", again.get("plugins", "audit").orElseThrow().field("v"));
        } finally {
            again.deactivate();
        }
    }

    @Test
    public void fallsBackToTheBundleDataArea() {
        Path dataArea = tmp.getRoot().toPath().resolve("bundle-data");
        BundleContext context = context(null, dataArea.toFile());
        assertEquals(dataArea.resolve("hookline.mv.db"), RecordStoreComponent.storeFile(context, ""));
        assertEquals(dataArea.resolve("sub/x.mv.db"), RecordStoreComponent.storeFile(context, "sub/x.mv.db"));
        RecordStoreComponent component = new RecordStoreComponent(context, config("", false));
        component.deactivate();
        assertTrue(Files.isRegularFile(dataArea.resolve("hookline.mv.db")));
    }

    @Test
    public void usesAnAbsolutePathAsIsAndResolvesARelativeOne() {
        Path absolute = tmp.getRoot().toPath().resolve("elsewhere/store.mv.db");
        BundleContext context = context("/opt/karaf", null);
        assertEquals(absolute, RecordStoreComponent.storeFile(context, absolute.toString()));
        assertEquals(Path.of("/opt/karaf/hookline/custom.mv.db"), RecordStoreComponent.storeFile(context, "custom.mv.db"));
        RecordStoreComponent component = new RecordStoreComponent(context, config(absolute.toString(), false));
        component.deactivate();
        assertTrue(Files.isRegularFile(absolute));
    }

    @Test
    public void failsClearlyWithoutAnyPlace() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RecordStoreComponent(context(null, null), config("", false)));
        assertEquals("cannot place the record store: io.hookline.store path is not absolute, karaf.base is not set"
                + " and the framework has no persistent data area for this bundle", e.getMessage());
    }

    private static BundleContext context(String karafBase, File dataArea) {
        return (BundleContext) Proxy.newProxyInstance(RecordStoreComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return "karaf.base".equals(args[0]) ? karafBase : null;
                        case "getDataFile":
                            return dataArea == null ? null : new File(dataArea, (String) args[0]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static RecordStoreComponent.Config config(String path, boolean sync) {
        return (RecordStoreComponent.Config) Proxy.newProxyInstance(RecordStoreComponentTest.class.getClassLoader(),
                new Class<?>[] {RecordStoreComponent.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "path":
                            return path;
                        case "sync":
                            return sync;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
