package io.hookline.itests.karaf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One unpacked distribution run as a process ({@code bin/karaf server}) on free ports, with its
 * default {@code data/} folder under the home, driven through {@code bin/client -b}. Unlike
 * {@code KarafDistributionIT}'s plumbing it can be killed ({@code kill -9} of the Karaf JVM) and
 * started again, with or without {@code clean}. Not thread-safe: one test drives it.
 */
final class KarafProcess implements AutoCloseable {

    static final Duration BOOT_DEADLINE = Duration.ofSeconds(120);
    private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final Path home;
    private final Path console;
    private int sshPort;
    private int httpPort = -1;
    private int rmiRegistryPort = -1;
    private int rmiServerPort = -1;
    private Process karaf;
    private int boots;

    /**
     * @param unpacked the folder the distribution's tar.gz was unpacked into
     * @param console where the console output of each boot goes ({@code <console>-<n>.out})
     */
    KarafProcess(Path unpacked, Path console) throws IOException {
        this.home = findHome(unpacked);
        this.console = console;
        makeScriptsExecutable();
    }

    /** @return the distribution's home ({@code bin/}, {@code etc/}, {@code data/}) */
    Path home() {
        return home;
    }

    /** @return Karaf's data folder, the one {@code clean} wipes */
    Path data() {
        return home.resolve("data");
    }

    /** @return Hookline's durable state folder as shipped, {@code ${karaf.base}/hookline}, the one {@code clean} keeps */
    Path state() {
        return home.resolve("hookline");
    }

    /** Deletes a folder and everything under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return the web console's HTTP port {@link #useFreePorts} set, or -1 (a distribution without etc/org.ops4j.pax.web.cfg) */
    int httpPort() {
        return httpPort;
    }

    /** Sets free SSH, JMX and (where the distribution ships its Pax Web .cfg) HTTP ports in {@code etc/} (before a boot). */
    void useFreePorts() throws IOException {
        // the distribution boots http (the web console, the health checks need it); a stock Karaf has
        // no pax-web config until http is installed
        Path web = home.resolve("etc/org.ops4j.pax.web.cfg");
        if (Files.exists(web)) {
            httpPort = freePort();
            setProperty(web, "org.osgi.service.http.port", String.valueOf(httpPort));
        }
        sshPort = freePort();
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort));
        rmiRegistryPort = freePort();
        rmiServerPort = freePort();
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(rmiRegistryPort));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(rmiServerPort));
    }

    /** @return the JMX RMI connector's URL on the ports {@link #useFreePorts} set (Karaf's {@code serviceUrl}, instance {@code root}) */
    String jmxUrl() {
        if (rmiRegistryPort < 0) {
            throw new IllegalStateException("no JMX ports set: call useFreePorts() before the boot");
        }
        return "service:jmx:rmi://127.0.0.1:" + rmiServerPort + "/jndi/rmi://127.0.0.1:" + rmiRegistryPort + "/karaf-root";
    }

    /**
     * Starts {@code bin/karaf server}, with {@code clean} (Karaf wipes {@code data/} first) if asked.
     * Returns at once; wait with {@link #awaitClient}.
     */
    void start(boolean clean) throws IOException {
        if (karaf != null && karaf.isAlive()) {
            throw new IllegalStateException("Karaf is already running (pid " + karaf.pid() + ")");
        }
        boots++;
        // 'server' must come first: bin/karaf passes the first argument it does not know, and every
        // one after it, to Karaf's Main, which reads 'clean'
        karaf = process(clean ? List.of("karaf", "server", "clean") : List.of("karaf", "server"))
                .redirectErrorStream(true)
                .redirectOutput(consoleFile().toFile())
                .start();
    }

    /** @return the console output file of the current boot */
    Path consoleFile() {
        return console.resolveSibling(console.getFileName() + "-" + boots + ".out");
    }

    /**
     * SIGKILLs the Karaf JVM (the java child of the {@code bin/karaf} script this object started)
     * and waits for the script to exit.
     *
     * @return the killed JVM's pid
     */
    long killJvm() throws InterruptedException {
        ProcessHandle jvm = karafJvm().orElseThrow(() -> new AssertionError("no Karaf JVM under " + karaf.pid()));
        jvm.destroyForcibly();
        awaitExit(List.of(jvm, karaf.toHandle()), STOP_DEADLINE);
        if (jvm.isAlive()) {
            throw new AssertionError("Karaf JVM " + jvm.pid() + " survived SIGKILL for " + STOP_DEADLINE);
        }
        if (karaf.isAlive()) { // the script exits with the JVM's status; if it does not, end it
            karaf.destroyForcibly();
        }
        return jvm.pid();
    }

    /** @return the Karaf JVM: the java process among the descendants of the script this object started */
    Optional<ProcessHandle> karafJvm() {
        return karaf.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** Stops Karaf with {@code bin/stop}, waits for it with a deadline, then kills what is left (by pid). */
    @Override
    public void close() throws Exception {
        if (karaf == null || !karaf.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(karaf.toHandle()), karaf.descendants()).toList();
        try {
            Process stop = process(List.of("stop")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } finally {
            awaitExit(tree, STOP_DEADLINE);
            for (ProcessHandle p : tree) {
                if (p.isAlive()) {
                    System.err.println("Karaf process " + p.pid() + " did not stop within " + STOP_DEADLINE + ": killing it");
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Runs one command through {@code bin/client} as the admin {@code karaf}; returns its output without ANSI colours. */
    String client(String command) throws IOException, InterruptedException {
        return clientAs("karaf", "karaf", command);
    }

    /** Runs one command through {@code bin/client} as {@code user}; returns its output without ANSI colours. */
    String clientAs(String user, String password, String command) throws IOException, InterruptedException {
        Process client = process(List.of("client", "-a", String.valueOf(sshPort), "-u", user, "-p", password, "-b"))
                .redirectErrorStream(true)
                .start();
        client.getOutputStream().write((command + "\n").getBytes(UTF_8));
        client.getOutputStream().close();
        byte[] out = client.getInputStream().readAllBytes();
        if (!client.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            fail("bin/client did not finish '" + command + "' within " + CLIENT_DEADLINE);
        }
        return ANSI.matcher(new String(out, UTF_8)).replaceAll("");
    }

    /** Polls {@code command} until its output satisfies {@code ready}, failing at the deadline or if Karaf exits. */
    String awaitClient(String command, Predicate<String> ready, Duration deadline, String what) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + " while waiting for " + what + "; see " + consoleFile());
            }
            last = client(command);
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(300); // between polls only: each poll is a full client start
        }
        throw new AssertionError("no " + what + " within " + deadline + "; last output:\n" + last
                + "\nthread dump of the Karaf JVM: " + threadDump());
    }

    /** Writes {@code jcmd <pid> Thread.print} of the Karaf JVM beside the console output, for a boot that hangs. */
    private Path threadDump() {
        Path dump = console.resolveSibling(console.getFileName() + "-" + boots + ".threads");
        try {
            Optional<ProcessHandle> jvm = karafJvm();
            if (jvm.isPresent()) {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(jvm.get().pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
                if (!jcmd.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    jcmd.destroyForcibly();
                }
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("no thread dump: " + e);
        }
        return dump;
    }

    /** The row of a {@code |}-separated shell table naming {@code name} in a cell of its own, split into stripped cells. */
    static List<String> cells(String table, String name) {
        return table.lines()
                .map(line -> Stream.of(line.split("\\|")).map(String::strip).toList())
                .filter(cells -> cells.contains(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + table));
    }

    /**
     * Appends (or replaces) {@code key = value} in a .cfg file of {@code etc/}, where the default is
     * commented out; a replaced value's continuation lines (ending in {@code \}) go with it.
     */
    void configure(String cfg, String key, String value) throws IOException {
        configure(cfg, java.util.Map.of(key, value));
    }

    /** Sets several keys of a .cfg file of {@code etc/} in one atomic write (fileinstall sees all or none). */
    void configure(String cfg, java.util.Map<String, String> entries) throws IOException {
        Path file = home.resolve("etc").resolve(cfg);
        String text = Files.readString(file);
        for (java.util.Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
            Pattern line = Pattern.compile("^[ \\t]*" + Pattern.quote(e.getKey()) + "[ \\t]*[=:](?:[^\\n]*\\\\\\n)*[^\\n]*$",
                    Pattern.MULTILINE);
            String entry = e.getKey() + " = " + e.getValue();
            text = line.matcher(text).find() ? line.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(entry))
                    : text + (text.endsWith("\n") ? "" : "\n") + entry + "\n";
        }
        replace(file, text);
    }

    /**
     * Writes {@code text} to {@code file} in one atomic rename. Why: Karaf's fileinstall polls
     * {@code etc/} and writes a configuration back to its file after updating it; a plain write
     * (truncate, then write) read half-way gave a node an empty cluster configuration that
     * fileinstall then saved over the test's own write (seen in ClusterKarafIT under load: the key
     * never arrived). The temporary name does not end in {@code .cfg}, so fileinstall ignores it.
     */
    static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".writing");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes an uncommented {@code key} (and its continuation lines) from a .cfg file of {@code etc/}, back to the default. */
    void unset(String cfg, String key) throws IOException {
        Path file = home.resolve("etc").resolve(cfg);
        Pattern line = Pattern.compile("^[ \\t]*" + Pattern.quote(key) + "[ \\t]*[=:](?:[^\\n]*\\\\\\n)*[^\\n]*\\n?",
                Pattern.MULTILINE);
        replace(file, line.matcher(Files.readString(file)).replaceAll(""));
    }

    private ProcessBuilder process(List<String> script) {
        List<String> command = Stream.concat(Stream.of(home.resolve("bin").resolve(script.get(0)).toString()),
                script.stream().skip(1)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("KARAF_DATA"); // the home's data/, the folder 'clean' wipes
        env.remove("JAVA_OPTS");
        return builder;
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    /** @return the Karaf home (the folder with bin/karaf) inside an unpacked distribution */
    static Path findHome(Path unpacked) throws IOException {
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("bin/karaf")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no unpacked distribution (bin/karaf) under " + unpacked
                            + "; run the build's pre-integration-test phase"));
        }
    }

    private void makeScriptsExecutable() throws IOException {
        makeScriptsExecutable(home);
    }

    /** The unpacker may drop the execute bits of the tar entries. */
    static void makeScriptsExecutable(Path home) throws IOException {
        try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
            scripts.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".bat"))
                    .map(Path::toFile)
                    .forEach(f -> {
                        if (!f.setExecutable(true)) {
                            throw new UncheckedIOException(new IOException("cannot make " + f + " executable"));
                        }
                    });
        }
    }

    /** Rewrites {@code key = value} in a Karaf .cfg file (the key must be there, uncommented). */
    static void setProperty(Path cfg, String key, String value) throws IOException {
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$", Pattern.MULTILINE);
        String text = Files.readString(cfg);
        if (!line.matcher(text).find()) {
            throw new AssertionError(key + " not found in " + cfg);
        }
        replace(cfg, line.matcher(text).replaceAll(key + " = " + value));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
