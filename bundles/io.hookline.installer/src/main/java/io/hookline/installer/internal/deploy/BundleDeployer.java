package io.hookline.installer.internal.deploy;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The installer's hands in the framework: installs or updates bundles at their stable location
 * {@code hookline:<app>/<symbolic name>}, uninstalls, refreshes only the app's own bundles left
 * pending removal (old revisions still wired), resolves an app's bundles together through
 * {@link FrameworkWiring#resolveBundles} and starts them, turning every framework failure into an
 * {@link InstallException} that names the bundle and the cause (the missing requirement, the
 * activator's exception). Why stable locations: an upgrade is a {@link Bundle#update(InputStream)}
 * that keeps bundle ids and dependents' wiring candidates, and managed bundles are recognised after
 * a restart without any other bookkeeping. Threading: the framework is thread-safe; callers hold the
 * app's lock, so one app's bundles are only touched by one thread at a time.
 */
public final class BundleDeployer {

    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;

    public BundleDeployer(BundleContext context) {
        this.context = context;
    }

    public static String location(String app, String symbolicName) {
        return Installer.LOCATION_PREFIX + app + "/" + symbolicName;
    }

    /** @return the managed bundles of {@code app}, by symbolic name (as in their location) */
    public Map<String, Bundle> managed(String app) {
        String prefix = Installer.LOCATION_PREFIX + app + "/";
        Map<String, Bundle> found = new LinkedHashMap<>();
        for (Bundle b : context.getBundles()) {
            String loc = b.getLocation();
            if (loc.startsWith(prefix)) {
                found.put(loc.substring(prefix.length()), b);
            }
        }
        return found;
    }

    /** @return the app names of every managed bundle in the framework */
    public Set<String> managedApps() {
        Set<String> apps = new LinkedHashSet<>();
        for (Bundle b : context.getBundles()) {
            String loc = b.getLocation();
            if (loc.startsWith(Installer.LOCATION_PREFIX)) {
                String rest = loc.substring(Installer.LOCATION_PREFIX.length());
                int slash = rest.indexOf('/');
                apps.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return apps;
    }

    /**
     * Refuses a symbolic name that is already used by a bundle outside this app.
     *
     * @param app the app
     * @param symbolicName a symbolic name it brings
     * @throws InstallException {@code BUNDLE_CONFLICT} naming the owner
     */
    public void checkConflict(String app, String symbolicName) {
        String mine = location(app, symbolicName);
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && !b.getLocation().equals(mine)) {
                String loc = b.getLocation();
                String owner = loc.startsWith(Installer.LOCATION_PREFIX)
                        ? "app " + loc.substring(Installer.LOCATION_PREFIX.length()).split("/", 2)[0]
                        : "bundle " + b.getBundleId() + " installed from " + loc;
                throw new InstallException(BUNDLE_CONFLICT, "bundle " + symbolicName + " already belongs to " + owner);
            }
        }
    }

    /**
     * Installs a new bundle or updates the existing one in place (stopped first, so the update
     * does not restart it; {@link #start} does).
     *
     * @return the bundle
     */
    public Bundle installOrUpdate(String app, String symbolicName, Path file, Bundle existing) {
        try (InputStream in = Files.newInputStream(file)) {
            if (existing == null) {
                return context.installBundle(location(app, symbolicName), in);
            }
            if (existing.getState() == Bundle.ACTIVE || existing.getState() == Bundle.STARTING) {
                existing.stop(Bundle.STOP_TRANSIENT);
            }
            existing.update(in);
            return existing;
        } catch (BundleException e) {
            throw new InstallException(FRAMEWORK_ERROR, "cannot " + (existing == null ? "install" : "update")
                    + " bundle " + symbolicName + ": " + describe(e), e);
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void uninstall(Bundle b) {
        try {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        } catch (BundleException | IllegalStateException e) {
            throw new InstallException(FRAMEWORK_ERROR, "cannot uninstall bundle " + b.getSymbolicName() + " ["
                    + b.getBundleId() + "]: " + e.getMessage(), e);
        }
    }

    /** Stops a bundle and keeps it stopped; failures are ignored (it is about to go). */
    public void stopQuietly(Bundle b) {
        try {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.stop();
            }
        } catch (BundleException | IllegalStateException ignored) {
            // best effort: uninstall follows
        }
    }

    /**
     * Resolves the bundles together.
     *
     * @throws InstallException {@code UNRESOLVED} naming the first unresolved bundle and its missing requirement
     */
    public void resolve(List<Bundle> bundles) {
        FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (fw.resolveBundles(bundles)) {
            return;
        }
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.INSTALLED) {
                continue;
            }
            if (isFragment(b)) {
                throw new InstallException(UNRESOLVED, "fragment " + b.getSymbolicName() + " does not resolve: host "
                        + b.getHeaders("").get(Constants.FRAGMENT_HOST) + " is missing or refuses it");
            }
            // the framework's resolver explains itself in the exception of a start attempt
            try {
                b.start(Bundle.START_TRANSIENT);
                b.stop(Bundle.STOP_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                throw new InstallException(UNRESOLVED, "bundle " + b.getSymbolicName() + " does not resolve: "
                        + e.getMessage(), e);
            }
        }
        throw new InstallException(UNRESOLVED, "bundles " + names(bundles) + " do not resolve together");
    }

    /**
     * Starts the non-fragment bundles in order, persistently (they start again with a kept cache).
     *
     * @throws InstallException {@code START_FAILED} naming the bundle and the activator's exception
     */
    public void start(List<Bundle> bundles) {
        for (Bundle b : bundles) {
            if (isFragment(b)) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                throw new InstallException(START_FAILED, "bundle " + b.getSymbolicName() + " failed to start: "
                        + describe(e), e);
            }
        }
    }

    /**
     * @return symbolic names of bundles outside {@code own} wired to any of {@code bundles} (what
     *     an update or uninstall of them would refresh)
     */
    public List<String> dependents(Collection<Bundle> bundles, Set<Long> own) {
        Set<String> names = new LinkedHashSet<>();
        for (Bundle b : bundles) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire w : wiring.getProvidedWires(null)) {
                Bundle requirer = w.getRequirerWiring().getBundle();
                if (!own.contains(requirer.getBundleId()) && requirer.getBundleId() != b.getBundleId()) {
                    names.add(requirer.getSymbolicName());
                }
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * Refreshes the bundles among {@code ids} that are pending removal (old revisions of the app's
     * updated or uninstalled bundles still wired) and whatever depends on them; bundles left pending
     * by anyone else are not this operation's business and stay as they are.
     *
     * @param ids the ids of the bundles the operation updated or uninstalled
     * @return the symbolic names of the bundles the framework was asked to refresh
     */
    public List<String> refreshPending(Set<Long> ids) {
        FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        List<Bundle> pending = new ArrayList<>();
        for (Bundle b : fw.getRemovalPendingBundles()) {
            if (ids.contains(b.getBundleId())) {
                pending.add(b);
            }
        }
        List<String> names = new ArrayList<>();
        if (pending.isEmpty()) {
            return names;
        }
        pending.forEach(b -> names.add(b.getSymbolicName()));
        CountDownLatch done = new CountDownLatch(1);
        fw.refreshBundles(pending, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new InstallException(FRAMEWORK_ERROR, "refresh of " + names + " did not finish within "
                        + REFRESH_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException(INTERRUPTED, "interrupted while refreshing " + names);
        }
        return names;
    }

    /** @return the bundle with this id, or null if it is gone */
    public Bundle bundle(long id) {
        return context.getBundle(id);
    }

    /**
     * @return the bundles outside {@code own} wired to any of {@code bundles}: those a refresh of
     *     them restarts, and that an upgrade must leave resolvable
     */
    public List<Bundle> dependentBundles(Collection<Bundle> bundles, Set<Long> own) {
        Map<Long, Bundle> found = new LinkedHashMap<>();
        for (Bundle b : bundles) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire w : wiring.getProvidedWires(null)) {
                Bundle requirer = w.getRequirerWiring().getBundle();
                if (!own.contains(requirer.getBundleId()) && requirer.getBundleId() != b.getBundleId()) {
                    found.putIfAbsent(requirer.getBundleId(), requirer);
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * Resolves a bundle that is not resolved, and says why it cannot be.
     *
     * @return null if it is resolved (now), else the framework's reason (the missing requirement)
     */
    public String resolveOrExplain(Bundle b) {
        if (b.getState() != Bundle.INSTALLED) {
            return null;
        }
        FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (fw.resolveBundles(List.of(b))) {
            return null;
        }
        if (isFragment(b)) {
            return "fragment host " + b.getHeaders("").get(Constants.FRAGMENT_HOST) + " is missing or refuses it";
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop(Bundle.STOP_TRANSIENT);
            return null;
        } catch (BundleException | IllegalStateException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** @return true once the framework is shutting down (or this context is no longer valid) */
    public boolean frameworkStopping() {
        try {
            Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            return system == null || (system.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0;
        } catch (IllegalStateException invalidContext) {
            return true;
        }
    }

    public static boolean isFragment(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static List<String> names(List<Bundle> bundles) {
        List<String> n = new ArrayList<>();
        bundles.forEach(b -> n.add(b.getSymbolicName()));
        return n;
    }

    /** The exception's message and its cause chain, so an activator's own message reaches the operator. */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            b.append(" <- ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
