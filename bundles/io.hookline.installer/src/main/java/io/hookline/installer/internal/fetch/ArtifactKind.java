package io.hookline.installer.internal.fetch;

import java.util.Locale;

/** The artifact formats the installer accepts, by file name. */
public enum ArtifactKind {
    JAR(".jar"),
    ZIP(".zip"),
    TAR_GZ(".tar.gz");

    public final String extension;

    ArtifactKind(String extension) {
        this.extension = extension;
    }

    /**
     * @param fileName a file name
     * @return its kind, or null if unsupported ({@code .tgz} counts as {@code .tar.gz})
     */
    public static ArtifactKind of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".jar")) {
            return JAR;
        }
        if (n.endsWith(".zip")) {
            return ZIP;
        }
        if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
            return TAR_GZ;
        }
        return null;
    }
}
