package io.hookline.installer.internal.deploy;

import io.hookline.installer.internal.fetch.ArtifactFetcher;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Checks that a jar is an OSGi bundle before the framework sees it: readable as a zip, a parseable
 * manifest, {@code Bundle-ManifestVersion: 2}, a well-formed {@code Bundle-SymbolicName} and
 * {@code Bundle-Version}; computes its sha256. Why here rather than letting
 * {@code installBundle} fail: the refusal then names the jar and the missing header, and happens
 * before anything in the framework changes. Threading: stateless.
 */
public final class BundleInspector {

    /** The largest manifest (inflated) a bundle may have. */
    public static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    private static final Pattern SYMBOLIC_NAME = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");

    private BundleInspector() {
    }

    /**
     * @param jar the jar file
     * @param label how to name it in messages (the archive entry or the fetched file name)
     * @return what it is
     * @throws InstallException {@code CORRUPT_JAR} or {@code NOT_A_BUNDLE}, naming the jar and why
     */
    public static StagedBundle inspect(Path jar, String label) {
        return inspect(jar, label, null, null);
    }

    /**
     * @param jar the jar file
     * @param label how to name it in messages
     * @param knownSha256 its sha256 if already computed while fetching, else null
     * @param signatures the signature policy to apply, or null for none
     * @return what it is
     */
    public static StagedBundle inspect(Path jar, String label, String knownSha256, JarSignatures signatures) {
        Manifest manifest = readManifest(jar, label);
        if (manifest == null) {
            throw new InstallException(NOT_A_BUNDLE, "jar " + label + " has no META-INF/MANIFEST.MF");
        }
        Attributes main = manifest.getMainAttributes();
        String bsnHeader = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw new InstallException(NOT_A_BUNDLE, "jar " + label + " is not an OSGi bundle: no Bundle-SymbolicName");
        }
        String manifestVersion = main.getValue(Constants.BUNDLE_MANIFESTVERSION);
        if (!"2".equals(manifestVersion == null ? null : manifestVersion.trim())) {
            throw new InstallException(NOT_A_BUNDLE, "jar " + label + " is not an OSGi R4+ bundle: Bundle-ManifestVersion is "
                    + (manifestVersion == null ? "missing" : "'" + manifestVersion + "'") + ", expected 2");
        }
        String bsn = bsnHeader.split(";", 2)[0].trim();
        if (!SYMBOLIC_NAME.matcher(bsn).matches()) {
            throw new InstallException(NOT_A_BUNDLE, "jar " + label + " has an invalid Bundle-SymbolicName '" + bsn + "'");
        }
        Version version;
        try {
            String v = main.getValue(Constants.BUNDLE_VERSION);
            version = v == null ? Version.emptyVersion : Version.parseVersion(v.trim());
        } catch (IllegalArgumentException e) {
            throw new InstallException(CORRUPT_JAR, "jar " + label + " has an invalid Bundle-Version: " + e.getMessage());
        }
        boolean fragment = main.getValue(Constants.FRAGMENT_HOST) != null;
        String host = null;
        String extension = null;
        if (fragment) {
            List<ManifestClauses.Clause> hosts = ManifestClauses.parse(main.getValue(Constants.FRAGMENT_HOST));
            if (hosts.size() != 1 || hosts.get(0).paths().size() != 1) {
                throw new InstallException(NOT_A_BUNDLE, "jar " + label + " has an invalid Fragment-Host '"
                        + main.getValue(Constants.FRAGMENT_HOST) + "'");
            }
            host = hosts.get(0).paths().get(0);
            extension = hosts.get(0).directives().get(Constants.EXTENSION_DIRECTIVE);
        }
        List<String> exports = new ArrayList<>();
        for (ManifestClauses.Clause c : ManifestClauses.parse(main.getValue(Constants.EXPORT_PACKAGE))) {
            exports.addAll(c.paths());
        }
        List<String> capabilities = new ArrayList<>();
        for (ManifestClauses.Clause c : ManifestClauses.parse(main.getValue(Constants.PROVIDE_CAPABILITY))) {
            for (String ns : c.paths()) {
                String name = c.attributes().get(ns);
                if (name == null) {
                    capabilities.add(ns);
                    continue;
                }
                // a List<String> value matches (ns=x) in the resolver when any element is x: check each
                // element; a plain string with a comma is checked in pieces too, stricter than needed
                capabilities.add(ns + "=" + name);
                for (String element : name.split(",")) {
                    if (!element.trim().equals(name)) {
                        capabilities.add(ns + "=" + element.trim());
                    }
                }
            }
        }
        String signer = signatures == null ? "" : signatures.verify(jar, label);
        try {
            return new StagedBundle(jar, bsn, version.toString(), fragment, knownSha256 != null ? knownSha256 : sha256(jar),
                    Files.size(jar), host, extension, List.copyOf(exports), List.copyOf(capabilities), signer);
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot read " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the manifest through a capped stream: a manifest that inflates to hundreds of
     * megabytes is refused at {@value #MAX_MANIFEST_BYTES} bytes, before {@link JarFile} (which
     * would hold it all) ever sees it.
     */
    static Manifest readManifest(Path jar, String label) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(JarFile.MANIFEST_NAME);
            if (entry == null) {
                var all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry e = all.nextElement();
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        entry = e;
                        break;
                    }
                }
            }
            if (entry == null) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new InstallException(CORRUPT_JAR, "jar " + label + " has a manifest larger than "
                        + MAX_MANIFEST_BYTES + " bytes");
            }
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (InstallException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InstallException(CORRUPT_JAR, "jar " + label + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a file
     * @return its sha256, lower-case hex
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = ArtifactFetcher.sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
