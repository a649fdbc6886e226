package io.hookline.itests.felix;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.nio.file.Path;
import org.ops4j.pax.exam.Option;

/**
 * The runtime the Pax Exam tests boot in native Felix: the Hookline jars the reactor just built
 * (their {@code target} folders), Felix SCR with the OSGi libraries it needs, Config Admin and H2.
 *
 * <p>Versions come from system properties set by the failsafe execution (the root pom's
 * properties), with the same values as defaults so a test also runs from an IDE.
 */
final class HooklineRuntime {

    /** Version of the Hookline bundles under test. */
    static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");

    static final String SIGNUP_BUNDLE = "io.hookline.examples.signup";
    static final String GREETING_BUNDLE = "io.hookline.examples.greeting";

    private HooklineRuntime() {
    }

    /**
     * @param name names the container's working directory under {@code target/paxexam}
     * @return the container plumbing: local repository pass-through, JUnit bundles, clean storage
     */
    static Option container(String name) {
        return composite(
                // pax-url inside the framework resolves from the build's local repository first
                systemProperty("org.ops4j.pax.url.mvn.localRepository")
                        .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                Path.of(System.getProperty("user.home"), ".m2", "repository").toString())),
                systemProperty("org.ops4j.pax.url.mvn.repositories")
                        .value("+https://repo1.maven.org/maven2@id=central"),
                workingDirectory(targetDir().resolve("paxexam").resolve(name).toString()),
                cleanCaches(),
                junitBundles());
    }

    /** @return the engine: API, store, core, and what they need at runtime */
    static Option engine() {
        return composite(
                // Felix SCR needs these three beside it
                mavenBundle("org.osgi", "org.osgi.util.function", "1.2.0"),
                mavenBundle("org.osgi", "org.osgi.util.promise", "1.3.0"),
                mavenBundle("org.osgi", "org.osgi.service.component", "1.5.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", version("felix.scr.version", "2.2.18")),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin",
                        version("felix.configadmin.version", "1.9.26")),
                mavenBundle("com.h2database", "h2", version("h2.version", "2.3.232")),
                // the Log Service the engine's DS logger comes from
                mavenBundle("org.apache.felix", "org.apache.felix.log", "1.3.0"),
                hookline("io.hookline.api"),
                hookline("io.hookline.store"),
                hookline("io.hookline.core"));
    }

    /** @return the two example plugin bundles */
    static Option examples() {
        return composite(hookline(SIGNUP_BUNDLE), hookline(GREETING_BUNDLE));
    }

    /**
     * The jar the reactor just built ({@code bundles/<artifactId>/target}), never a snapshot left in
     * the local repository by an earlier build.
     */
    static Option hookline(String artifactId) {
        return bundle(bundleFile(artifactId).toUri().toString());
    }

    /** @return the freshly built jar of a Hookline bundle; fails if the reactor did not build it */
    static Path bundleFile(String artifactId) {
        Path jar = targetDir().getParent().getParent().resolve("bundles").resolve(artifactId).resolve("target")
                .resolve(artifactId + "-" + VERSION + ".jar");
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException("no freshly built " + jar + ": build the reactor (mvn install) first");
        }
        return jar;
    }

    private static String version(String property, String fallback) {
        return System.getProperty(property, fallback);
    }

    /** @return the module's {@code target} folder (failsafe sets {@code basedir}) */
    static Path targetDir() {
        return Path.of(System.getProperty("basedir", "."), "target").toAbsolutePath();
    }
}
