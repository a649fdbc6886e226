package io.hookline.installer.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** A real Felix 7 framework launched in the test JVM through the standard launch API. */
public final class FelixFramework implements AutoCloseable {

    private final Framework framework;

    /**
     * @param storage the bundle cache folder
     * @param clean true to wipe the cache on start (a "clean" Karaf start)
     */
    FelixFramework(Path storage, boolean clean) throws Exception {
        this(storage, clean, Map.of());
    }

    /**
     * @param storage the bundle cache folder
     * @param clean true to wipe the cache on start (a "clean" Karaf start)
     * @param properties further framework properties (such as {@code karaf.base})
     */
    FelixFramework(Path storage, boolean clean, Map<String, String> properties) throws Exception {
        Map<String, String> config = new HashMap<>(properties);
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        if (clean) {
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        config.put("felix.log.level", "0");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(config);
        framework.start();
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
