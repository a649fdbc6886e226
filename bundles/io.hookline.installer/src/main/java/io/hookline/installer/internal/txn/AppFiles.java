package io.hookline.installer.internal.txn;

import static io.hookline.installer.InstallException.Reason.ARTIFACT_TAMPERED;
import static io.hookline.installer.InstallException.Reason.IO_ERROR;

import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.internal.deploy.BundleInspector;
import io.hookline.installer.internal.deploy.StagedBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The extensions folder: {@code <extensions>/<app>/<version>~<txid>/} holds one version's jars
 * beside a {@value #MARKER} file naming app and txid, and {@code <extensions>/.staging/<txid>/}
 * holds an operation's downloads. Why a marker: the folder may be pointed at a directory that
 * holds other things, so cleanup only ever deletes version folders that carry the marker (and a
 * staging folder named by a txid), then app folders left empty; nothing else is touched. Every
 * install or update from a stored file goes through {@link #verified}, which re-hashes it against
 * the record. Threading: stateless apart from the root; callers hold the app's lock.
 */
public final class AppFiles {

    /** Marks a version folder as Hookline's. */
    public static final String MARKER = ".hookline-version";

    private static final System.Logger LOG = System.getLogger(AppFiles.class.getName());
    private static final Pattern TXID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path root;

    /** @param root the extensions folder (absolute, normalised) */
    public AppFiles(Path root) {
        this.root = root;
    }

    /** @return the extensions folder */
    public Path root() {
        return root;
    }

    /** @return the staging folder, inside the extensions folder so that moves are renames */
    public Path stagingRoot() {
        return root.resolve(".staging");
    }

    /** @return the folder of one app version */
    public Path versionDir(String app, String dirName) {
        return root.resolve(app).resolve(dirName);
    }

    /** @return the folder name of a version stored by an operation */
    public static String dirName(String version, String txid) {
        return version + "~" + txid;
    }

    /**
     * Creates {@code .staging/<txid>}.
     *
     * @throws InstallException {@code IO_ERROR}
     */
    public Path createStaging(String txid) {
        Path dir = stagingRoot().resolve(txid);
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot create staging folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the verified staged jars into a new, marked version folder.
     *
     * @return the stored files, in the order of {@code bundles}
     * @throws InstallException {@code IO_ERROR}; the new folder is removed
     */
    public List<Path> store(String app, String dirName, String txid, List<StagedBundle> bundles) {
        Path dir = versionDir(app, dirName);
        List<Path> stored = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "app=" + app + "\ntxid=" + txid + "\n", StandardCharsets.UTF_8);
            for (StagedBundle b : bundles) {
                stored.add(Files.move(b.file(), dir.resolve(b.storedFileName()), StandardCopyOption.ATOMIC_MOVE));
            }
            return stored;
        } catch (IOException e) {
            deleteVersion(app, dirName);
            throw new InstallException(IO_ERROR, "cannot store the files of app " + app + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The stored file of an artifact, after checking its sha256 against the record.
     *
     * @throws InstallException {@code ARTIFACT_TAMPERED} if it differs, {@code IO_ERROR} if it is
     *     missing or unreadable
     */
    public Path verified(String app, String dirName, ArtifactDTO artifact) {
        Path file = versionDir(app, dirName).resolve(artifact.file);
        String sha;
        try {
            sha = BundleInspector.sha256(file);
        } catch (NoSuchFileException e) {
            throw new InstallException(IO_ERROR, "stored artifact " + file + " of app " + app + " is missing");
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot read stored artifact " + file + ": " + e.getMessage(), e);
        }
        if (!sha.equals(artifact.sha256)) {
            throw new InstallException(ARTIFACT_TAMPERED, "stored artifact " + file + " of app " + app
                    + " has sha256 " + sha + ", recorded " + artifact.sha256);
        }
        return file;
    }

    /**
     * Deletes one version folder if it is Hookline's (or empty), then the app folder if that left
     * it empty.
     */
    public void deleteVersion(String app, String dirName) {
        Path dir = versionDir(app, dirName);
        if (isOurs(dir)) {
            deleteTreeQuietly(dir);
            deleteIfEmpty(root.resolve(app));
        }
    }

    /**
     * Deletes the app's marked version folders other than {@code keep} (null: all of them), then the
     * app folder if that left it empty. Why only then: a folder Hookline emptied nothing in (an
     * operator's empty directory, a mount point) is not Hookline's to remove.
     */
    public void deleteOtherVersions(String app, String keep) {
        Path appDir = root.resolve(app);
        if (!Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean deleted = false;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(appDir)) {
            for (Path v : versions) {
                if (!v.getFileName().toString().equals(keep) && isOurs(v)) {
                    deleteTreeQuietly(v);
                    deleted = true;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + appDir, e);
        }
        if (deleted) {
            deleteIfEmpty(appDir);
        }
    }

    /**
     * Recovery's sweep: deletes staging folders named by a txid, and the marked version folders of
     * apps that {@code keep} does not account for; an app with a record keeps only its recorded
     * folder. Anything unmarked stays.
     *
     * @param recorded app name to the folder its record names
     * @param skip apps not to touch (journals still open)
     */
    public void sweep(java.util.Map<String, String> recorded, Set<String> skip) {
        Path staging = stagingRoot();
        if (Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> txs = Files.newDirectoryStream(staging)) {
                for (Path tx : txs) {
                    if (TXID.matcher(tx.getFileName().toString()).matches()) {
                        deleteTreeQuietly(tx);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list " + staging, e);
            }
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> apps = Files.newDirectoryStream(root)) {
            for (Path appDir : apps) {
                String app = appDir.getFileName().toString();
                if (app.startsWith(".") || skip.contains(app) || !Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                deleteOtherVersions(app, recorded.get(app));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + root, e);
        }
    }

    /** @return true for a real (not linked) folder holding Hookline's marker, or an empty {@code version~txid} folder */
    private static boolean isOurs(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        // a crash between creating the folder and writing the marker leaves it empty
        String name = dir.getFileName().toString();
        int tilde = name.lastIndexOf('~');
        if (tilde > 0 && TXID.matcher(name.substring(tilde + 1)).matches()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                return !s.iterator().hasNext();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // holds another version or someone else's files
        }
    }

    /** Deletes a tree without following links; failures are logged. */
    public static void deleteTreeQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + root, e);
        }
    }
}
