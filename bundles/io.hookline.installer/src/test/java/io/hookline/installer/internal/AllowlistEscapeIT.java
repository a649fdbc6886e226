package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import java.time.Duration;
import java.util.List;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Probes that got past the allowlist in the security review (issue 8, holes 1, 5, 6, 7, 8, 8b),
 * each with its variants: the exact reason and message, nothing left behind, and no request to a
 * server that is not allowed (the servers on 127.0.0.1 count what they receive).
 */
public class AllowlistEscapeIT extends EngineTestSupport {

    private static LocalHttpServer http;
    /** On no allowlist. */
    private static LocalHttpServer other;
    /** Stands in for github.com. */
    private static LocalHttpServer gh;
    /** Stands in for objects.githubusercontent.com. */
    private static LocalHttpServer assets;
    private static final byte[] GOOD = quiet("com.acme.good", "1.0.0").bytes();

    @BeforeClass
    public static void servers() throws Exception {
        http = new LocalHttpServer();
        other = new LocalHttpServer();
        gh = new LocalHttpServer();
        assets = new LocalHttpServer();
    }

    @AfterClass
    public static void stopServers() {
        for (LocalHttpServer s : new LocalHttpServer[] {http, other, gh, assets}) {
            s.close();
        }
    }

    @Before
    public void routes() {
        for (LocalHttpServer s : new LocalHttpServer[] {http, other, gh, assets}) {
            s.clear();
            s.body("/good.jar", GOOD);
        }
    }

    @Override
    protected InstallerSettings.Builder settings() {
        return InstallerSettings.builder(extensions)
                .allowHosts(lit(http), lit(gh), lit(assets))
                .githubHosts(lit(gh))
                .githubAssetHosts(lit(assets))
                .allowGithubRepos("acme/tools")
                .githubApiUrl(http.url("/api"))
                .mavenRepositories(http.url("/repo/"))
                .allowPlainHttp(true)
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2));
    }

    private static String lit(LocalHttpServer s) {
        return "127.0.0.1:" + s.port();
    }

    private void engineWith(InstallerSettings.Builder b) {
        engine.close();
        engine = new InstallerEngine(b.build(), store, felix.context(), () -> gate);
    }

    private static void assertNoRequests(LocalHttpServer... servers) {
        for (LocalHttpServer s : servers) {
            assertEquals("requests to 127.0.0.1:" + s.port(), List.of(), s.requests());
        }
    }

    private static String hint(String entry) {
        return " (property allowed.hosts in PID io.hookline.installer; to allow it: config:property-append -p"
                + " io.hookline.installer allowed.hosts \"," + entry + "\")";
    }

    private static final String GITHUB_HINT = " (property allowed.github.repos in PID io.hookline.installer)";

    // ---- 1: Maven coordinates ----

    @Test
    public void mavenEmptyGroupSegmentsCannotReplaceTheHost() throws Exception {
        assertRefused(InstallRequest.maven("..127.0.0.1:x:1.0.0"), INVALID_REQUEST,
                "Maven coordinates '..127.0.0.1:x:1.0.0' have an invalid groupId '..127.0.0.1' (dot-separated names of"
                        + " letters, digits, _ and -)");
        assertNoRequests(http, other);
    }

    @Test
    public void mavenLeadingDotCannotLeaveTheRepositoryPath() throws Exception {
        http.body("/a/b/x/1.0.0/x-1.0.0.jar", GOOD);
        assertRefused(InstallRequest.maven(".a.b:x:1.0.0"), INVALID_REQUEST,
                "Maven coordinates '.a.b:x:1.0.0' have an invalid groupId '.a.b' (dot-separated names of letters,"
                        + " digits, _ and -)");
        assertNoRequests(http);
    }

    @Test
    public void mavenInvalidPartsVariants() throws Exception {
        String[][] cases = {
            {"a..b:x:1.0.0", "groupId 'a..b' (dot-separated names of letters, digits, _ and -)"},
            {"com.acme.:x:1.0.0", "groupId 'com.acme.' (dot-separated names of letters, digits, _ and -)"},
            {"com/acme:x:1.0.0", "groupId 'com/acme' (dot-separated names of letters, digits, _ and -)"},
            {"com.acme:x%2F..:1.0.0", "artifactId 'x%2F..' (a name of letters, digits, _ and -, dots inside)"},
            {"com.acme:x:1.0.0/../..", "version '1.0.0/../..' (a name of letters, digits, _ and -, dots inside)"},
            {"com.acme:x:1.0.0:jar:a..b", "classifier 'a..b' (a name of letters, digits, _ and -, dots inside)"},
            {"com.acme:x:1.0.0:.jar", "type '.jar' (a name of letters, digits, _ and -, dots inside)"},
        };
        for (String[] c : cases) {
            assertRefused(InstallRequest.maven(c[0]), INVALID_REQUEST,
                    "Maven coordinates '" + c[0] + "' have an invalid " + c[1]);
        }
        assertNoRequests(http);
    }

    @Test
    public void mavenStillInstallsValidCoordinates() throws Exception {
        http.body("/repo/com/acme/x/1.0.0/x-1.0.0.jar", GOOD);
        AppDTO app = engine.install(InstallRequest.maven("com.acme:x:1.0.0").app("x"));
        assertEquals(http.url("/repo/com/acme/x/1.0.0/x-1.0.0.jar"), app.resolvedFrom);
    }

    @Test
    public void githubTagAndAssetAreCheckedBeforeAnyRequest() throws Exception {
        assertRefused(InstallRequest.githubTag("acme/tools", "../../../evil", null), INVALID_REQUEST,
                "GitHub tag '../../../evil' is not a tag name (letters, digits, . _ + - and single /, at most 128)");
        assertRefused(InstallRequest.githubTag("acme/tools", "v1\r\nHost: x", null), INVALID_REQUEST,
                "GitHub tag 'v1\r\nHost: x' is not a tag name (letters, digits, . _ + - and single /, at most 128)");
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", "../x.jar"), INVALID_REQUEST,
                "GitHub asset name '../x.jar' is not a file name (letters, digits, . _ + -, at most 200)");
        assertRefused(InstallRequest.githubLatestRelease("acme/.", null), INVALID_REQUEST,
                "GitHub repository 'acme/.' is not owner/repo");
        assertNoRequests(http);
    }

    // ---- 8: every field before any request ----

    @Test
    public void versionIsCheckedBeforeAnyRequest() throws Exception {
        assertRefused(InstallRequest.url(http.url("/good.jar")).version("1.0"), INVALID_VERSION,
                "'1.0' is not a semantic version (MAJOR.MINOR.PATCH)");
        assertRefused(InstallRequest.maven("com.acme:x:1.0.0").version("v1"), INVALID_VERSION,
                "'v1' is not a semantic version (MAJOR.MINOR.PATCH)");
        assertRefused(() -> engine.plan(InstallRequest.url(http.url("/good.jar")).version("1.0")), INVALID_VERSION,
                e -> assertEquals("'1.0' is not a semantic version (MAJOR.MINOR.PATCH)", e.getMessage()));
        assertNoRequests(http);
    }

    // ---- 5: the GitHub host ----

    @Test
    public void urlOnTheGithubHostNeedsAnAllowedRepository() throws Exception {
        String url = gh.url("/evil/tools/releases/download/v1.0.0/good.jar");
        assertRefused(InstallRequest.url(url), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools of " + url + " is not on the allowlist [acme/tools]" + GITHUB_HINT);
        String upper = gh.url("/EVIL/Tools/releases/download/v1.0.0/good.jar");
        assertRefused(InstallRequest.url(upper), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools of " + upper + " is not on the allowlist [acme/tools]" + GITHUB_HINT);
        String dots = gh.url("/acme/tools/../../evil/tools/releases/download/v1.0.0/good.jar");
        assertRefused(InstallRequest.url(dots), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools of " + dots + " is not on the allowlist [acme/tools]" + GITHUB_HINT);
        for (String path : new String[] {"/acme/tools/%2e%2e/%2e%2e/evil/tools/good.jar", "/acme%2ftools/x/good.jar",
            "/good.jar"}) {
            assertRefused(InstallRequest.url(gh.url(path)), REPO_NOT_ALLOWED, "GitHub URL " + gh.url(path)
                    + " names no owner/repo" + GITHUB_HINT);
        }
        assertNoRequests(gh);
    }

    @Test
    public void urlOnTheGithubHostOfAnAllowedRepositoryInstalls() throws Exception {
        gh.body("/ACME/Tools/releases/download/v1.0.0/good.jar", GOOD);
        AppDTO app = engine.install(InstallRequest.url(gh.url("/ACME/Tools/releases/download/v1.0.0/good.jar")));
        assertEquals("com.acme.good", app.app);
    }

    @Test
    public void assetHostIsReachableOnlyFromAnAllowedRepository() throws Exception {
        String direct = assets.url("/blob/good.jar");
        assertRefused(InstallRequest.url(direct), REPO_NOT_ALLOWED, "GitHub asset host 127.0.0.1:" + assets.port()
                + " of " + direct + " is only reachable through a redirect from an allowed GitHub repository;"
                + " install with github_tag / github_latest_release or a github.com release URL");
        http.redirect("/r.jar", direct);
        assertRefused(InstallRequest.url(http.url("/r.jar")), REPO_NOT_ALLOWED, "GitHub asset host 127.0.0.1:"
                + assets.port() + " of " + direct + " is only reachable through a redirect from an allowed GitHub"
                + " repository; install with github_tag / github_latest_release or a github.com release URL");
        assertNoRequests(assets);
        assets.body("/blob/good.jar", GOOD);
        gh.redirect("/acme/tools/releases/download/v1.0.0/good.jar", direct);
        AppDTO app = engine.install(InstallRequest.url(gh.url("/acme/tools/releases/download/v1.0.0/good.jar")));
        assertEquals(direct, app.resolvedFrom);
    }

    @Test
    public void redirectToTheGithubHostNeedsAnAllowedRepository() throws Exception {
        String evil = gh.url("/evil/tools/releases/download/v1.0.0/good.jar");
        http.redirect("/r.jar", evil);
        assertRefused(InstallRequest.url(http.url("/r.jar")), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools of " + evil + " is not on the allowlist [acme/tools]" + GITHUB_HINT);
        http.json("/api/repos/acme/tools/releases/tags/v1.0.0", "{\"tag_name\":\"v1.0.0\",\"assets\":[{\"name\":"
                + "\"good.jar\",\"browser_download_url\":\"" + evil + "\"}]}");
        assertRefused(InstallRequest.githubTag("acme/tools", "v1.0.0", null), REPO_NOT_ALLOWED,
                "GitHub repository evil/tools of " + evil + " is not on the allowlist [acme/tools]" + GITHUB_HINT);
        assertNoRequests(gh);
    }

    // ---- 7: host rules ----

    @Test
    public void anEntryWithoutAPortAllowsOnlyTheDefaultPort() throws Exception {
        engineWith(InstallerSettings.builder(extensions).allowHosts("127.0.0.1").allowPlainHttp(true));
        String url = http.url("/good.jar");
        InstallException e = InstallerFelixIT.expect(() -> engine.install(InstallRequest.url(url)));
        assertEquals(e.getMessage(), HOST_NOT_ALLOWED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().startsWith("host 127.0.0.1:" + http.port() + " of " + url
                + " is not on the allowlist [127.0.0.1]"));
        assertTrue(e.getMessage(), e.getMessage().endsWith(hint("127.0.0.1:" + http.port())));
        assertNothingLeft();
        assertNoRequests(http);
    }

    @Test
    public void loopbackThroughANameIsRefusedEvenWhenListed() throws Exception {
        int port = other.port();
        for (String host : new String[] {"localhost", "LocalHost", "2130706433", "[::ffff:127.0.0.1]"}) {
            engineWith(settings().allowHosts(host + ":" + port));
            String url = "http://" + host + ":" + port + "/good.jar";
            InstallException e = InstallerFelixIT.expect(() -> engine.install(InstallRequest.url(url)));
            assertEquals(e.getMessage(), HOST_NOT_ALLOWED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().startsWith("host " + host + ":" + port + " of " + url
                    + " resolves to loopback address "));
            assertTrue(e.getMessage(), e.getMessage().endsWith(", which is refused unless the URL and the allowlist"
                    + " name it literally (as 127.0.0.1:" + port + ")") || e.getMessage().endsWith("(as [0:0:0:0:0:0:0:1]:"
                    + port + ")"));
            assertNothingLeft();
        }
        assertNoRequests(other);
    }

    @Test
    public void loopbackThroughANameOnARedirectIsRefused() throws Exception {
        engineWith(settings().allowHosts(lit(http), "localhost:" + other.port()));
        http.redirect("/r.jar", "http://localhost:" + other.port() + "/good.jar");
        InstallException e = InstallerFelixIT.expect(() -> engine.install(InstallRequest.url(http.url("/r.jar"))));
        assertEquals(e.getMessage(), HOST_NOT_ALLOWED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains(" resolves to loopback address "));
        assertNothingLeft();
        assertNoRequests(other);
    }

    @Test
    public void unparseableIpFormsAreRefused() throws Exception {
        for (String host : new String[] {"0x7f.1", "127.1"}) {
            String url = "http://" + host + ":" + other.port() + "/good.jar";
            assertRefused(InstallRequest.url(url), INVALID_REQUEST, "URL '" + url + "' has no host name or IP address"
                    + " Java can parse (IP addresses are dotted quads or bracketed IPv6)");
        }
        String v6 = "http://[::1]:" + other.port() + "/good.jar";
        InstallException e = InstallerFelixIT.expect(() -> engine.install(InstallRequest.url(v6)));
        assertEquals(HOST_NOT_ALLOWED, e.reason());
        assertNoRequests(other);
    }

    @Test
    public void plainHttpWithoutAPinIsRefusedByDefault() throws Exception {
        engineWith(settings().allowPlainHttp(false));
        String url = http.url("/good.jar");
        assertRefused(InstallRequest.url(url), CHECKSUM_REQUIRED, "plain http URL " + url + " needs a sha256 pin"
                + " (--sha256), or https, or allow.plain.http=true in PID io.hookline.installer");
        assertRefused(InstallRequest.maven("com.acme:x:1.0.0"), CHECKSUM_REQUIRED, "plain http URL "
                + http.url("/repo/com/acme/x/1.0.0/x-1.0.0.jar") + " needs a sha256 pin (--sha256), or https, or"
                + " allow.plain.http=true in PID io.hookline.installer");
        assertNoRequests(http);
        AppDTO app = engine.install(InstallRequest.url(url).sha256(Fixtures.sha256(GOOD)));
        assertEquals(url, app.resolvedFrom);
    }

    // ---- 8b: credentials on redirects ----

    @Test
    public void userInfoOnARedirectIsRefusedAndNeverShown() throws Exception {
        String[] locations = {"http://u:s3cret@127.0.0.1:" + http.port() + "/good.jar",
            "//u:s3cret@127.0.0.1:" + http.port() + "/good.jar", "http://u%3As3cret@127.0.0.1:" + http.port() + "/good.jar"};
        for (String location : locations) {
            http.clear();
            http.body("/good.jar", GOOD);
            http.redirect("/cred.jar", location);
            InstallException e = assertRefused(InstallRequest.url(http.url("/cred.jar")), INSECURE_REDIRECT,
                    "redirect from " + http.url("/cred.jar") + " to http://***@127.0.0.1:" + http.port()
                            + "/good.jar carries user info; credentials are never sent, stored or shown");
            assertFalse(e.describe(), e.describe().contains("s3cret"));
            assertEquals(List.of("/cred.jar"), http.requests());
        }
        assertEquals(List.of(), engine.list());
    }

    // ---- 6: total deadline ----

    @Test
    public void aServerDrippingInsideTheReadTimeoutIsCutOffByTheDeadline() throws Exception {
        engineWith(settings().readTimeout(Duration.ofSeconds(3)).downloadDeadline(Duration.ofMillis(1500)));
        http.drip("/drip.jar", GOOD, 20, 250); // 5 s in all, each gap far inside the read timeout
        long start = System.nanoTime();
        assertRefused(InstallRequest.url(http.url("/drip.jar")), TIMEOUT, "fetching " + http.url("/drip.jar")
                + " did not finish within the download deadline of 1500 ms (download.deadline.millis in PID"
                + " io.hookline.installer)");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("cut off after " + tookMillis + " ms", tookMillis < 4500);
    }
    @Test
    public void aServerDrippingTheTlsHandshakeIsCutOffByTheDeadline() throws Exception {
        // the handshake's reads went to the socket directly, each bounded only by the read timeout
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread dripper = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    java.io.OutputStream out = s.getOutputStream();
                    out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // a handshake record of 16 KB ...
                    out.flush();
                    for (int i = 0; i < 80; i++) { // ... sent one byte every 250 ms (20 s)
                        Thread.sleep(250);
                        out.write(0x02);
                        out.flush();
                    }
                } catch (Exception closed) {
                    // the client gave up
                }
            }, "tls-dripper");
            dripper.setDaemon(true);
            dripper.start();
            String url = "https://127.0.0.1:" + server.getLocalPort() + "/drip.jar";
            engineWith(settings().allowHosts("127.0.0.1:" + server.getLocalPort()).readTimeout(Duration.ofSeconds(3))
                    .downloadDeadline(Duration.ofMillis(1500)));
            long start = System.nanoTime();
            assertRefused(InstallRequest.url(url), TIMEOUT, "fetching " + url + " did not finish within the download"
                    + " deadline of 1500 ms (download.deadline.millis in PID io.hookline.installer)");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue("cut off after " + tookMillis + " ms", tookMillis < 4500);
        }
    }
}
