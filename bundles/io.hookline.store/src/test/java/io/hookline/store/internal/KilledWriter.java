package io.hookline.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A writer JVM for the kill -9 tests: started from this JVM's java and class path, its stdout in a
 * file (not a pipe: when a piped child dies, the JDK's reaper drains and swaps the pipe under a
 * concurrent reader, and ACK lines could be lost; seen under load as "224 records for 211 ACKs"),
 * killed with SIGKILL once it has acknowledged enough. Not thread-safe; one per test.
 */
final class KilledWriter implements AutoCloseable {

    private final Process child;
    private final Path stdout;
    private final Path stderr;

    private KilledWriter(Process child, Path stdout, Path stderr) {
        this.child = child;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code main} with {@code args}, its output in {@code dir}. */
    static KilledWriter start(File dir, Class<?> main, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path out = new File(dir, "child-stdout.txt").toPath();
        Path err = new File(dir, "child-stderr.txt").toPath();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new KilledWriter(p, out, err);
    }

    /** Polls the output file until {@code min} ACK lines are written, failing at the deadline or if the child exits. */
    void awaitAcks(int min, long deadlineSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        while (acks().size() < min) {
            if (!child.isAlive()) {
                fail("the writer exited with " + child.exitValue() + " after " + acks().size() + " ACKs; its stderr:\n"
                        + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + deadlineSeconds + " s for " + min + " ACKs from the writer, got " + acks().size()
                        + "; its stderr:\n" + Files.readString(stderr));
            }
            Thread.sleep(20); // between polls of the file only
        }
    }

    /** SIGKILLs the writer and checks it died of it. */
    void kill() throws InterruptedException {
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue("the writer did not die within 10 s of SIGKILL", child.waitFor(10, TimeUnit.SECONDS));
        assertFalse("the writer is still alive", child.toHandle().isAlive());
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertEquals("exit status of a process killed by signal 9", 128 + 9, child.exitValue());
        }
    }

    /** @return the numbers of the ACK lines the child finished writing (a line cut by the kill has no newline) */
    List<Integer> acks() throws IOException {
        String text = Files.readString(stdout, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        List<Integer> acks = new ArrayList<>();
        if (end >= 0) {
            for (String line : text.substring(0, end).split("\n")) {
                if (line.startsWith("ACK ")) {
                    acks.add(Integer.parseInt(line.substring(4)));
                }
            }
        }
        return acks;
    }

    @Override
    public void close() {
        if (child.isAlive()) {
            child.destroyForcibly();
        }
    }
}
