package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.*;
import static io.hookline.installer.internal.Fixtures.Entry.dir;
import static io.hookline.installer.internal.Fixtures.Entry.file;
import static io.hookline.installer.internal.Fixtures.Entry.special;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.fixture.ThrowingActivator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;

/**
 * Hostile inputs, each answered with its exact reason and message, and nothing left behind: no
 * managed bundle, no file under the extensions folder, no record, no journal. Served by real HTTP
 * and HTTPS servers on 127.0.0.1; fixtures are generated here.
 */
public class HostileInputIT extends EngineTestSupport {

    @ClassRule
    public static TemporaryFolder keys = new TemporaryFolder();

    private static LocalHttpServer http;
    private static LocalHttpsServer https;
    /** On no allowlist: every test that must not reach it checks it got no request. */
    private static LocalHttpServer other;
    /** Stands in for github.com ({@code github.hosts}). */
    private static LocalHttpServer gh;
    /** Stands in for objects.githubusercontent.com ({@code github.asset.hosts}). */
    private static LocalHttpServer assets;
    private static final byte[] GOOD = quiet("com.acme.good", "1.0.0").bytes();

    @BeforeClass
    public static void servers() throws Exception {
        http = new LocalHttpServer();
        other = new LocalHttpServer();
        gh = new LocalHttpServer();
        assets = new LocalHttpServer();
        https = new LocalHttpsServer(keys.getRoot().toPath());
        https.redirect("/down.jar", "http://127.0.0.1:" + http.port() + "/good.jar");
        https.body("/good.jar", GOOD);
    }

    @AfterClass
    public static void stopServers() {
        http.close();
        https.close();
        other.close();
        gh.close();
        assets.close();
    }

    @Before
    public void routes() {
        for (LocalHttpServer s : new LocalHttpServer[] {http, other, gh, assets}) {
            s.clear();
            s.body("/good.jar", GOOD);
        }
    }

    /** The fix named in every HOST_NOT_ALLOWED message. */
    private static String hint(String entry) {
        return " (property allowed.hosts in PID io.hookline.installer; to allow it: config:property-append -p"
                + " io.hookline.installer allowed.hosts \"," + entry + "\")";
    }

    private static final String GITHUB_HINT = " (property allowed.github.repos in PID io.hookline.installer)";

    private void engineWith(InstallerSettings.Builder b) {
        engine.close();
        engine = new InstallerEngine(b.build(), store, felix.context(), () -> gate);
    }

    /** No request reached any of the servers. */
    private static void assertNoRequests(LocalHttpServer... servers) {
        for (LocalHttpServer s : servers) {
            assertEquals("requests to 127.0.0.1:" + s.port(), List.of(), s.requests());
        }
    }

    @Override
    protected InstallerSettings.Builder settings() {
        return InstallerSettings.builder(extensions)
                .allowHosts("127.0.0.1:" + http.port(), "127.0.0.1:" + https.port(), "127.0.0.1:" + gh.port(),
                        "127.0.0.1:" + assets.port())
                .githubHosts("127.0.0.1:" + gh.port())
                .githubAssetHosts("127.0.0.1:" + assets.port())
                .allowPlainHttp(true)
                .allowGithubRepos("acme/tools")
                .githubApiUrl(http.url("/api"))
                .mavenRepositories(http.url("/repo/"))
                .protect("com.corp.*")
                .maxDownloadBytes(200_000)
                .maxEntries(20)
                .maxUnpackedBytes(1_000_000)
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(1000));
    }

    private String allow() {
        List<String> hosts = new java.util.ArrayList<>(List.of("127.0.0.1:" + http.port(), "127.0.0.1:" + https.port(),
                "127.0.0.1:" + gh.port(), "127.0.0.1:" + assets.port()));
        hosts.sort(null);
        return hosts.toString();
    }

    private InstallRequest served(String path, byte[] body) {
        http.body(path, body);
        return InstallRequest.url(http.url(path));
    }

    // ---- checksums ----

    @Test
    public void wrongSha256() throws Exception {
        String wrong = "0".repeat(64);
        assertRefused(InstallRequest.url(http.url("/good.jar")).sha256(wrong), CHECKSUM_MISMATCH,
                "sha256 of good.jar is " + Fixtures.sha256(GOOD) + ", expected " + wrong);
    }

    @Test
    public void malformedSha256Pin() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).sha256("abc"), INVALID_REQUEST,
                "sha256 pin 'abc' is not 64 hex digits");
    }

    @Test
    public void sha256RequiredByConfiguration() throws Exception {
        engine = new InstallerEngine(settings().requireSha256(true).build(), store, felix.context(), () -> gate);
        assertRefused(InstallRequest.url(http.url("/good.jar")), CHECKSUM_REQUIRED,
                "configuration requires a sha256 pin for remote installs (url " + http.url("/good.jar") + ")");
    }

    // ---- allowlist and redirects ----

    @Test
    public void disallowedHost() throws Exception {
        String url = "http://localhost:" + http.port() + "/good.jar";
        assertRefused(InstallRequest.url(url), HOST_NOT_ALLOWED,
                "host localhost:" + http.port() + " of " + url + " is not on the allowlist " + allow()
                        + hint("localhost:" + http.port()));
    }

    @Test
    public void disallowedPortOfAnAllowedHost() throws Exception {
        assertRefused(InstallRequest.url("http://127.0.0.1:1/good.jar"), HOST_NOT_ALLOWED,
                "host 127.0.0.1:1 of http://127.0.0.1:1/good.jar is not on the allowlist " + allow() + hint("127.0.0.1:1"));
    }

    @Test
    public void redirectToDisallowedHost() throws Exception {
        http.redirect("/r.jar", "http://localhost:" + http.port() + "/good.jar");
        assertRefused(InstallRequest.url(http.url("/r.jar")), HOST_NOT_ALLOWED,
                "redirect from " + http.url("/r.jar") + " to host localhost:" + http.port()
                        + " which is not on the allowlist " + allow() + hint("localhost:" + http.port()));
    }

    @Test
    public void httpsToHttpDowngrade() throws Exception {
        // a TLS handshake on a loaded machine can outlast the 1 s read timeout the slow-server case needs
        engine = new InstallerEngine(settings().readTimeout(Duration.ofSeconds(10)).build(), store, felix.context(), () -> gate);
        assertRefused(InstallRequest.url(https.url("/down.jar")), INSECURE_REDIRECT,
                "redirect from " + https.url("/down.jar") + " to " + http.url("/good.jar") + " downgrades https to http");
    }

    @Test
    public void redirectToFileScheme() throws Exception {
        http.redirect("/f.jar", "file:///etc/passwd");
        assertRefused(InstallRequest.url(http.url("/f.jar")), INSECURE_REDIRECT,
                "redirect from " + http.url("/f.jar") + " to unsupported scheme file:///etc/passwd");
    }

    @Test
    public void redirectLoop() throws Exception {
        http.redirect("/loop.jar", "/loop.jar");
        assertRefused(InstallRequest.url(http.url("/loop.jar")), TOO_MANY_REDIRECTS,
                "more than 5 redirects from " + http.url("/loop.jar") + " (last: " + http.url("/loop.jar") + ")");
    }

    @Test
    public void nonHttpScheme() throws Exception {
        assertRefused(InstallRequest.url("ftp://127.0.0.1/x.jar"), INVALID_REQUEST,
                "URL 'ftp://127.0.0.1/x.jar' is not http or https");
    }

    @Test
    public void userInfoInUrl() throws Exception {
        String url = "http://u:s3cret@127.0.0.1:" + http.port() + "/good.jar";
        InstallException e = assertRefused(InstallRequest.url(url), INVALID_REQUEST, "URL 'http://***@127.0.0.1:"
                + http.port() + "/good.jar' carries user info; credentials are never sent, stored or shown");
        assertTrue(e.getMessage(), !e.describe().contains("s3cret"));
        assertNoRequests(http);
    }

    // ---- HTTP failures ----

    @Test
    public void notFound() throws Exception {
        assertRefused(InstallRequest.url(http.url("/nothing.jar")), HTTP_ERROR, "HTTP 404 from " + http.url("/nothing.jar"));
    }

    @Test
    public void serverError() throws Exception {
        http.status("/boom.jar", 500);
        assertRefused(InstallRequest.url(http.url("/boom.jar")), HTTP_ERROR, "HTTP 500 from " + http.url("/boom.jar"));
    }

    @Test
    public void slowServerTimesOut() throws Exception {
        http.slow("/slow.jar", GOOD, 5_000);
        assertRefused(InstallRequest.url(http.url("/slow.jar")), TIMEOUT,
                "timed out reading " + http.url("/slow.jar") + " (read timeout 1000 ms)");
    }

    @Test
    public void truncatedDownload() throws Exception {
        http.handler("/cut.jar", ex -> {
            ex.sendResponseHeaders(200, 10_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[100]);
            out.flush();
            ex.getHttpContext().getServer();
            ex.close();
        });
        assertRefused(() -> engine.install(InstallRequest.url(http.url("/cut.jar"))), DOWNLOAD_FAILED,
                e -> assertTrue(e.getMessage(), e.getMessage().startsWith("download of " + http.url("/cut.jar"))));
    }

    @Test
    public void oversizeAnnounced() throws Exception {
        assertRefused(served("/big.jar", new byte[300_000]), DOWNLOAD_TOO_LARGE,
                http.url("/big.jar") + " announces 300000 bytes, more than the maximum of 200000");
    }

    @Test
    public void oversizeUnannounced() throws Exception {
        http.unannounced("/chunked.jar", 300_000);
        assertRefused(InstallRequest.url(http.url("/chunked.jar")), DOWNLOAD_TOO_LARGE,
                http.url("/chunked.jar") + " is larger than the maximum of 200000 bytes");
    }

    @Test
    public void oversizeLocalFile() throws Exception {
        Path big = writeFile("big.jar", new byte[300_000]);
        assertRefused(InstallRequest.path(big), DOWNLOAD_TOO_LARGE,
                big.toAbsolutePath() + " is larger than the maximum of 200000 bytes");
    }

    @Test
    public void missingLocalFile() throws Exception {
        Path missing = root.resolve("missing.jar").toAbsolutePath();
        assertRefused(InstallRequest.path(missing), SOURCE_NOT_FOUND, "no such file: " + missing);
    }

    @Test
    public void unsupportedArtifactType() throws Exception {
        assertRefused(served("/tool.exe", GOOD), UNSUPPORTED_ARTIFACT,
                "'tool.exe' from " + http.url("/tool.exe") + " is not a .jar, .zip or .tar.gz");
    }

    // ---- jars ----

    @Test
    public void nonBundleJar() throws Exception {
        assertRefused(served("/plain.jar", Fixtures.plainJar()), NOT_A_BUNDLE,
                "jar plain.jar is not an OSGi bundle: no Bundle-SymbolicName");
    }

    @Test
    public void jarWithoutManifest() throws Exception {
        assertRefused(served("/bare.jar", Fixtures.zip(file("a.txt", "x".getBytes()))), NOT_A_BUNDLE,
                "jar bare.jar has no META-INF/MANIFEST.MF");
    }

    @Test
    public void legacyManifestVersion() throws Exception {
        byte[] jar = Fixtures.bundle("com.acme.old", "1.0.0").without("Bundle-ManifestVersion").bytes();
        assertRefused(served("/old.jar", jar), NOT_A_BUNDLE,
                "jar old.jar is not an OSGi R4+ bundle: Bundle-ManifestVersion is missing, expected 2");
    }

    @Test
    public void invalidBundleVersion() throws Exception {
        byte[] jar = Fixtures.bundle("com.acme.v", "1.x").bytes();
        assertRefused(() -> engine.install(served("/v.jar", jar)), CORRUPT_JAR,
                e -> assertTrue(e.getMessage(), e.getMessage().startsWith("jar v.jar has an invalid Bundle-Version: ")));
    }

    @Test
    public void corruptJar() throws Exception {
        assertRefused(() -> engine.install(served("/corrupt.jar", "not a zip at all".repeat(10).getBytes())), CORRUPT_JAR,
                e -> assertTrue(e.getMessage(), e.getMessage().startsWith("jar corrupt.jar cannot be read: ")));
    }

    // ---- archives ----

    private void assertUnsafe(String name, byte[] archive, String message) throws IOException {
        assertRefused(InstallRequest.path(writeFile(name, archive)).app("x").version("1.0.0"), UNSAFE_ARCHIVE_ENTRY,
                "archive " + name + " entry " + message);
    }

    @Test
    public void tarTraversal() throws Exception {
        assertUnsafe("t1.tar.gz", Fixtures.tarGz(file("../evil.jar", GOOD)), "'../evil.jar' has a '..' segment (path traversal)");
    }

    @Test
    public void tarNestedTraversal() throws Exception {
        assertUnsafe("t2.tar.gz", Fixtures.tarGz(dir("lib/"), file("lib/../../evil.jar", GOOD)),
                "'lib/../../evil.jar' has a '..' segment (path traversal)");
    }

    @Test
    public void tarAbsolutePath() throws Exception {
        assertUnsafe("t3.tar.gz", Fixtures.tarGz(file("/tmp/evil.jar", GOOD)), "'/tmp/evil.jar' has an absolute path");
    }

    @Test
    public void tarSymlink() throws Exception {
        assertUnsafe("t4.tar.gz", Fixtures.tarGz(special("link.jar", TarConstants.LF_SYMLINK, "/etc/passwd", 0120777)),
                "'link.jar' is a symbolic link to '/etc/passwd'");
    }

    @Test
    public void tarHardlink() throws Exception {
        assertUnsafe("t5.tar.gz", Fixtures.tarGz(file("a.jar", GOOD), special("b.jar", TarConstants.LF_LINK, "a.jar", 0100644)),
                "'b.jar' is a hard link to 'a.jar'");
    }

    @Test
    public void tarCharacterDevice() throws Exception {
        assertUnsafe("t6.tar.gz", Fixtures.tarGz(special("tty", TarConstants.LF_CHR, null, 020644)), "'tty' is a device");
    }

    @Test
    public void tarBlockDevice() throws Exception {
        assertUnsafe("t7.tar.gz", Fixtures.tarGz(special("sda", TarConstants.LF_BLK, null, 060644)), "'sda' is a device");
    }

    @Test
    public void tarFifo() throws Exception {
        assertUnsafe("t8.tar.gz", Fixtures.tarGz(special("pipe", TarConstants.LF_FIFO, null, 010644)), "'pipe' is a fifo");
    }

    @Test
    public void zipTraversal() throws Exception {
        assertUnsafe("z1.zip", Fixtures.zip(file("../evil.jar", GOOD)), "'../evil.jar' has a '..' segment (path traversal)");
    }

    @Test
    public void zipBackslashTraversal() throws Exception {
        assertUnsafe("z2.zip", Fixtures.zip(file("lib\\..\\..\\evil.jar", GOOD)),
                "'lib/../../evil.jar' has a '..' segment (path traversal)");
    }

    @Test
    public void zipAbsolutePath() throws Exception {
        assertUnsafe("z3.zip", Fixtures.zip(file("/tmp/evil.jar", GOOD)), "'/tmp/evil.jar' has an absolute path");
    }

    @Test
    public void zipDriveLetterPath() throws Exception {
        assertUnsafe("z4.zip", Fixtures.zip(file("C:/evil.jar", GOOD)), "'C:/evil.jar' has an absolute path");
    }

    @Test
    public void zipSymlink() throws Exception {
        assertUnsafe("z5.zip", Fixtures.zip(special("link.jar", TarConstants.LF_SYMLINK, "/etc/passwd", 0120777)),
                "'link.jar' is a symbolic link");
    }

    @Test
    public void zipDeviceEntry() throws Exception {
        assertUnsafe("z6.zip", Fixtures.zip(new Fixtures.Entry("dev", new byte[0], TarConstants.LF_NORMAL, null, 020644)),
                "'dev' is a special file (unix mode 20644)");
    }

    @Test
    public void zipBomb() throws Exception {
        byte[] bomb = Fixtures.zipBomb("zeros.jar", 5_000_000);
        assertTrue("compressed small", bomb.length < 200_000);
        assertRefused(InstallRequest.path(writeFile("bomb.zip", bomb)).app("x").version("1.0.0"), ARCHIVE_TOO_LARGE,
                "archive bomb.zip unpacks to more than the maximum of 1000000 bytes (at 'zeros.jar')");
    }

    @Test
    public void tarGzBomb() throws Exception {
        byte[] bomb = Fixtures.tarGz(file("zeros.jar", new byte[3_000_000]));
        assertTrue("compressed small", bomb.length < 200_000);
        assertRefused(InstallRequest.path(writeFile("bomb.tar.gz", bomb)).app("x").version("1.0.0"), ARCHIVE_TOO_LARGE,
                "archive bomb.tar.gz unpacks to more than the maximum of 1000000 bytes (at 'zeros.jar')");
    }

    @Test
    public void tooManyEntries() throws Exception {
        Fixtures.Entry[] entries = new Fixtures.Entry[21];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = file("f" + i + ".txt", "x".getBytes());
        }
        assertRefused(InstallRequest.path(writeFile("many.zip", Fixtures.zip(entries))).app("x").version("1.0.0"),
                TOO_MANY_ENTRIES, "archive many.zip has more than 20 entries (at 'f20.txt')");
    }

    @Test
    public void ordinaryTarballWithDotSlashEntriesInstalls() throws Exception {
        // what tar -czf app.tar.gz -C dir . writes: "./" first, then "./..." names
        byte[] tgz = Fixtures.tarGz(dir("./"), file("./hookline-app.properties", "name=dots\nversion=1.0.0".getBytes()),
                dir("./lib/"), file("./lib/a.jar", quiet("com.acme.dot.a", "1.0.0").bytes()), dir("."),
                file("./b.jar", quiet("com.acme.dot.b", "1.0.0").bytes()));
        assertUnsafe("dots2.tar.gz", Fixtures.tarGz(dir("./"), file("./../evil.jar", GOOD)),
                "'./../evil.jar' has a '..' segment (path traversal)");
        assertUnsafe("dots3.tar.gz", Fixtures.tarGz(dir("./"), file(".", GOOD)), "'.' resolves outside the extraction folder");
        AppDTO app = engine.install(InstallRequest.path(writeFile("dots.tar.gz", tgz)));
        assertEquals("dots", app.app);
        assertEquals(2, app.artifacts.length);
    }

    @Test
    public void manifestInflatingPastTheCapIsRefused() throws Exception {
        byte[] jar = quiet("com.acme.fat", "1.0.0").header("X-Padding", "x".repeat(2 * 1024 * 1024)).bytes();
        assertTrue("compressed small", jar.length < 100_000);
        assertRefused(served("/fat.jar", jar), CORRUPT_JAR, "jar fat.jar has a manifest larger than 1048576 bytes");
        Path zip = writeFile("fat.zip", Fixtures.zip(file("fat.jar", jar)));
        assertRefused(InstallRequest.path(zip).app("x").version("1.0.0"), CORRUPT_JAR,
                "jar fat.zip!/fat.jar has a manifest larger than 1048576 bytes");
    }

    @Test
    public void oversizeTarMetaHeadersAreRefusedBeforeBeingRead() throws Exception {
        for (byte type : new byte[] {'x', 'L', 'K'}) {
            byte[] tgz = Fixtures.tarMeta(type, 10 * 1024 * 1024, file("a.jar", GOOD));
            assertTrue("compressed small", tgz.length < 200_000);
            String kind = type == 'x' ? "PAX" : type == 'L' ? "long-name" : "long-link";
            assertRefused(InstallRequest.path(writeFile("meta" + (char) type + ".tar.gz", tgz)).app("x").version("1.0.0"),
                    UNSAFE_ARCHIVE_ENTRY, "archive meta" + (char) type + ".tar.gz has a tar " + kind + " header of 10485760"
                            + " bytes, more than the maximum of 65536");
        }
    }

    @Test
    public void zipEntriesAreCountedBeforeTheCentralDirectoryIsParsed() throws Exception {
        // 150,000 empty entries: Commons Compress's parsed directory would need far more than the
        // child's 24 MB heap; counting first refuses at entry 21 holding one header at a time
        Path zip = root.resolve("million.zip");
        Fixtures.manyEntriesZip(zip, 150_000);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), UnpackChild.class.getName(), zip.toString(),
                root.resolve("million-out").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue("child finished", p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(out, "TOO_MANY_ENTRIES: archive million.zip has more than 20 entries (at 'e20')", out);
    }

    @Test
    public void zipEntriesAreCountedInTheDirectoryTheParserReads() throws Exception {
        // decoy: the end record's offset points at a local header (no directory there: counted 0),
        // while the ZIP64 locator, which Commons Compress follows first, leads to all 150,000 entries;
        // prefix: junk before a plain zip shifts its recorded offset, while Commons Compress finds
        // the directory by its size back from the end record
        for (String variant : new String[] {"decoy", "prefix"}) {
            Path zip = root.resolve(variant + ".zip");
            Fixtures.manyEntriesZip(zip, 150_000);
            if (variant.equals("decoy")) {
                Fixtures.decoyEndRecord(zip);
            } else {
                Fixtures.prefixedWithoutZip64(zip, 4096);
            }
            assertUnpackRefusedInSmallHeap(zip, variant);
        }
    }

    private void assertUnpackRefusedInSmallHeap(Path zip, String variant) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), UnpackChild.class.getName(), zip.toString(),
                root.resolve(variant + "-out").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue("child finished", p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(variant + ": " + out, "TOO_MANY_ENTRIES: archive million.zip has more than 20 entries (at 'e20')",
                out);
    }

    @Test
    public void corruptArchive() throws Exception {
        Path junk = writeFile("junk.tar.gz", "junk".repeat(50).getBytes());
        assertRefused(() -> engine.install(InstallRequest.path(junk).app("x")),
                CORRUPT_ARCHIVE, e -> assertTrue(e.getMessage(), e.getMessage().startsWith("cannot read archive junk.tar.gz: ")));
    }

    @Test
    public void archiveWithoutBundles() throws Exception {
        assertRefused(InstallRequest.path(writeFile("empty.zip", Fixtures.zip(file("README", "x".getBytes())))).app("x"),
                NO_BUNDLES, "archive empty.zip holds no .jar");
    }

    @Test
    public void duplicateBundleInArchive() throws Exception {
        byte[] zip = Fixtures.zip(file("a.jar", quiet("com.acme.d", "1.0.0").bytes()), file("b.jar", quiet("com.acme.d", "1.0.1").bytes()));
        assertRefused(InstallRequest.path(writeFile("dup.zip", zip)).app("x").version("1.0.0"), DUPLICATE_BUNDLE,
                "archive dup.zip holds two bundles named com.acme.d (a.jar, b.jar)");
    }

    @Test
    public void descriptorNamesAnotherApp() throws Exception {
        byte[] zip = Fixtures.zip(file("hookline-app.properties", "name=other\nversion=1.0.0".getBytes()), file("a.jar", GOOD));
        assertRefused(InstallRequest.path(writeFile("m.zip", zip)).app("mine"), APP_MISMATCH,
                "request names app mine but m.zip describes app other");
    }

    // ---- GitHub ----

    private static String release(String tag, String... assets) {
        StringBuilder b = new StringBuilder("{\"tag_name\":\"" + tag + "\",\"assets\":[");
        for (int i = 0; i < assets.length; i += 2) {
            b.append(i > 0 ? "," : "").append("{\"name\":\"").append(assets[i]).append("\",\"browser_download_url\":\"")
                    .append(assets[i + 1]).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    public void githubRepoNotAllowed() throws Exception {
        assertRefused(InstallRequest.githubTag("evil/tools", "v1.0.0", null), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools is not on the allowlist [acme/tools]" + GITHUB_HINT);
    }

    @Test
    public void githubRepoWithPathCharacters() throws Exception {
        assertRefused(InstallRequest.githubLatestRelease("acme/../x", null), INVALID_REQUEST,
                "GitHub repository 'acme/../x' is not owner/repo");
    }

    @Test
    public void githubApi404() throws Exception {
        assertRefused(InstallRequest.githubTag("acme/tools", "v9.9.9", null), GITHUB_API_ERROR,
                "GitHub API " + http.url("/api/repos/acme/tools/releases/tags/v9.9.9") + " answered HTTP 404");
    }

    @Test
    public void githubApi500() throws Exception {
        http.status("/api/repos/acme/tools/releases/latest", 500);
        assertRefused(InstallRequest.githubLatestRelease("acme/tools", null), GITHUB_API_ERROR,
                "GitHub API " + http.url("/api/repos/acme/tools/releases/latest") + " answered HTTP 500");
    }

    @Test
    public void githubMalformedJson() throws Exception {
        http.json("/api/repos/acme/tools/releases/latest", "{\"tag_name\": \"v1\", \"assets\": [");
        assertRefused(() -> engine.install(InstallRequest.githubLatestRelease("acme/tools", null)), MALFORMED_METADATA,
                e -> assertTrue(e.getMessage(), e.getMessage().startsWith("GitHub API "
                        + http.url("/api/repos/acme/tools/releases/latest") + " answered malformed JSON: ")));
    }

    @Test
    public void githubJsonNotAnObject() throws Exception {
        http.json("/api/repos/acme/tools/releases/latest", "[1,2]");
        assertRefused(InstallRequest.githubLatestRelease("acme/tools", null), MALFORMED_METADATA,
                "GitHub API " + http.url("/api/repos/acme/tools/releases/latest") + " answered JSON that is not an object");
    }

    @Test
    public void githubReleaseWithoutAssets() throws Exception {
        http.json("/api/repos/acme/tools/releases/latest", "{\"tag_name\":\"v1.0.0\"}");
        assertRefused(InstallRequest.githubLatestRelease("acme/tools", null), MALFORMED_METADATA,
                "GitHub release " + http.url("/api/repos/acme/tools/releases/latest") + " has no 'assets' array");
    }

    @Test
    public void githubNamedAssetMissing() throws Exception {
        http.json("/api/repos/acme/tools/releases/tags/v1.0.0", release("v1.0.0", "a.jar", http.url("/good.jar")));
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", "x.jar"), ASSET_NOT_FOUND,
                "GitHub release acme/tools tag v1.0.0 (v1.0.0) has no asset named x.jar");
    }

    @Test
    public void githubNoSuitableAsset() throws Exception {
        http.json("/api/repos/acme/tools/releases/latest", release("v2.0.0", "notes.txt", http.url("/n.txt")));
        assertRefused(InstallRequest.githubLatestRelease("acme/tools", null), ASSET_NOT_FOUND,
                "GitHub release acme/tools latest release (v2.0.0) has no .jar, .zip or .tar.gz asset");
    }

    @Test
    public void githubAmbiguousAssets() throws Exception {
        http.json("/api/repos/acme/tools/releases/tags/v1.0.0",
                release("v1.0.0", "a.jar", http.url("/good.jar"), "b.zip", http.url("/b.zip")));
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", null), ASSET_AMBIGUOUS,
                "GitHub release acme/tools tag v1.0.0 (v1.0.0) has several suitable assets [a.jar, b.zip]; name one");
    }

    @Test
    public void githubAssetOnDisallowedHost() throws Exception {
        String evil = "http://localhost:" + http.port() + "/good.jar";
        http.json("/api/repos/acme/tools/releases/tags/v1.0.0", release("v1.0.0", "a.jar", evil));
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", "a.jar"), HOST_NOT_ALLOWED,
                "host localhost:" + http.port() + " of " + evil + " is not on the allowlist " + allow()
                        + hint("localhost:" + http.port()));
    }

    @Test
    public void githubAssetRedirectsToDisallowedHost() throws Exception {
        http.json("/api/repos/acme/tools/releases/tags/v1.0.0", release("v1.0.0", "a.jar", http.url("/dl/a.jar")));
        http.redirect("/dl/a.jar", "http://localhost:" + http.port() + "/good.jar");
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", null), HOST_NOT_ALLOWED,
                "redirect from " + http.url("/dl/a.jar") + " to host localhost:" + http.port()
                        + " which is not on the allowlist " + allow() + hint("localhost:" + http.port()));
    }

    // ---- Maven ----

    @Test
    public void mavenArtifactNotFound() throws Exception {
        assertRefused(InstallRequest.maven("com.acme:nope:1.0.0"), HTTP_ERROR,
                "Maven artifact com.acme:nope:1.0.0 not found (HTTP 404) in [" + http.url("/repo/com/acme/nope/1.0.0/nope-1.0.0.jar") + "]");
    }

    @Test
    public void mavenMalformedCoordinates() throws Exception {
        assertRefused(InstallRequest.maven("com.acme:x"), INVALID_REQUEST,
                "Maven coordinates 'com.acme:x' are not groupId:artifactId:version[:type[:classifier]]");
    }

    @Test
    public void mavenTraversalInCoordinates() throws Exception {
        assertRefused(InstallRequest.maven("com.acme:..:1.0.0"), INVALID_REQUEST,
                "Maven coordinates 'com.acme:..:1.0.0' contain an invalid part '..'");
    }

    @Test
    public void mavenSnapshot() throws Exception {
        assertRefused(InstallRequest.maven("com.acme:x:1.0.0-SNAPSHOT"), INVALID_REQUEST,
                "Maven SNAPSHOT versions are not installable (com.acme:x:1.0.0-SNAPSHOT): pin a release");
    }

    // ---- names, versions, protection ----

    @Test
    public void appNameWithPathCharacters() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).app("../evil"), INVALID_APP_NAME,
                "app name '../evil' does not match ^[a-z0-9][a-z0-9._-]{0,63}$");
    }

    @Test
    public void appNameWithSlash() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).app("a/b"), INVALID_APP_NAME,
                "app name 'a/b' does not match ^[a-z0-9][a-z0-9._-]{0,63}$");
    }

    @Test
    public void appNameUpperCaseOrTooLong() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).app("Evil"), INVALID_APP_NAME,
                "app name 'Evil' does not match ^[a-z0-9][a-z0-9._-]{0,63}$");
        String longName = "a".repeat(65);
        assertRefused(InstallRequest.url(http.url("/good.jar")).app(longName), INVALID_APP_NAME,
                "app name '" + longName + "' does not match ^[a-z0-9][a-z0-9._-]{0,63}$");
    }

    @Test
    public void invalidRequestedVersion() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).version("1.0"), INVALID_VERSION,
                "'1.0' is not a semantic version (MAJOR.MINOR.PATCH)");
    }

    @Test
    public void protectedAppName() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).app("hookline"), PROTECTED_BUNDLE,
                "app name hookline is protected (pattern hookline)");
    }

    @Test
    public void protectedHooklineBundle() throws Exception {
        assertRefused(served("/core.jar", quiet("io.hookline.core", "9.0.0").bytes()), PROTECTED_BUNDLE,
                "bundle io.hookline.core is protected (pattern io.hookline.*)");
    }

    @Test
    public void protectedKarafBundle() throws Exception {
        assertRefused(served("/k.jar", quiet("org.apache.karaf.shell.core", "9.0.0").bytes()).app("k"), PROTECTED_BUNDLE,
                "bundle org.apache.karaf.shell.core is protected (pattern org.apache.karaf.*)");
    }

    @Test
    public void protectedSystemBundleName() throws Exception {
        assertRefused(served("/s.jar", quiet("system.bundle", "9.0.0").bytes()).app("s"), PROTECTED_BUNDLE,
                "bundle system.bundle is protected (pattern system.bundle)");
    }

    @Test
    public void protectedByConfiguration() throws Exception {
        assertRefused(served("/c.jar", quiet("com.corp.secret", "1.0.0").bytes()).app("c"), PROTECTED_BUNDLE,
                "bundle com.corp.secret is protected (pattern com.corp.*)");
    }

    @Test
    public void configurationNeverUnprotectsHookline() {
        InstallerSettings s = InstallerSettings.builder(extensions).protect("com.other").build();
        assertEquals("io.hookline.*", s.protectingPattern("io.hookline.installer"));
        assertEquals("io.hookline.*", s.protectingPattern("io.hookline"));
    }

    @Test
    public void symbolicNameOwnedByAnUnmanagedBundle() throws Exception {
        Bundle existing = felix.context().installBundle("test:existing",
                new java.io.ByteArrayInputStream(quiet("com.acme.existing", "1.0.0").bytes()));
        try {
            assertRefused(served("/e.jar", quiet("com.acme.existing", "2.0.0").bytes()).app("e"), BUNDLE_CONFLICT,
                    "bundle com.acme.existing already belongs to bundle " + existing.getBundleId() + " installed from test:existing");
        } finally {
            existing.uninstall();
        }
    }

    @Test
    public void symbolicNameOwnedByAnotherApp() throws Exception {
        AppDTO one = engine.install(served("/one.jar", quiet("com.acme.shared", "1.0.0").bytes()).app("one"));
        InstallException e = InstallerFelixIT.expect(
                () -> engine.install(served("/two.jar", quiet("com.acme.shared", "2.0.0").bytes()).app("two")));
        assertEquals(BUNDLE_CONFLICT, e.reason());
        assertEquals("bundle com.acme.shared already belongs to app one", e.getMessage());
        assertEquals(List.of(one.app), engine.list().stream().map(a -> a.app).toList());
        assertEquals(1, files().size());
        assertStarted(bundle("com.acme.shared"), "1.0.0");
    }

    @Test
    public void sameAndLowerVersionsLeaveTheInstalledOneUntouched() throws Exception {
        AppDTO v2 = engine.install(served("/v2.jar", quiet("com.acme.ver", "2.0.0").bytes()).app("ver"));
        List<Path> files = files();
        for (String v : new String[] {"2.0.0", "1.0.0"}) {
            InstallException e = InstallerFelixIT.expect(
                    () -> engine.install(served("/v.jar", quiet("com.acme.ver", v).bytes()).app("ver")));
            assertEquals(VERSION_NOT_NEWER, e.reason());
            assertEquals(files, files());
            assertEquals(v2.updatedAt, engine.get("ver").orElseThrow().updatedAt);
        }
        assertStarted(bundle("com.acme.ver"), "2.0.0");
    }

    // ---- framework ----

    @Test
    public void unresolvableImport() throws Exception {
        byte[] jar = quiet("com.acme.needy", "1.0.0").header("Import-Package", "org.osgi.framework,com.missing.pkg;version=\"[2,3)\"").bytes();
        assertRefused(() -> engine.install(served("/needy.jar", jar)), UNRESOLVED, e -> {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bundle com.acme.needy does not resolve: "));
            assertTrue(e.getMessage(), e.getMessage().contains("osgi.wiring.package=com.missing.pkg"));
        });
    }

    @Test
    public void activatorThatThrows() throws Exception {
        byte[] jar = Fixtures.bundle("com.acme.thrower", "1.0.0").activator(ThrowingActivator.class).bytes();
        assertRefused(() -> engine.install(served("/t.jar", jar)), START_FAILED, e -> {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bundle com.acme.thrower failed to start: "));
            assertTrue(e.getMessage(), e.getMessage().endsWith("java.lang.IllegalStateException: boom from the activator"));
        });
    }

    @Test
    public void failingHealthGate() throws Exception {
        gate = (app, ids, timeout) -> {
            throw new InstallException(HEALTH_CHECK_FAILED, "app " + app + " failed its health gate after 0 ms: plugin p FAILED: bad");
        };
        assertRefused(InstallRequest.url(http.url("/good.jar")), HEALTH_CHECK_FAILED,
                "app com.acme.good failed its health gate after 0 ms: plugin p FAILED: bad");
        assertEquals(0, Files.list(extensions.resolve(".staging")).count());
    }
}
