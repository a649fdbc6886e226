package io.hookline.installer.internal.deploy;

import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.InstallerSettings;
import io.hookline.installer.internal.fetch.ArchiveUnpacker;
import io.hookline.installer.internal.fetch.ArtifactFetcher;
import io.hookline.installer.internal.fetch.ArtifactKind;
import io.hookline.installer.internal.fetch.FetchedFile;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.Installer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Turns a request into a {@link StagedApp}: fetch ({@link ArtifactFetcher}), unpack an archive
 * ({@link ArchiveUnpacker}), check every jar is a bundle ({@link BundleInspector}), work out the
 * app's name and version (request, then the archive's {@value #DESCRIPTOR}, then the single jar's
 * headers and the source's version hint) and refuse protected names. Touches nothing outside its
 * staging folder, so the same code serves {@code install} and {@code plan}. Threading: stateless
 * apart from immutable settings.
 */
public final class AppStager {

    /** The optional app descriptor at the root of an archive: {@code name=} and {@code version=}. */
    public static final String DESCRIPTOR = "hookline-app.properties";
    public static final Pattern APP_NAME = Pattern.compile(Installer.APP_NAME_PATTERN);

    private final InstallerSettings settings;
    private final ArtifactFetcher fetcher;
    private final ArchiveUnpacker unpacker;
    private final ProtectionRules protection;
    private final JarSignatures signatures;

    /** A stager with the fixed protection rules only (no framework to read protected exports from). */
    public AppStager(InstallerSettings settings) {
        this(settings, null);
    }

    /**
     * @param settings the configuration
     * @param context the framework whose protected bundles' packages and capabilities no app may provide
     */
    public AppStager(InstallerSettings settings, org.osgi.framework.BundleContext context) {
        this.settings = settings;
        this.fetcher = new ArtifactFetcher(settings);
        this.unpacker = new ArchiveUnpacker(settings);
        this.protection = new ProtectionRules(settings, context);
        this.signatures = new JarSignatures(settings);
    }

    /**
     * @param request the request
     * @param stagingDir an existing empty folder owned by this operation
     * @return the staged app
     * @throws InstallException on any refusal; the caller deletes {@code stagingDir}
     */
    public StagedApp stage(InstallRequest request, Path stagingDir) {
        // every field is checked before any request leaves the machine
        if (request.app() != null) {
            checkAppName(request.app(), settings);
        }
        if (request.version() != null) {
            AppVersion.parse(request.version());
        }
        fetcher.check(request);
        FetchedFile fetched = fetcher.fetch(request, stagingDir);
        ArtifactKind kind = ArtifactKind.of(fetched.name());
        if (kind == null) {
            throw new InstallException(UNSUPPORTED_ARTIFACT, "'" + fetched.name() + "' is not a .jar, .zip or .tar.gz");
        }
        List<StagedBundle> bundles = new ArrayList<>();
        Map<String, String> descriptor = Map.of();
        if (kind == ArtifactKind.JAR) {
            bundles.add(BundleInspector.inspect(fetched.file(), fetched.name(), fetched.sha256(), signatures));
        } else {
            Path unpacked = stagingDir.resolve("unpacked");
            try {
                Files.createDirectory(unpacked);
            } catch (IOException e) {
                throw new InstallException(IO_ERROR, "cannot create " + unpacked + ": " + e.getMessage(), e);
            }
            List<Path> files = unpacker.unpack(fetched.file(), kind, unpacked, fetched.name());
            Path root = unpacked.toAbsolutePath().normalize();
            for (Path f : files) {
                String rel = root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
                if (rel.equals(DESCRIPTOR)) {
                    descriptor = readDescriptor(f, fetched.name());
                } else if (rel.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                    bundles.add(BundleInspector.inspect(f, fetched.name() + "!/" + rel, null, signatures));
                }
            }
            if (bundles.isEmpty()) {
                throw new InstallException(NO_BUNDLES, "archive " + fetched.name() + " holds no .jar");
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (StagedBundle b : bundles) {
            String before = seen.put(b.symbolicName(), b.file().getFileName().toString());
            if (before != null) {
                throw new InstallException(DUPLICATE_BUNDLE, "archive " + fetched.name() + " holds two bundles named "
                        + b.symbolicName() + " (" + before + ", " + b.file().getFileName() + ")");
            }
        }
        protection.check(bundles);
        String name = appName(request, descriptor, bundles, fetched);
        AppVersion version = appVersion(request, descriptor, bundles, fetched);
        return new StagedApp(name, version, fetched, List.copyOf(bundles), stagingDir);
    }

    private String appName(InstallRequest request, Map<String, String> descriptor, List<StagedBundle> bundles,
            FetchedFile fetched) {
        String described = descriptor.get("name");
        if (described != null && request.app() != null && !described.equals(request.app())) {
            throw new InstallException(APP_MISMATCH, "request names app " + request.app() + " but " + fetched.name()
                    + " describes app " + described);
        }
        String name = request.app() != null ? request.app() : described;
        if (name == null && bundles.size() == 1) {
            name = bundles.get(0).symbolicName().toLowerCase(Locale.ROOT);
        }
        if (name == null) {
            throw new InstallException(INVALID_REQUEST, "cannot tell the app name of " + fetched.name()
                    + ": name it in the request or in " + DESCRIPTOR);
        }
        checkAppName(name, settings);
        return name;
    }

    private static AppVersion appVersion(InstallRequest request, Map<String, String> descriptor,
            List<StagedBundle> bundles, FetchedFile fetched) {
        if (request.version() != null) {
            return AppVersion.parse(request.version());
        }
        if (descriptor.get("version") != null) {
            return AppVersion.parse(descriptor.get("version"));
        }
        if (fetched.versionHint() != null) {
            return AppVersion.parse(fetched.versionHint());
        }
        if (bundles.size() == 1) {
            return AppVersion.fromOsgi(bundles.get(0).bundleVersion());
        }
        throw new InstallException(INVALID_REQUEST, "cannot tell the version of " + fetched.name()
                + ": give it in the request or in " + DESCRIPTOR);
    }

    /**
     * @param name an app name
     * @param settings for the protected names
     * @throws InstallException {@code INVALID_APP_NAME} or {@code PROTECTED_BUNDLE}
     */
    public static void checkAppName(String name, InstallerSettings settings) {
        if (!APP_NAME.matcher(name).matches()) {
            throw new InstallException(INVALID_APP_NAME, "app name '" + name + "' does not match "
                    + Installer.APP_NAME_PATTERN);
        }
        for (String p : InstallerSettings.PROTECTED_APPS) {
            if (InstallerSettings.globMatches(p, name)) {
                throw new InstallException(PROTECTED_BUNDLE, "app name " + name + " is protected (pattern " + p + ")");
            }
        }
        String pattern = settings.protectingPattern(name);
        if (pattern != null) {
            throw new InstallException(PROTECTED_BUNDLE, "app name " + name + " is protected (pattern " + pattern + ")");
        }
    }

    private static Map<String, String> readDescriptor(Path file, String archive) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > 64 * 1024) {
                throw new InstallException(CORRUPT_ARCHIVE, DESCRIPTOR + " in " + archive + " is larger than 64 KiB");
            }
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new InstallException(CORRUPT_ARCHIVE, DESCRIPTOR + " in " + archive + " cannot be parsed: "
                    + e.getMessage());
        }
        Map<String, String> m = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k).trim());
        }
        return m;
    }
}
