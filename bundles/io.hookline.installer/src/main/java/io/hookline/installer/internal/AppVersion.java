package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.INVALID_VERSION;

import io.hookline.installer.InstallException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver 2.0: {@code MAJOR.MINOR.PATCH[-pre][+build]}) ordered by semver
 * precedence: pre-releases sort before their release, build metadata is ignored. An OSGi bundle
 * version's qualifier ({@code 1.2.3.qualifier}) maps to build metadata, so it never makes a bundle
 * "newer". Immutable.
 */
public record AppVersion(long major, long minor, long patch, String preRelease, String build) implements Comparable<AppVersion> {

    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");

    /**
     * @param text a semantic version
     * @return it parsed
     * @throws InstallException {@code INVALID_VERSION} naming the text
     */
    public static AppVersion parse(String text) {
        Matcher m = SEMVER.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InstallException(INVALID_VERSION, "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH)");
        }
        return new AppVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                m.group(4), m.group(5));
    }

    /**
     * @param osgi an OSGi version as {@link org.osgi.framework.Version#toString()} prints it
     * @return the semantic version it stands for
     */
    public static AppVersion fromOsgi(String osgi) {
        org.osgi.framework.Version v = org.osgi.framework.Version.parseVersion(osgi);
        String q = v.getQualifier().replaceAll("[^0-9A-Za-z-]", "-");
        return new AppVersion(v.getMajor(), v.getMinor(), v.getMicro(), null, q.isEmpty() ? null : q);
    }

    @Override
    public int compareTo(AppVersion o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease == null || o.preRelease == null) {
            return preRelease == null ? (o.preRelease == null ? 0 : 1) : -1;
        }
        String[] a = preRelease.split("\\."), b = o.preRelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean an = a[i].matches("\\d+"), bn = b[i].matches("\\d+");
            int d = an && bn ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
                    : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease != null ? "-" + preRelease : "")
                + (build != null ? "+" + build : "");
    }
}
