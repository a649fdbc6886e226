package io.hookline.itests.felix;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.hookline.itests.felix.fixture.SignatureV1;
import io.hookline.itests.felix.fixture.SignatureV2;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.Constants;

/**
 * Builds the two versions of the {@code signature} fixture bundle with TinyBundles, from the
 * classes in {@code fixture/}, when a test's configuration is computed (on the driver side, outside
 * the framework): same symbolic name, versions 1.0.0 and 2.0.0, different priority and behaviour.
 * The jars go to {@code target/fixtures}; the tests find them through system properties, so
 * nothing binary is committed and TinyBundles is not needed inside the framework.
 */
final class SignatureFixture {

    static final String SYMBOLIC_NAME = "io.hookline.itests.fixture.signature";
    static final String PLUGIN = "signature";
    static final String V1_PROPERTY = "hookline.fixture.signature.v1";
    static final String V2_PROPERTY = "hookline.fixture.signature.v2";

    private SignatureFixture() {
    }

    /** @return options passing the paths of freshly built v1 and v2 jars to the framework */
    static Option bundles() {
        return composite(
                systemProperty(V1_PROPERTY).value(build(SignatureV1.class, "1.0.0").toString()),
                systemProperty(V2_PROPERTY).value(build(SignatureV2.class, "2.0.0").toString()));
    }

    private static Path build(Class<? extends BundleActivator> activator, String version) {
        Path jar = HooklineRuntime.targetDir().resolve("fixtures").resolve(SYMBOLIC_NAME + "-" + version + ".jar");
        try (InputStream in = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(SYMBOLIC_NAME)
                .setHeader(Constants.BUNDLE_VERSION, version)
                // written by hand: the raw builder computes no imports
                .setHeader(Constants.IMPORT_PACKAGE,
                        "io.hookline.event;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.10,2)\"")
                .activator(activator)
                .build(TinyBundles.rawBuilder())) {
            Files.createDirectories(jar.getParent());
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("building fixture bundle " + jar, e);
        }
    }
}
