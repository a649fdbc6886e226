package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Where the configured {@code extensions.folder} lands, read through a real Felix's properties as
 * the component reads them. A relative folder is resolved as the store's relative {@code path}
 * is ({@code ${karaf.base}/hookline}, else the bundle's data area), never against the working
 * directory of whoever started Karaf: that one changes between starts (a shell, systemd), and
 * with it the folder the records' files are looked for in.
 */
public class ExtensionsFolderIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FelixFramework felix;

    @After
    public void stop() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    private Path folder(String configured, boolean karaf) throws Exception {
        Path base = tmp.getRoot().toPath().resolve("karaf");
        felix = new FelixFramework(tmp.getRoot().toPath().resolve("cache"), true,
                karaf ? Map.of("karaf.base", base.toString()) : Map.of());
        return InstallerComponent.settings(felix.context(), config(configured)).extensionsDir;
    }

    @Test
    public void relativeFolderIsUnderKarafBaseNotTheWorkingDirectory() throws Exception {
        assertEquals(tmp.getRoot().toPath().resolve("karaf").resolve("hookline").resolve("apps"), folder("apps", true));
    }

    @Test
    public void relativeFolderWithDotsIsNormalised() throws Exception {
        assertEquals(tmp.getRoot().toPath().resolve("karaf").resolve("shared-apps"), folder("../shared-apps", true));
    }

    @Test
    public void relativeFolderOutsideKarafIsInTheDataArea() throws Exception {
        Path resolved = folder("apps", false);
        assertEquals(felix.context().getDataFile("apps").toPath().toAbsolutePath().normalize(), resolved);
    }

    @Test
    public void absoluteAndDefaultFoldersAreUnchanged() throws Exception {
        Path elsewhere = tmp.getRoot().toPath().resolve("elsewhere").toAbsolutePath();
        assertEquals(elsewhere, folder(" " + elsewhere + " ", true));
        felix.close();
        felix = null;
        assertEquals(tmp.getRoot().toPath().resolve("karaf").resolve("hookline").resolve("extensions"), folder("", true));
    }

    /** The component's typed configuration: every attribute at its default but the folder. */
    private static InstallerComponent.Config config(String folder) {
        return (InstallerComponent.Config) Proxy.newProxyInstance(InstallerComponent.Config.class.getClassLoader(),
                new Class<?>[] {InstallerComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("extensions_folder")) {
                        return folder;
                    }
                    if (method.getName().equals("annotationType")) {
                        return InstallerComponent.Config.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
