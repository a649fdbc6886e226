package io.hookline.itests.karaf;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static io.hookline.itests.karaf.KarafProcess.cells;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Hookline page of the web console in a real headless browser: Debian's {@code chromium}
 * driven by its {@code chromedriver} through Selenium (both from {@code /usr/bin}; nothing is
 * downloaded), against one boot of the distribution with the web console as it ships (booted, on
 * loopback), on a free HTTP port. A {@code viewer} user is added and the console's role set to
 * {@code viewer} (which admins also have) so that a read-only user can open the page at all.
 *
 * <p>Reads each example event's graph from the cytoscape instance the page draws, stops a plugin
 * with the admin's button, and checks the viewer's page and a forged POST. Saves
 * {@code target/webconsole-hookline.png}.
 */
public class WebConsolePageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_DEADLINE = Duration.ofSeconds(60);
    private static final Duration UI_DEADLINE = Duration.ofSeconds(20);
    private static final Pattern TOKEN = Pattern.compile("data-token='([A-Za-z0-9_-]+)'");

    private static KarafProcess karaf;
    private static int port;
    private static Path work;

    @BeforeClass
    public static void boot() throws Exception {
        String dir = System.getProperty("hookline.karaf.webconsole.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("WebConsolePageIT needs Debian's chromium and chromedriver in /usr/bin: "
                    + "apt-get update && apt-get install -y chromium chromium-driver (.ci/run does it)");
        }
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("console"));
        work = Files.createTempDirectory(unpacked, "work-");
        karaf.useFreePorts();
        port = karaf.httpPort();
        assertTrue("the distribution ships etc/org.ops4j.pax.web.cfg", port > 0);
        Files.writeString(karaf.home().resolve("etc/users.properties"),
                "\nviewer = viewer,_g_:viewergroup\n_g_\\:viewergroup = group,viewer,ssh\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        // the console admits one role; admins have viewer too, so both may open it
        Files.writeString(karaf.home().resolve("etc/org.apache.karaf.webconsole.cfg"), "realm = karaf\nrole = viewer\n");
        // every call measured, so a few hook:calls give the page halts and latencies to show
        Files.writeString(karaf.home().resolve("etc/io.hookline.core.cfg"), "\nmetrics.sample.every = 1\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        karaf.start(true);
        karaf.awaitClient("hook:list", out -> out.contains("welcome-message") && out.contains("shout"), BOOT_DEADLINE,
                "the example plugins in hook:list");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI page = page();
        String[] last = {""};
        awaitUntil("the Hookline page answers on " + page, PAGE_DEADLINE, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(page).header("Authorization", basic("karaf", "karaf"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last[0] = r.statusCode() + " " + r.body().length() + " chars";
                return r.statusCode() == 200 && r.body().contains("id='hl-data'");
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
        }, () -> last[0]);
    }

    @AfterClass
    public static void shutdown() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void adminSeesEachEventsGraphAndStopRecoloursThePlugin() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(page("karaf", "karaf"));
            awaitGraphs(browser);

            Map<String, Object> signup = graph(browser, "user_registered");
            assertEquals(Set.of("normalize-email", "block-disposable", "welcome-message"), ids(signup.get("nodes")));
            assertEquals(Set.of("normalize-email->block-disposable", "normalize-email->welcome-message"), ids(signup.get("edges")));
            assertEquals(Set.of(), crossEdges(signup));
            assertEquals("elements drawn invisible", List.of(), signup.get("hidden"));
            assertEquals(1L, node(signup, "normalize-email").get("position"));
            assertEquals(2L, node(signup, "block-disposable").get("position"));
            assertEquals(3L, node(signup, "welcome-message").get("position"));
            assertEquals(Boolean.TRUE, node(signup, "block-disposable").get("critical"));
            Map<String, Object> chat = graph(browser, "chat_message");
            assertEquals(Set.of("shout"), ids(chat.get("nodes")));
            assertEquals(Set.of(), ids(chat.get("edges")));
            assertEquals("elements drawn invisible", List.of(), chat.get("hidden"));
            assertEquals("rgb(46,125,50)", colour(browser, "user_registered", "welcome-message"));
            screenshot(browser, "webconsole-hookline.png");

            browser.findElement(By.cssSelector("#hl-plugins tr[data-plugin='welcome-message'] button[data-verb='stop']")).click();
            awaitUntil("welcome-message is STOPPED on the reloaded page", UI_DEADLINE, () -> {
                try {
                    return "STOPPED".equals(browser.findElement(By.cssSelector("#hl-plugins tr[data-plugin='welcome-message']"))
                            .getAttribute("data-status"))
                            && "true".equals(browser.findElement(By.cssSelector(".hl-graph[data-event='user_registered']"))
                            .getAttribute("data-ready"));
                } catch (org.openqa.selenium.WebDriverException stale) { // the page is reloading
                    return false;
                }
            }, () -> message(browser));
            assertEquals("STOPPED", node(graph(browser, "user_registered"), "welcome-message").get("status"));
            assertEquals("rgb(158,158,158)", colour(browser, "user_registered", "welcome-message"));
            List<String> row = cells(karaf.client("hook:list"), "welcome-message");
            assertTrue(row.toString(), row.contains("STOPPED"));
            screenshot(browser, "webconsole-hookline-stopped.png");
        } finally {
            browser.quit();
            karaf.client("hook:enable welcome-message");
        }
    }

    @Test
    public void criticalAndHaltingPluginsAreMarkedAndTheDetailsShowMetrics() throws Exception {
        for (int i = 0; i < 3; i++) {
            String out = karaf.client("hook:call user_registered '{\"email\":\"x" + i + "@mailinator.com\"}'");
            assertTrue(out, out.contains("halted by block-disposable"));
        }
        karaf.client("hook:call user_registered '{\"email\":\"alice@example.com\"}'");
        String stats = karaf.client("hook:stats user_registered");
        assertTrue(stats, stats.contains("~ estimated: one call in 1 per event is sampled"));
        WebDriver browser = browser();
        try {
            browser.get(page("karaf", "karaf"));
            awaitGraphs(browser);
            Map<String, Object> signup = graph(browser, "user_registered");
            Map<String, Object> block = node(signup, "block-disposable");
            assertEquals(Boolean.TRUE, block.get("critical"));
            assertEquals(Boolean.TRUE, block.get("halting"));
            assertEquals(Boolean.TRUE, block.get("haltedRecently"));
            assertEquals(Boolean.FALSE, node(signup, "normalize-email").get("halting"));
            assertEquals(Boolean.FALSE, node(signup, "normalize-email").get("critical"));
            // drawn distinctly: the critical guard double-bordered, the halting plugin an octagon
            assertEquals("octagon", style(browser, "user_registered", "block-disposable", "shape"));
            assertEquals("double", style(browser, "user_registered", "block-disposable", "border-style"));
            assertEquals("roundrectangle", style(browser, "user_registered", "normalize-email", "shape").replace("-", ""));
            assertEquals("solid", style(browser, "user_registered", "normalize-email", "border-style"));
            String legend = browser.findElement(By.cssSelector("#hookline p.hl-legend")).getText();
            assertTrue(legend, legend.contains("double red border: a critical plugin"));
            assertTrue(legend, legend.contains("octagon: a plugin seen halting calls"));

            String metrics = browser.findElement(By.cssSelector("#hl-plugins tr[data-plugin='block-disposable'] td.hl-metrics"))
                    .getText();
            Matcher calls = Pattern.compile("calls~ (\\d+), halts~ (\\d+), failures 0, skips 0, breaker opens 0,"
                    + " p50 [0-9.]+ \u00b5s, p99 [0-9.]+ \u00b5s \\((\\d+) samples\\)").matcher(metrics);
            assertTrue(metrics, calls.find());
            assertTrue(metrics, Long.parseLong(calls.group(1)) >= 4);
            assertTrue(metrics, Long.parseLong(calls.group(2)) >= 3);
            assertTrue(metrics, Long.parseLong(calls.group(3)) >= 4);
            assertTrue(browser.findElement(By.id("hl-metrics-legend")).getText().contains("one call in 1 per event"));
            screenshot(browser, "webconsole-hookline-metrics.png");
        } finally {
            browser.quit();
        }
    }

    private static String style(WebDriver browser, String event, String plugin, String property) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return window.hooklineGraphs[arguments[0]].getElementById(arguments[1]).style(arguments[2]);", event, plugin,
                property));
    }

    @Test
    public void viewerSeesThePageButNoActionButtons() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(page("viewer", "viewer"));
            awaitGraphs(browser);
            assertEquals(Set.of("normalize-email", "block-disposable", "welcome-message"),
                    ids(graph(browser, "user_registered").get("nodes")));
            List<WebElement> buttons = browser.findElements(By.cssSelector("button.hl-action"));
            assertEquals("action buttons shown to a viewer", List.of(), buttons);
            assertEquals("", browser.findElement(By.id("hookline")).getAttribute("data-token"));
            assertEquals("false", browser.findElement(By.id("hookline")).getAttribute("data-admin"));
        } finally {
            browser.quit();
        }
    }

    @Test
    public void aForgedPostIsRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String origin = "http://127.0.0.1:" + port;
        // an admin's credentials (a browser replays them to any page that posts here), no token
        HttpResponse<String> noToken = post(http, "karaf", "karaf", origin, null, "verb=stop&plugin=shout");
        assertEquals(noToken.body(), 403, noToken.statusCode());
        assertTrue(noToken.body(), noToken.body().contains("token"));
        // the session's real token, but from another origin
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(page()).header("Authorization", basic("karaf", "karaf"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(get.body());
        assertTrue("an admin's page carries a token", token.find());
        HttpResponse<String> otherOrigin = post(http, "karaf", "karaf", "http://evil.example", token.group(1), "verb=stop&plugin=shout");
        assertEquals(otherOrigin.body(), 403, otherOrigin.statusCode());
        assertTrue(otherOrigin.body(), otherOrigin.body().contains("Origin"));
        // a viewer with the admin's token (a stolen session cookie is not enough either)
        HttpResponse<String> viewer = post(http, "viewer", "viewer", origin, token.group(1), "verb=stop&plugin=shout");
        assertEquals(viewer.body(), 403, viewer.statusCode());
        // a GET changes nothing
        HttpResponse<String> viaGet = http.send(HttpRequest.newBuilder(URI.create(page() + "?verb=stop&plugin=shout"))
                .header("Authorization", basic("karaf", "karaf")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, viaGet.statusCode());
        assertTrue(karaf.client("hook:list"), cells(karaf.client("hook:list"), "shout").contains("REGISTERED"));
        // the same request with token and origin does run: the refusals above were the checks
        HttpResponse<String> real = post(http, "karaf", "karaf", origin, token.group(1), "verb=restart&plugin=shout");
        assertEquals(real.body(), 200, real.statusCode());
        assertTrue(real.body(), real.body().contains("STARTED"));
    }

    /** The shell's view of the same graph, in this boot: {@code hook:chain --dot} through bin/client. */
    @Test
    public void hookChainDotPrintsTheSameGraph() throws Exception {
        String dot = karaf.client("hook:chain --dot user_registered");
        assertTrue(dot, dot.contains("digraph \"user_registered\" {"));
        assertTrue(dot, dot.contains("\"normalize-email\" -> \"block-disposable\";"));
        assertTrue(dot, dot.contains("\"normalize-email\" -> \"welcome-message\";"));
        assertTrue(dot, dot.contains("peripheries=2")); // block-disposable is critical
        assertTrue(dot, dot.strip().endsWith("}"));
    }

    private static HttpResponse<String> post(HttpClient http, String user, String password, String origin, String token, String form)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(page()).header("Authorization", basic(user, password))
                .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            b.header("X-Hookline-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile;
        try {
            profile = Files.createTempDirectory(work, "chromium-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the machine's closed network: no background, sync or update traffic (java-maven machine notes)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static String message(WebDriver browser) {
        try {
            return "message '" + browser.findElement(By.id("hl-message")).getText() + "'";
        } catch (org.openqa.selenium.WebDriverException e) {
            return e.toString();
        }
    }

    private static void awaitGraphs(WebDriver browser) {
        awaitUntil("both example graphs drawn", UI_DEADLINE,
                () -> browser.findElements(By.cssSelector(".hl-graph[data-ready='true']")).size() == 2,
                () -> browser.getPageSource().length() + " chars: " + browser.getTitle());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> graph(WebDriver browser, String event) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "var cy = window.hooklineGraphs[arguments[0]];"
                        + "return {nodes: cy.nodes().map(function (n) { return n.data(); }),"
                        + " edges: cy.edges().map(function (e) { return e.data(); }),"
                        + " hidden: cy.elements().filter(function (e) { return !e.visible(); }).map(function (e) { return e.id(); })};", event);
    }

    private static String colour(WebDriver browser, String event, String plugin) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return window.hooklineGraphs[arguments[0]].getElementById(arguments[1]).style('background-color');", event, plugin))
                .replace(" ", "");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ids(Object elements) {
        Set<String> ids = new TreeSet<>();
        for (Object e : (List<Object>) elements) {
            ids.add(String.valueOf(((Map<String, Object>) e).get("id")));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> crossEdges(Map<String, Object> graph) {
        Set<String> ids = new TreeSet<>();
        for (Object e : (List<Object>) graph.get("edges")) {
            Map<String, Object> edge = (Map<String, Object>) e;
            if (Boolean.TRUE.equals(edge.get("cross"))) {
                ids.add(String.valueOf(edge.get("id")));
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> graph, String id) {
        return ((List<Object>) graph.get("nodes")).stream().map(n -> (Map<String, Object>) n)
                .filter(n -> id.equals(n.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id + " in " + graph));
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(System.getProperty("hookline.karaf.webconsole.dir")).getParent().resolve(name);
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static URI page() {
        return URI.create("http://127.0.0.1:" + port + "/system/console/hookline");
    }

    private static String page(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port + "/system/console/hookline";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
