package io.hookline.itests.karaf;

import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static io.hookline.itests.karaf.KarafProcess.cells;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.hookline.itests.felix.Await;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution as a new operator meets it, in one boot of its own copy
 * ({@code hookline.karaf.operator.dir}): the read-only {@code viewer} user that
 * {@code etc/users.properties} ships commented out, enabled the way an operator would, against the
 * {@code hook:*} and {@code installer:*} ACLs; and the web console installed with the one documented
 * command while Maven is cut off (no remote repository, an empty local one), so every artifact must
 * come from the distribution's {@code system/}.
 *
 * <p>The commands of each scope are read from the jars the distribution ships ({@code @Command}
 * annotations), so a command added later is held to the same rule without editing this test.
 */
public class KarafOperatorIT {

    private static final String VIEWER = "viewer";
    /** The hook:* commands a viewer may run, each with arguments that make it do its job. */
    private static final Map<String, String> HOOK_VIEWER_COMMANDS = Map.of(
            "list", "hook:list",
            "chain", "hook:chain user_registered",
            "call", "hook:call chat_message hello",
            "health", "hook:health",
            "info", "hook:info shout",
            "audit", "hook:audit",
            "stats", "hook:stats chat_message");
    private static final Set<String> INSTALLER_READ_ONLY = Set.of("list", "info");
    private static final Pattern REFUSED = Pattern.compile("Insufficient credentials|Command not found");
    private static final Duration CONSOLE_DEADLINE = Duration.ofSeconds(90);

    private static KarafProcess karaf;
    private static int httpPort;
    private static Path work;

    @BeforeClass
    public static void boot() throws Exception {
        String dir = System.getProperty("hookline.karaf.operator.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("console"));
        work = Files.createTempDirectory(unpacked, "work-");
        karaf.useFreePorts();
        enableTheShippedViewer(karaf.home().resolve("etc/users.properties"));
        // offline: no remote repository and an empty local one, so only system/ can serve artifacts
        Path emptyRepository = Files.createDirectories(work.resolve("empty-m2"));
        karaf.configure("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", "");
        karaf.configure("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", emptyRepository.toString());
        // the web console's HTTP port, before the http feature installs its default (8181), on loopback only
        httpPort = KarafProcess.freePort();
        Files.writeString(karaf.home().resolve("etc/org.ops4j.pax.web.cfg"),
                "org.osgi.service.http.port = " + httpPort + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n");

        karaf.start(true);
        karaf.awaitClient("hook:list", out -> out.contains("shout"), BOOT_DEADLINE, "the example plugins in hook:list");
        karaf.awaitClient("installer:list", out -> out.contains("Status"), BOOT_DEADLINE, "installer:list");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void viewerMayReadAndCallEventsAndNothingElseInTheHookScope() throws Exception {
        Set<String> commands = commands("hook");
        assertTrue("help hook lists the verbs: " + commands, commands.containsAll(List.of("list", "call", "stop", "enable")));
        String statusBefore = status("shout");

        for (String command : commands) {
            String asViewer;
            if (HOOK_VIEWER_COMMANDS.containsKey(command)) {
                asViewer = viewer(HOOK_VIEWER_COMMANDS.get(command));
                assertFalse("a viewer may run hook:" + command + ":\n" + asViewer, REFUSED.matcher(asViewer).find());
            } else {
                asViewer = viewer("hook:" + command + " shout");
                assertTrue("a viewer is refused hook:" + command + ":\n" + asViewer, REFUSED.matcher(asViewer).find());
            }
        }
        assertEquals("HELLO", viewer("hook:call chat_message hello").strip());
        assertTrue(cells(viewer("hook:list"), "shout").contains("chat_message"));
        String oneEvent = viewer("hook:list chat_message");
        assertTrue("hook:list <event> starts with the event's contract:\n" + oneEvent,
                oneEvent.strip().startsWith("Event chat_message (undeclared: any state type)"));
        assertEquals("nothing a viewer ran changed the plugin", statusBefore, status("shout"));
        String asAdmin = karaf.client("hook:stop no-such-plugin");
        assertFalse("the admin is not refused:\n" + asAdmin, REFUSED.matcher(asAdmin).find());
    }

    @Test
    public void viewerIsRefusedEveryInstallerCommandThatChangesState() throws Exception {
        Path jar = Files.write(work.resolve("vip-1.0.0.jar"), InstallerRestartIT.vipBundle());
        Set<String> commands = commands("installer");
        assertTrue("help installer lists the commands: " + commands, commands.containsAll(List.of("install", "uninstall")));

        String refused = viewer("installer:install --path " + jar);
        assertTrue("a viewer is refused installer:install:\n" + refused, REFUSED.matcher(refused).find());
        assertFalse("nothing was installed", karaf.client("installer:list").contains("vip"));

        String installed = karaf.client("installer:install --path " + jar + " --app vip");
        assertTrue(installed, installed.contains("Installed vip"));
        try {
            for (String command : commands) {
                if (!INSTALLER_READ_ONLY.contains(command)) {
                    String asViewer = viewer("installer:" + command + " vip");
                    assertTrue("a viewer is refused installer:" + command + ":\n" + asViewer,
                            REFUSED.matcher(asViewer).find());
                }
            }
            String list = karaf.client("installer:list");
            assertTrue("the app is still installed:\n" + list,
                    list.lines().anyMatch(l -> l.startsWith("vip ") && l.contains("INSTALLED")));
        } finally {
            karaf.client("installer:uninstall vip");
        }
    }

    /**
     * A viewer cannot rewrite the ACLs that confine it: Karaf 4.4.10's config ACL has no entry for
     * {@code config:install}, so any shell user could overwrite {@code etc/} files with it (the hook
     * ACL among them, then run hook:stop). The distribution's config ACL makes it admin-only.
     */
    @Test
    public void viewerCannotOverwriteTheAclsWithConfigInstall() throws Exception {
        Path acl = karaf.home().resolve("etc/org.apache.karaf.command.acl.hook.cfg");
        String before = Files.readString(acl);
        Path evil = Files.writeString(work.resolve("evil-acl.cfg"), "* = viewer\n");
        String out = viewer("config:install -o " + evil.toUri() + " org.apache.karaf.command.acl.hook.cfg");
        assertTrue("a viewer is refused config:install:\n" + out, REFUSED.matcher(out).find());
        assertEquals("the hook ACL is untouched", before, Files.readString(acl));
        assertTrue("still refused hook:stop", REFUSED.matcher(viewer("hook:stop shout")).find());
    }

    /**
     * A viewer cannot go around the command ACLs through the services themselves: Gogo gives every
     * user {@code $.context}, so {@code $s enable} on PluginAdmin (and {@code uninstall} on Installer)
     * must check the caller's role (found by the attack review).
     */
    @Test
    public void viewerCannotUndoAStopThroughTheServiceItself() throws Exception {
        karaf.client("hook:stop shout");
        try {
            assertEquals("STOPPED", status("shout"));
            String out = viewer("s = ($.context getService ($.context getServiceReference "
                    + "io.hookline.event.admin.PluginAdmin)) ; $s enable shout");
            assertTrue("the service refuses a viewer:\n" + out, out.contains("needs the role 'admin'"));
            assertEquals("the operator's stop holds", "STOPPED", status("shout"));
            String inst = viewer("i = ($.context getService ($.context getServiceReference "
                    + "io.hookline.installer.Installer)) ; $i uninstall nothing-here");
            assertTrue("the installer refuses a viewer:\n" + inst, inst.contains("needs the role 'admin'"));
        } finally {
            karaf.client("hook:enable shout");
        }
    }

    @Test
    public void webConsoleInstallsWithoutNetworkAndAnswersOnLoopback() throws Exception {
        String out = karaf.client("feature:install http webconsole");
        assertFalse("feature:install from system/ only:\n" + out, out.contains("Error") || out.contains("rror executing"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8));
        URI bundles = URI.create("http://127.0.0.1:" + httpPort + "/system/console/bundles");
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        Await.awaitUntil("/system/console/bundles answers 200 to the admin", CONSOLE_DEADLINE, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(bundles).header("Authorization", auth)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last.set(r.statusCode() + " " + abbreviate(r.body()));
                return r.statusCode() == 200 && r.body().contains("io.hookline.core");
            } catch (IOException e) {
                last.set(e.toString());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, last::get);
        HttpResponse<Void> anonymous = http.send(HttpRequest.newBuilder(bundles).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals("the console asks for credentials", 401, anonymous.statusCode());
    }

    /** Uncomments the viewer user and its group, which the distribution ships commented out. */
    static void enableTheShippedViewer(Path users) throws IOException {
        String text = Files.readString(users);
        String user = "#viewer = viewer,_g_:viewergroup";
        String group = "#_g_\\:viewergroup = group,viewer,ssh";
        assertTrue("users.properties ships the viewer commented out:\n" + text, text.contains(user) && text.contains(group));
        Files.writeString(users, text.replace(user, user.substring(1)).replace(group, group.substring(1)));
    }

    /**
     * The command names of a scope, as the distribution ships them: every {@code @Command} of that
     * scope in Hookline's jars in {@code system/} (Karaf's {@code help} prints nothing under
     * {@code bin/client -b}). The classes are loaded, not initialised, beside Karaf's shell API.
     */
    private static Set<String> commands(String scope) throws Exception {
        Path system = karaf.home().resolve("system");
        List<Path> hookline;
        List<Path> shellApi;
        try (Stream<Path> jars = Files.walk(system.resolve("io/hookline"))) {
            hookline = jars.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        try (Stream<Path> jars = Files.walk(system.resolve("org/apache/karaf/shell/org.apache.karaf.shell.core"))) {
            shellApi = jars.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : Stream.concat(hookline.stream(), shellApi.stream()).toList()) {
            urls.add(jar.toUri().toURL());
        }
        Set<String> names = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (Path jar : hookline) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (String entry : file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList()) {
                        String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                        Class<?> type;
                        try {
                            type = Class.forName(className, false, loader);
                        } catch (ClassNotFoundException | LinkageError e) {
                            continue; // a class needing a library the shell API does not bring is no command
                        }
                        for (Annotation a : type.getAnnotations()) {
                            if (a.annotationType().getName().equals("org.apache.karaf.shell.api.action.Command")
                                    && scope.equals(a.annotationType().getMethod("scope").invoke(a))) {
                                names.add((String) a.annotationType().getMethod("name").invoke(a));
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static String viewer(String command) throws Exception {
        return karaf.clientAs(VIEWER, VIEWER, command);
    }

    private static String status(String plugin) throws Exception {
        List<String> row = cells(karaf.client("hook:list"), plugin);
        return row.stream().filter(c -> c.matches("[A-Z]+")).findFirst()
                .orElseThrow(() -> new AssertionError("no status in " + row));
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
