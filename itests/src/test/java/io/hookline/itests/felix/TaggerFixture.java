package io.hookline.itests.felix;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.sun.net.httpserver.HttpServer;
import io.hookline.itests.felix.fixture.TaggerV1;
import io.hookline.itests.felix.fixture.TaggerV2;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.Constants;

/**
 * The app {@code InstallerIT} installs, upgrades, breaks and removes: bundle
 * {@code acme.plugins.tagger} (not an {@code io.hookline.*} name: the installer protects those), in
 * three versions built with TinyBundles on the driver side when the configuration is computed:
 * 1.0.0 ({@link TaggerV1}), 2.0.0 ({@link TaggerV2}) and 3.0.0 (TaggerV2's activator, plus an
 * import of {@value #MISSING_PACKAGE}, which nothing exports). The jars go to
 * {@code target/fixtures/tagger}, and a JDK {@link HttpServer} on 127.0.0.1, started in the driver
 * JVM (the native container's framework runs in it too), serves that folder. Tests find the jars
 * and the server's base URL through system properties.
 */
final class TaggerFixture {

    static final String APP = "tagger";
    static final String SYMBOLIC_NAME = "acme.plugins.tagger";
    static final String PLUGIN = "tagger";
    static final String EVENT = "tag_me";
    static final String MISSING_PACKAGE = "acme.missing.api";
    static final String V1_PROPERTY = "hookline.fixture.tagger.v1";
    static final String V2_PROPERTY = "hookline.fixture.tagger.v2";
    static final String V3_PROPERTY = "hookline.fixture.tagger.v3";
    static final String URL_PROPERTY = "hookline.fixture.tagger.url";

    private static final String IMPORTS = "io.hookline.event;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"";
    private static HttpServer server;

    private TaggerFixture() {
    }

    /** @return options passing the three jars' paths and the HTTP server's base URL ({@code http://127.0.0.1:<port>/}) */
    static Option bundles() {
        Path dir = HooklineRuntime.targetDir().resolve("fixtures").resolve("tagger");
        return composite(
                systemProperty(V1_PROPERTY).value(build(dir, TaggerV1.class, "1.0.0", IMPORTS).toString()),
                systemProperty(V2_PROPERTY).value(build(dir, TaggerV2.class, "2.0.0", IMPORTS).toString()),
                systemProperty(V3_PROPERTY).value(build(dir, TaggerV2.class, "3.0.0",
                        IMPORTS + "," + MISSING_PACKAGE + ";version=\"[1,2)\"").toString()),
                systemProperty(URL_PROPERTY).value(serve(dir)));
    }

    /** @return the file name of a version's jar, as served under the base URL */
    static String fileName(String version) {
        return SYMBOLIC_NAME + "-" + version + ".jar";
    }

    private static Path build(Path dir, Class<? extends BundleActivator> activator, String version, String imports) {
        Path jar = dir.resolve(fileName(version));
        try (InputStream in = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(SYMBOLIC_NAME)
                .setHeader(Constants.BUNDLE_VERSION, version)
                .setHeader(Constants.IMPORT_PACKAGE, imports) // the raw builder computes none
                .activator(activator)
                .build(TinyBundles.rawBuilder())) {
            Files.createDirectories(dir);
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("building fixture bundle " + jar, e);
        }
    }

    /** Starts (once per JVM) the server of {@code dir}; it lives as long as the test JVM. */
    private static synchronized String serve(Path dir) {
        try {
            if (server == null) {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
                server.createContext("/", exchange -> {
                    Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                    try (exchange) {
                        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                            exchange.sendResponseHeaders(404, -1);
                            return;
                        }
                        byte[] body = Files.readAllBytes(file);
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                });
                server.start();
            }
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        } catch (IOException e) {
            throw new UncheckedIOException("starting the fixture HTTP server", e);
        }
    }
}
