package io.hookline.installer.internal.reconcile;

import static io.hookline.installer.InstallException.Reason.CHECKSUM_MISMATCH;
import static io.hookline.installer.InstallException.Reason.DOWNLOAD_TOO_LARGE;
import static io.hookline.installer.InstallException.Reason.INVALID_REQUEST;
import static io.hookline.installer.InstallException.Reason.IO_ERROR;
import static io.hookline.installer.InstallException.Reason.SOURCE_NOT_FOUND;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.InstallerSettings;
import io.hookline.installer.internal.deploy.AppStager;
import io.hookline.installer.internal.deploy.BundleInspector;
import io.hookline.installer.internal.deploy.JarSignatures;
import io.hookline.installer.internal.deploy.ProtectionRules;
import io.hookline.installer.internal.deploy.StagedApp;
import io.hookline.installer.internal.deploy.StagedBundle;
import io.hookline.installer.internal.txn.AppFiles;
import io.hookline.installer.internal.txn.ForeignArtifacts;
import io.hookline.installer.internal.txn.InstallRecords;
import io.hookline.installer.internal.txn.InstallRecords.InstalledApp;
import io.hookline.installer.spi.ArtifactSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;

/**
 * Obtains the jars a foreign record names and this node lacks, by sha256, and admits them only
 * after this node's own checks. Order: (1) a local copy (another version folder or another record
 * naming the same digest); (2) the registered {@link ArtifactSource}s, i.e. the cluster's peers;
 * (3) the origin, re-fetched through the ordinary stager (host allowlist, pins, limits) with the
 * record's sha256 as pin. Why peers before the origin: the record pins every jar's sha256, so
 * where the bytes come from cannot change what is installed; peers are inside the cluster (no
 * egress, no allowlist entry for the origin on every node, no third-party rate limit), deliver
 * exactly the jars (an archive origin would be downloaded and unpacked whole), and still hold the
 * bytes when the origin has moved or vanished (a GitHub asset re-uploaded fails its pin). The
 * origin is last, for a cluster where no member kept the files. A {@code path} source is never
 * read on another node's word.
 *
 * <p>Every admitted jar is then checked as a download is: it must be a bundle, hash to the
 * record's digest, carry the symbolic name and file name the record says, pass this node's
 * signature policy, and, with the app's other jars, its protected-bundle rules. Only then are the
 * jars moved into the record's version folder. The record's names are another node's input, so
 * the app name, folder name and file names are validated before any path is built from them.
 * Threading: called under the app's lock; stateless apart from immutable parts and the sources
 * supplier, read per call.
 */
public final class ArtifactMaterializer implements ForeignArtifacts {

    private static final System.Logger LOG = System.getLogger(ArtifactMaterializer.class.getName());
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TXID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}\\.jar");

    private final InstallerSettings settings;
    private final AppFiles files;
    private final InstallRecords records;
    private final AppStager stager;
    private final JarSignatures signatures;
    private final ProtectionRules protection;
    private final Supplier<List<ArtifactSource>> sources;

    public ArtifactMaterializer(InstallerSettings settings, InstallRecords records, BundleContext context,
            Supplier<List<ArtifactSource>> sources) {
        this.settings = settings;
        this.files = new AppFiles(settings.extensionsDir);
        this.records = records;
        this.stager = new AppStager(settings, context);
        this.signatures = new JarSignatures(settings);
        this.protection = new ProtectionRules(settings, context);
        this.sources = sources;
    }

    @Override
    public void ensure(InstalledApp recorded) {
        AppDTO dto = recorded.dto();
        validate(recorded);
        Path dir = files.versionDir(dto.app, recorded.dir());
        List<ArtifactDTO> missing = new ArrayList<>();
        for (ArtifactDTO a : dto.artifacts) {
            if (!matches(dir.resolve(a.file), a.sha256)) {
                missing.add(a);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Path staging = files.createStaging(UUID.randomUUID().toString());
        try {
            Map<ArtifactDTO, Path> got = new LinkedHashMap<>();
            List<String> errors = new ArrayList<>();
            for (ArtifactDTO a : missing) {
                Path target = staging.resolve(a.file);
                if (fromLocalCopy(dto.app, a, target) || fromSources(dto.app, a, target, errors)) {
                    got.put(a, target);
                }
            }
            List<ArtifactDTO> still = missing.stream().filter(a -> !got.containsKey(a)).toList();
            if (!still.isEmpty()) {
                fromOrigin(dto, still, staging, got, errors);
            }
            for (ArtifactDTO a : missing) {
                if (!got.containsKey(a)) {
                    throw new InstallException(SOURCE_NOT_FOUND, "artifact " + a.file + " (sha256 " + a.sha256
                            + ") of app " + dto.app + " " + dto.version + " is not on this node and could not be had: "
                            + (errors.isEmpty() ? "no artifact source (cluster) is registered and the origin is not fetchable"
                                    : String.join("; ", errors)));
                }
            }
            List<StagedBundle> admitted = new ArrayList<>();
            List<StagedBundle> all = new ArrayList<>();
            for (ArtifactDTO a : dto.artifacts) {
                Path file = got.containsKey(a) ? got.get(a) : dir.resolve(a.file);
                StagedBundle b = BundleInspector.inspect(file, "artifact " + a.file + " of app " + dto.app, null, signatures);
                if (!b.sha256().equals(a.sha256)) {
                    throw new InstallException(CHECKSUM_MISMATCH, "artifact " + a.file + " of app " + dto.app
                            + " has sha256 " + b.sha256() + ", the record says " + a.sha256);
                }
                if (!b.symbolicName().equals(a.symbolicName) || !b.storedFileName().equals(a.file)) {
                    throw new InstallException(INVALID_REQUEST, "artifact " + a.file + " of app " + dto.app + " is bundle "
                            + b.symbolicName() + " " + b.bundleVersion() + ", the record says " + a.symbolicName + " "
                            + a.bundleVersion);
                }
                all.add(b);
                if (got.containsKey(a)) {
                    admitted.add(b);
                }
            }
            protection.check(all);
            files.store(dto.app, recorded.dir(), recorded.txid(), admitted);
            LOG.log(System.Logger.Level.INFO, "app " + dto.app + " " + dto.version + ": " + admitted.size()
                    + " artifact(s) obtained and verified");
        } finally {
            AppFiles.deleteTreeQuietly(staging);
        }
    }

    /** Refuses a record whose names could build a path outside its folder or break the installer's rules. */
    private void validate(InstalledApp recorded) {
        AppDTO dto = recorded.dto();
        AppStager.checkAppName(dto.app, settings);
        AppVersion.parse(dto.version);
        if (recorded.txid() == null || !TXID.matcher(recorded.txid()).matches()
                || !AppFiles.dirName(dto.version, recorded.txid()).equals(recorded.dir())) {
            throw new InstallException(INVALID_REQUEST, "the record of app " + dto.app + " names folder '"
                    + recorded.dir() + "', not <version>~<txid>");
        }
        for (ArtifactDTO a : dto.artifacts) {
            if (a.file == null || !JAR_NAME.matcher(a.file).matches() || a.file.contains("..")) {
                throw new InstallException(INVALID_REQUEST, "the record of app " + dto.app + " names artifact file '"
                        + a.file + "', not a plain .jar name");
            }
            if (a.sha256 == null || !SHA256.matcher(a.sha256).matches()) {
                throw new InstallException(INVALID_REQUEST, "the record of app " + dto.app + " gives artifact " + a.file
                        + " sha256 '" + a.sha256 + "', not 64 lower-case hex digits");
            }
            if (a.size > settings.maxDownloadBytes) {
                throw new InstallException(DOWNLOAD_TOO_LARGE, "artifact " + a.file + " of app " + dto.app + " is "
                        + a.size + " bytes, more than max.download.bytes = " + settings.maxDownloadBytes);
            }
        }
    }

    private static boolean matches(Path file, String sha256) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && BundleInspector.sha256(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    /** A copy already on this node: in a marked version folder of the app (an earlier version), or named by any record. */
    private boolean fromLocalCopy(String app, ArtifactDTO a, Path target) {
        List<Path> candidates = new ArrayList<>();
        Path appDir = files.root().resolve(app);
        if (Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(appDir)) {
                for (Path v : versions) {
                    if (Files.isRegularFile(v.resolve(AppFiles.MARKER), LinkOption.NOFOLLOW_LINKS)) {
                        candidates.add(v.resolve(a.file));
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot list " + appDir + ": " + e.getMessage());
            }
        }
        for (InstalledApp r : records.list()) {
            for (ArtifactDTO other : r.dto().artifacts) {
                if (a.sha256.equals(other.sha256) && other.file != null && JAR_NAME.matcher(other.file).matches()) {
                    candidates.add(files.versionDir(r.dto().app, r.dir()).resolve(other.file));
                }
            }
        }
        for (Path c : candidates) {
            if (matches(c, a.sha256)) {
                try {
                    Files.copy(c, target);
                    return true;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot copy " + c + ": " + e.getMessage());
                }
            }
        }
        return false;
    }

    private boolean fromSources(String app, ArtifactDTO a, Path target, List<String> errors) {
        for (ArtifactSource source : sources.get()) {
            try {
                if (source.fetch(a.sha256, settings.maxDownloadBytes, target)) {
                    if (matches(target, a.sha256) && Files.size(target) <= settings.maxDownloadBytes) {
                        return true;
                    }
                    errors.add(source.describe() + " delivered a file that does not hash to " + a.sha256);
                } else {
                    errors.add(source.describe() + ": no holder of " + a.sha256);
                }
            } catch (IOException | RuntimeException e) {
                errors.add(source.describe() + ": " + e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "fetching artifact " + a.file + " of app " + app + " from "
                        + source.describe() + " failed: " + e.getMessage());
            }
            deleteQuietly(target);
        }
        return false;
    }

    /** Fetches the app again from its recorded source, pinned to the recorded sha256, and picks the jars by digest. */
    private void fromOrigin(AppDTO dto, List<ArtifactDTO> wanted, Path staging, Map<ArtifactDTO, Path> got,
            List<String> errors) {
        Optional<InstallRequest> request = originRequest(dto);
        if (request.isEmpty()) {
            errors.add("origin: source '" + dto.sourceType + "' is not fetched on another node's record");
            return;
        }
        Path originStage = staging.resolve(".origin");
        try {
            Files.createDirectory(originStage);
            StagedApp staged = stager.stage(request.get(), originStage);
            for (ArtifactDTO a : wanted) {
                for (StagedBundle b : staged.bundles()) {
                    if (b.sha256().equals(a.sha256)) {
                        Path target = staging.resolve(a.file);
                        Files.copy(b.file(), target);
                        got.put(a, target);
                        break;
                    }
                }
                if (!got.containsKey(a)) {
                    errors.add("origin " + dto.source + " does not hold " + a.file + " (sha256 " + a.sha256 + ")");
                }
            }
        } catch (InstallException e) {
            errors.add("origin " + dto.source + ": " + e.describe());
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot stage the origin of app " + dto.app + ": " + e.getMessage(), e);
        }
    }

    /** The request the origin node made, as its record describes it ({@link InstallRequest#describeSource}). */
    static Optional<InstallRequest> originRequest(AppDTO dto) {
        if (dto.sourceType == null || dto.source == null || dto.sha256 == null || dto.sha256.isEmpty()) {
            return Optional.empty();
        }
        String prefix = dto.sourceType + " ";
        if (!dto.source.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = dto.source.substring(prefix.length());
        InstallRequest r;
        switch (dto.sourceType) {
            case "url" -> r = InstallRequest.url(rest);
            case "maven" -> r = InstallRequest.maven(rest);
            case "github_tag", "github_latest_release" -> {
                int space = rest.indexOf(' ');
                String repo = space < 0 ? rest : rest.substring(0, space);
                String asset = space < 0 ? null : rest.substring(space + 1);
                if (dto.sourceType.equals("github_latest_release")) {
                    r = InstallRequest.githubLatestRelease(repo, asset);
                } else {
                    int at = repo.indexOf('@');
                    if (at < 0) {
                        return Optional.empty();
                    }
                    r = InstallRequest.githubTag(repo.substring(0, at), repo.substring(at + 1), asset);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(r.app(dto.app).version(dto.version).sha256(dto.sha256).requestedBy("cluster"));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the staging folder is deleted whole afterwards
        }
    }
}
