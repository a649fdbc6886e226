package io.hookline.installer.internal.deploy;

import java.nio.file.Path;

/**
 * A verified bundle jar waiting in a staging folder.
 *
 * @param file the jar
 * @param symbolicName its {@code Bundle-SymbolicName} without directives
 * @param bundleVersion its {@code Bundle-Version} (normalised by {@link org.osgi.framework.Version})
 * @param fragment true if it has a {@code Fragment-Host} (fragments are resolved, never started)
 * @param sha256 its sha256, lower-case hex
 * @param size its size in bytes
 */
public record StagedBundle(Path file, String symbolicName, String bundleVersion, boolean fragment, String sha256, long size) {

    /** @return the file name it gets in the app's folder: {@code <symbolic name>_<version>.jar} */
    public String storedFileName() {
        return symbolicName + "_" + bundleVersion + ".jar";
    }
}
