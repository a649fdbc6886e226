package io.hookline.itests.karaf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The packaged distribution, end to end, as an operator uses it: {@code bin/karaf server} in a
 * process of its own and {@code hook:*} commands typed through {@code bin/client}.
 *
 * <p>The distribution is unpacked by the build into {@code target/karaf} (system property
 * {@code hookline.karaf.dir}). Each run boots it with a fresh {@code KARAF_DATA} folder, no
 * Hookline state ({@code <home>/hookline}, where the store lives as shipped) and free ports (SSH,
 * JMX), so a Karaf started by hand or by another build on this machine does not interfere. Karaf runs on the JVM running this test ({@code JAVA_HOME = java.home}): Karaf 4.4
 * needs Java 17 to 23.
 *
 * <p>Console text is the only interface here, so the assertions read it; finer checks of the
 * engine's behaviour belong to the unit tests and to the Pax Exam tests, which read DTOs.
 */
public class KarafDistributionIT {

    private static final Duration BOOT_DEADLINE = Duration.ofSeconds(120);
    private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final List<String> EXAMPLE_PLUGINS =
            List.of("normalize-email", "block-disposable", "welcome-message", "shout");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private static Path home;
    private static Path data;
    private static int sshPort;
    private static Process karaf;

    @BeforeClass
    public static void startKaraf() throws Exception {
        // set by the karaf failsafe execution only: -Dit.test=KarafDistributionIT reaches the felix
        // execution too, which must skip this class rather than boot Karaf a second time
        String dir = System.getProperty("hookline.karaf.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        home = KarafProcess.findHome(unpacked);
        Path runDir = unpacked.getParent().resolve("karaf-it");
        Files.createDirectories(runDir);
        data = Files.createTempDirectory(runDir, "data-");
        KarafProcess.makeScriptsExecutable(home);
        KarafProcess.deleteTree(home.resolve("hookline"));
        sshPort = KarafProcess.freePort();
        KarafProcess.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort));
        KarafProcess.setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(KarafProcess.freePort()));
        KarafProcess.setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(KarafProcess.freePort()));
        // the distribution boots the web console: its HTTP port too
        KarafProcess.setProperty(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(KarafProcess.freePort()));

        long start = System.nanoTime();
        karaf = karafProcess("karaf", "server")
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".out").toFile())
                .start();
        String list = awaitClient("hook:list", out -> EXAMPLE_PLUGINS.stream().allMatch(out::contains),
                BOOT_DEADLINE, "the four example plugins in hook:list");
        System.out.printf("Karaf (pid %d) listed the example plugins %d ms after start%n%s%n", karaf.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), list);
    }

    @AfterClass
    public static void stopKaraf() throws Exception {
        if (karaf == null) {
            return;
        }
        try {
            Process stop = karafProcess("stop").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!stop.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } finally {
            // bin/karaf is a shell script whose java child is the real server: wait for the whole tree
            List<ProcessHandle> tree = Stream.concat(Stream.of(karaf.toHandle()), karaf.descendants()).toList();
            long deadline = System.nanoTime() + STOP_DEADLINE.toNanos();
            while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            for (ProcessHandle p : tree) {
                if (p.isAlive()) {
                    System.err.println("Karaf process " + p.pid() + " did not stop within " + STOP_DEADLINE + ": killing it");
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    public void listShowsTheExamplePluginsActive() throws Exception {
        String out = client("hook:list");

        for (String plugin : EXAMPLE_PLUGINS) {
            String row = row(out, plugin);
            assertTrue(plugin + " is not active in:\n" + out, row.contains("REGISTERED") || row.contains("STARTED"));
        }
        assertTrue(out, row(out, "shout").contains("chat_message"));
        assertTrue(out, row(out, "welcome-message").contains("io.hookline.examples.greeting"));
    }

    @Test
    public void hcExecVerboseHooklineShowsEachEventAndTheEngine() throws Exception {
        // hc:exec returns its report as the command's value, which bin/client -b does not print:
        // echo prints the value of the parenthesised command ("--": the report starts with a row
        // of dashes, which echo would otherwise take for an option, printing nothing)
        String out = awaitClient("echo -- (hc:exec -v hookline)",
                o -> o.contains("Hookline event user_registered") && o.contains("Hookline event chat_message"),
                BOOT_DEADLINE, "Hookline's health checks in hc:exec -v hookline");
        assertTrue(out, out.contains("event user_registered: plugin welcome-message ok"));
        assertTrue(out, out.contains("event chat_message: plugin shout ok"));
        assertTrue(out, !out.contains("CRITICAL"));
    }

    @Test
    public void callNormalizesTheEmailAndWelcomes() throws Exception {
        String out = client("hook:call user_registered '{\"email\":\" Alice@Example.COM \"}'");

        assertTrue(out, out.contains("\"email\":\"alice@example.com\""));
        assertTrue(out, out.contains("\"welcome\":\"Welcome, alice@example.com!\""));
        assertTrue(out, !out.contains("halted by"));
    }

    @Test
    public void callWithADisposableDomainIsHalted() throws Exception {
        String out = client("hook:call user_registered '{\"email\":\"x@mailinator.com\"}'");

        assertTrue(out, out.contains("halted by block-disposable"));
        assertTrue(out, out.contains("disposable email domain mailinator.com"));
        assertTrue(out, !out.contains("welcome"));
    }

    @Test
    public void callWithTextShouts() throws Exception {
        String out = client("hook:call chat_message hello");

        assertEquals("HELLO", out.strip());
    }

    @Test
    public void stoppedPluginLeavesTheChainUntilEnabled() throws Exception {
        try {
            String stopped = client("hook:stop welcome-message");
            assertTrue(stopped, row(stopped, "welcome-message").contains("STOPPED"));

            String chain = client("hook:chain user_registered");
            assertTrue(chain, row(chain, "welcome-message").contains("STOPPED"));
            assertTrue(chain, row(chain, "normalize-email").matches("\\s*1\\s*\\|.*"));

            String call = client("hook:call user_registered '{\"email\":\"bob@example.com\"}'");
            assertTrue(call, call.contains("\"email\":\"bob@example.com\"") && !call.contains("welcome"));
        } finally {
            String enabled = client("hook:enable welcome-message");
            assertTrue(enabled, row(enabled, "welcome-message").contains("STARTED"));
        }
        // both verbs are in the audit log under the JAAS user bin/client logged in as
        String audit = client("hook:audit --plugin welcome-message");
        assertTrue(audit, audit.lines().anyMatch(l -> l.contains("shell:karaf") && l.contains("plugin.stop") && l.contains(" ok ")));
        assertTrue(audit, audit.lines().anyMatch(l -> l.contains("shell:karaf") && l.contains("plugin.enable")));
    }

    @Test
    public void unknownPluginNamesTheName() throws Exception {
        String out = client("hook:stop no-such-plugin");

        assertTrue(out, out.contains("unknown plugin 'no-such-plugin'"));
    }

    /** Runs one command through {@code bin/client}; returns its output without ANSI colours. */
    private static String client(String command) throws IOException, InterruptedException {
        Process client = karafProcess("client", "-a", String.valueOf(sshPort), "-u", "karaf", "-p", "karaf", "-b")
                .redirectErrorStream(true)
                .start();
        client.getOutputStream().write((command + "\n").getBytes(UTF_8));
        client.getOutputStream().close();
        // the output is small; read it fully, then make sure the client is gone
        byte[] out = client.getInputStream().readAllBytes();
        if (!client.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            fail("bin/client did not finish '" + command + "' within " + CLIENT_DEADLINE);
        }
        return ANSI.matcher(new String(out, UTF_8)).replaceAll("");
    }

    /** Polls {@code command} until its output satisfies {@code ready}, failing at the deadline. */
    private static String awaitClient(String command, Predicate<String> ready, Duration deadline, String what)
            throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + " while waiting for " + what + "; see " + data + ".out");
            }
            last = client(command);
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(500); // between polls only: each poll is a full client start
        }
        throw new AssertionError("no " + what + " within " + deadline + "; last output:\n" + last);
    }

    /** The table row naming {@code name} in its own cell. */
    private static String row(String table, String name) {
        return table.lines()
                .filter(line -> Stream.of(line.split("\\|")).map(String::strip).anyMatch(name::equals))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + table));
    }

    private static ProcessBuilder karafProcess(String script, String... args) {
        List<String> command = Stream.concat(Stream.of(home.resolve("bin").resolve(script).toString()), Stream.of(args))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KARAF_DATA", data.toString());
        env.remove("JAVA_OPTS"); // a caller's JAVA_OPTS (debug agents...) would apply to every client too
        return builder;
    }
}
