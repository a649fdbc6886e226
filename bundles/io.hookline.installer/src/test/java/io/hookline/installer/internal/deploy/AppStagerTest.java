package io.hookline.installer.internal.deploy;

import io.hookline.installer.internal.Fixtures;
import io.hookline.installer.internal.InstallerSettings;
import io.hookline.installer.internal.LocalHttpServer;

import static io.hookline.installer.internal.Fixtures.bundle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.InstallRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Happy paths of every source, through a real HTTP server on 127.0.0.1; the hostile ones are in {@code HostileInputIT}. */
public class AppStagerTest {

    private static LocalHttpServer http;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private AppStager stager;
    private Path staging;

    @BeforeClass
    public static void startServer() throws Exception {
        http = new LocalHttpServer();
    }

    @AfterClass
    public static void stopServer() {
        http.close();
    }

    @Before
    public void setUp() throws Exception {
        http.clear();
        InstallerSettings settings = InstallerSettings.builder(tmp.newFolder("ext").toPath())
                .allowHosts("127.0.0.1:" + http.port()).allowGithubRepos("acme/tools")
                .githubApiUrl(http.url("/api")).mavenRepositories(http.url("/empty-repo/"), http.url("/repo/"))
                .allowPlainHttp(true) // the tests serve plain http; AllowlistEscapeIT pins the default refusal
                .build();
        stager = new AppStager(settings);
        staging = tmp.newFolder("staging").toPath();
    }

    @Test
    public void localJarTakesNameAndVersionFromTheBundle() throws Exception {
        Path jar = Fixtures.write(tmp.getRoot().toPath(), "g.jar", bundle("com.acme.Greeting", "1.2.3.v20260101").bytes());
        StagedApp app = stager.stage(InstallRequest.path(jar), staging);
        assertEquals("com.acme.greeting", app.app());
        assertEquals("1.2.3+v20260101", app.version().toString());
        assertEquals(1, app.bundles().size());
        assertEquals(Fixtures.sha256(Files.readAllBytes(jar)), app.fetched().sha256());
    }

    @Test
    public void urlTarGzWithDescriptorAndTwoBundles() {
        byte[] tgz = Fixtures.tarGz(Fixtures.Entry.file("hookline-app.properties", "name=shop\nversion=2.0.0-rc.1\n".getBytes()),
                Fixtures.Entry.dir("lib/"),
                Fixtures.Entry.file("lib/a.jar", bundle("com.acme.a", "1.0.0").bytes()),
                Fixtures.Entry.file("lib/b.jar", bundle("com.acme.b", "1.0.0").bytes()),
                Fixtures.Entry.file("README.txt", "hi".getBytes()));
        http.body("/shop.tar.gz", tgz);
        StagedApp app = stager.stage(InstallRequest.url(http.url("/shop.tar.gz")).sha256(Fixtures.sha256(tgz)), staging);
        assertEquals("shop", app.app());
        assertEquals("2.0.0-rc.1", app.version().toString());
        assertEquals(List.of("com.acme.a", "com.acme.b"), names(app));
    }

    @Test
    public void zipFollowsAnAllowedRedirect() {
        byte[] zip = Fixtures.zip(Fixtures.Entry.file("a.jar", bundle("com.acme.a", "1.0.0").bytes()));
        http.body("/real/app.zip", zip);
        http.redirect("/app.zip", "/real/app.zip");
        StagedApp app = stager.stage(InstallRequest.url(http.url("/app.zip")).app("zipped").version("1.0.0"), staging);
        assertEquals("zipped", app.app());
        assertTrue(app.fetched().resolvedFrom().endsWith("/real/app.zip"));
    }

    @Test
    public void githubTagTakesTheOnlySuitableAssetAndTheTagVersion() {
        http.json("/api/repos/acme/tools/releases/tags/v3.1.0", "{\"tag_name\":\"v3.1.0\",\"assets\":["
                + "{\"name\":\"notes.txt\",\"browser_download_url\":\"" + http.url("/dl/notes.txt") + "\"},"
                + "{\"name\":\"tools.jar\",\"browser_download_url\":\"" + http.url("/dl/tools.jar") + "\"}]}");
        http.body("/dl/tools.jar", bundle("com.acme.tools", "3.1.0").bytes());
        StagedApp app = stager.stage(InstallRequest.githubTag("acme/tools", "v3.1.0", null), staging);
        assertEquals("3.1.0", app.version().toString());
        assertEquals("com.acme.tools", app.app());
    }

    @Test
    public void githubLatestReleaseNamedAsset() {
        http.json("/api/repos/acme/tools/releases/latest", "{\"tag_name\":\"v4.0.0\",\"assets\":["
                + "{\"name\":\"a.jar\",\"browser_download_url\":\"" + http.url("/dl/a.jar") + "\"},"
                + "{\"name\":\"b.jar\",\"browser_download_url\":\"" + http.url("/dl/b.jar") + "\"}]}");
        http.body("/dl/b.jar", bundle("com.acme.b", "4.0.0").bytes());
        StagedApp app = stager.stage(InstallRequest.githubLatestRelease("acme/tools", "b.jar").app("bee"), staging);
        assertEquals("bee", app.app());
        assertEquals("4.0.0", app.version().toString());
    }

    @Test
    public void mavenTriesEachRepositoryInTurn() {
        http.body("/repo/com/acme/widget/1.4.0/widget-1.4.0.jar", bundle("com.acme.widget", "1.4.0").bytes());
        StagedApp app = stager.stage(InstallRequest.maven("com.acme:widget:1.4.0"), staging);
        assertEquals("1.4.0", app.version().toString());
        assertTrue(app.fetched().resolvedFrom().contains("/repo/"));
    }

    @Test
    public void progressReportsBytesAndTotal() {
        byte[] jar = bundle("com.acme.big", "1.0.0").entry("pad.bin", "x".repeat(600_000)).bytes();
        http.body("/big.jar", jar);
        List<long[]> seen = new ArrayList<>();
        stager.stage(InstallRequest.url(http.url("/big.jar")).progress((step, done, total) -> seen.add(new long[] {done, total})),
                staging);
        long[] last = seen.get(seen.size() - 1);
        assertEquals(jar.length, last[0]);
        assertEquals(jar.length, last[1]);
    }

    private static List<String> names(StagedApp app) {
        List<String> n = new ArrayList<>();
        app.bundles().forEach(b -> n.add(b.symbolicName()));
        return n;
    }
}
