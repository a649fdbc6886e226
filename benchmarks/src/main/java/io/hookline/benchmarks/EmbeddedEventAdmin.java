package io.hookline.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real Felix framework running Felix EventAdmin, with handlers registered as services.
 *
 * <p>What: starts {@code org.apache.felix.framework} on a fresh storage directory, exports
 * {@code org.osgi.service.event} from the system bundle (the class path copy the handlers here
 * implement), installs the EventAdmin bundle shipped inside the benchmark jar, checks that
 * EventAdmin wired its event package to the system bundle (otherwise it would see other
 * {@code EventHandler} classes and never call ours), and registers handlers from the system bundle.
 * Why a framework and not EventAdmin's classes on the class path: its delivery path (handler
 * tracking, timeouts, deny list, thread pool) only runs as a bundle. Threading: set up and closed
 * by one thread; {@link #eventAdmin()} is thread-safe.
 */
final class EmbeddedEventAdmin implements AutoCloseable {

    /** Where the build puts the EventAdmin bundle in the jar (maven-dependency-plugin copy). */
    static final String BUNDLE_RESOURCE = "/osgi-bundles/org.apache.felix.eventadmin.jar";
    static final String TOPIC = "io/hookline/benchmarks/CALL";
    /** Felix EventAdmin reads its configuration from framework properties when no ConfigAdmin runs. */
    static final String TIMEOUT_PROPERTY = "org.apache.felix.eventadmin.Timeout";
    private static final String EVENT_PACKAGE = "org.osgi.service.event";

    private final Path storage;
    private final Framework framework;
    private final EventAdmin eventAdmin;

    /**
     * @param timeoutMillis EventAdmin's handler timeout; null for its default (5000 ms), 0 for none
     */
    EmbeddedEventAdmin(Integer timeoutMillis) {
        try {
            storage = Files.createTempDirectory("hookline-bench-felix");
            Map<String, String> config = new HashMap<>();
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, EVENT_PACKAGE + ";version=1.4.1");
            config.put("felix.log.level", "1");
            if (timeoutMillis != null) {
                config.put(TIMEOUT_PROPERTY, timeoutMillis.toString());
            }
            framework = new FrameworkFactory().newFramework(config);
            framework.start();
            BundleContext context = framework.getBundleContext();
            Bundle bundle;
            try (InputStream in = EmbeddedEventAdmin.class.getResourceAsStream(BUNDLE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(BUNDLE_RESOURCE + " is not in the jar: build with mvn package");
                }
                bundle = context.installBundle("classpath:" + BUNDLE_RESOURCE, in);
            }
            bundle.start();
            checkWiredToSystemBundle(bundle);
            eventAdmin = awaitEventAdmin(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BundleException e) {
            throw new IllegalStateException("starting Felix with EventAdmin failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for EventAdmin", e);
        }
    }

    private static void checkWiredToSystemBundle(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            throw new IllegalStateException(bundle + " did not resolve");
        }
        List<BundleWire> wires = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        for (BundleWire wire : wires) {
            if (EVENT_PACKAGE.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                long provider = wire.getProvider().getBundle().getBundleId();
                if (provider != 0) {
                    throw new IllegalStateException("EventAdmin wired " + EVENT_PACKAGE + " to bundle " + provider
                            + ", not to the system bundle: it would not see the benchmark's handlers");
                }
                return;
            }
        }
        throw new IllegalStateException("EventAdmin has no wire for " + EVENT_PACKAGE + ": " + wires);
    }

    private static EventAdmin awaitEventAdmin(BundleContext context) throws InterruptedException {
        // the tracker only sees an EventAdmin assignable to the class path's class: a second proof of the wiring
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        EventAdmin found = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
        if (found == null) {
            throw new IllegalStateException("no EventAdmin service registered within 10 s");
        }
        return found;
    }

    /** Registers a handler for {@link #TOPIC} from the system bundle, as a plugin bundle would. */
    void register(EventHandler handler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, TOPIC);
        framework.getBundleContext().registerService(EventHandler.class, handler, props);
    }

    EventAdmin eventAdmin() {
        return eventAdmin;
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(10));
        } catch (BundleException | InterruptedException e) {
            throw new IllegalStateException("stopping Felix failed", e);
        } finally {
            deleteTree(storage);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
