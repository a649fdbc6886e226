package io.hookline.installer.internal.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * A verified bundle jar waiting in a staging folder.
 *
 * @param file the jar
 * @param symbolicName its {@code Bundle-SymbolicName} without directives
 * @param bundleVersion its {@code Bundle-Version} (normalised by {@link org.osgi.framework.Version})
 * @param fragment true if it has a {@code Fragment-Host} (fragments are resolved, never started)
 * @param sha256 its sha256, lower-case hex
 * @param size its size in bytes
 * @param fragmentHost the {@code Fragment-Host} symbolic name, or null
 * @param extension the {@code extension:=} directive of its {@code Fragment-Host}, or null
 * @param exports the packages of its {@code Export-Package}
 * @param capabilities its {@code Provide-Capability} entries as {@code namespace=name} (the
 *     attribute named like the namespace), those without such an attribute as {@code namespace}
 * @param signer who signed it ({@link JarSignatures#describe}), "" if unsigned or not checked
 */
public record StagedBundle(Path file, String symbolicName, String bundleVersion, boolean fragment, String sha256,
        long size, String fragmentHost, String extension, List<String> exports, List<String> capabilities,
        String signer) {

    /** @return the file name it gets in the app's folder: {@code <symbolic name>_<version>.jar} */
    public String storedFileName() {
        return symbolicName + "_" + bundleVersion + ".jar";
    }
}
