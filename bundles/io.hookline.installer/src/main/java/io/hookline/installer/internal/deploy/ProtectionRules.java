package io.hookline.installer.internal.deploy;

import static io.hookline.installer.InstallException.Reason.PROTECTED_BUNDLE;

import io.hookline.event.RequireHooklineEngine;
import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import io.hookline.installer.internal.InstallerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * What no app may do to the code Hookline protects: bring a protected symbolic name (matched
 * case-insensitively, so {@code IO.Hookline.Core} counts), attach a fragment to a protected bundle
 * or to the system bundle, be a framework extension at all, export a package under
 * {@code io.hookline}, under a protected pattern or exported by a protected bundle in the running
 * framework, or provide a capability that the Hookline engine ({@code osgi.implementation=hookline})
 * or a protected bundle provides. Why all of it: a fragment or an export joins the protected code's
 * class space, so a shadowing {@code io.hookline.event;version=1.99} would have later plugins wire to
 * the app instead of to Hookline's API. Checked on the staged jars' manifests, before the framework
 * sees them. Threading: immutable; reads the framework's bundles per call.
 */
public final class ProtectionRules {

    /** Namespaces whose capabilities are the framework's own bookkeeping, not something an app could take over. */
    private static final Set<String> BOOKKEEPING = Set.of(PackageNamespace.PACKAGE_NAMESPACE, "osgi.identity",
            "osgi.wiring.bundle", "osgi.wiring.host", "osgi.ee", "osgi.native", "osgi.content");

    private final InstallerSettings settings;
    private final BundleContext context;

    /**
     * @param settings the protected patterns
     * @param context the framework whose protected bundles' exports and capabilities are protected
     *     too, or null for the fixed rules only (unit tests)
     */
    public ProtectionRules(InstallerSettings settings, BundleContext context) {
        this.settings = settings;
        this.context = context;
    }

    /**
     * @param bundles an app's staged bundles
     * @throws InstallException {@code PROTECTED_BUNDLE} naming the bundle and the rule
     */
    public void check(List<StagedBundle> bundles) {
        Map<String, String> ownedPackages = new HashMap<>();
        Map<String, String> ownedCapabilities = new HashMap<>();
        snapshot(ownedPackages, ownedCapabilities);
        for (StagedBundle b : bundles) {
            String bsn = b.symbolicName();
            String pattern = settings.protectingPattern(bsn);
            if (pattern != null) {
                throw refuse("bundle " + bsn + " is protected (pattern " + pattern + ")");
            }
            if (b.extension() != null) {
                throw refuse("bundle " + bsn + " is a framework extension (Fragment-Host: " + b.fragmentHost()
                        + "; extension:=" + b.extension() + "); extensions change the framework itself and are never"
                        + " installed");
            }
            if (b.fragmentHost() != null) {
                String host = b.fragmentHost();
                String hostPattern = settings.protectingPattern(host);
                if (hostPattern == null && (host.equalsIgnoreCase(Constants.SYSTEM_BUNDLE_SYMBOLICNAME)
                        || host.equalsIgnoreCase(systemBundleName()))) {
                    hostPattern = Constants.SYSTEM_BUNDLE_SYMBOLICNAME;
                }
                if (hostPattern != null) {
                    throw refuse("bundle " + bsn + " is a fragment of protected bundle " + host + " (pattern "
                            + hostPattern + ")");
                }
            }
            for (String pkg : b.exports()) {
                String p = pkg.toLowerCase(Locale.ROOT);
                if (p.equals("io.hookline") || p.startsWith("io.hookline.")) {
                    throw refuse("bundle " + bsn + " exports package " + pkg + ", which is Hookline's (pattern"
                            + " io.hookline.*)");
                }
                String pkgPattern = settings.protectingPattern(pkg);
                if (pkgPattern != null) {
                    throw refuse("bundle " + bsn + " exports package " + pkg + ", which is protected (pattern "
                            + pkgPattern + ")");
                }
                String owner = ownedPackages.get(p);
                if (owner != null) {
                    throw refuse("bundle " + bsn + " exports package " + pkg + ", which protected bundle " + owner
                            + " exports");
                }
            }
            for (String cap : b.capabilities()) {
                String c = cap.toLowerCase(Locale.ROOT);
                String engine = "osgi.implementation=" + RequireHooklineEngine.IMPLEMENTATION;
                if (c.equals(engine) || c.startsWith("osgi.implementation=io.hookline")) {
                    throw refuse("bundle " + bsn + " provides capability " + cap + ", which is the Hookline engine's");
                }
                String owner = ownedCapabilities.get(c);
                if (owner != null) {
                    throw refuse("bundle " + bsn + " provides capability " + cap + ", which protected bundle " + owner
                            + " provides");
                }
            }
        }
    }

    private static InstallException refuse(String message) {
        return new InstallException(PROTECTED_BUNDLE, message);
    }

    private String systemBundleName() {
        if (context == null) {
            return Constants.SYSTEM_BUNDLE_SYMBOLICNAME;
        }
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return system == null || system.getSymbolicName() == null ? Constants.SYSTEM_BUNDLE_SYMBOLICNAME
                : system.getSymbolicName();
    }

    /** Packages and capabilities the protected bundles of the framework (system bundle included) provide. */
    private void snapshot(Map<String, String> packages, Map<String, String> capabilities) {
        if (context == null) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (b.getLocation().startsWith(Installer.LOCATION_PREFIX) || bsn == null
                    || (b.getBundleId() != 0 && settings.protectingPattern(bsn) == null)) {
                continue;
            }
            BundleRevision rev = b.adapt(BundleRevision.class);
            if (rev == null) {
                continue;
            }
            String owner = bsn + " [" + b.getBundleId() + "]";
            for (BundleCapability cap : rev.getDeclaredCapabilities(null)) {
                String ns = cap.getNamespace();
                Object name = cap.getAttributes().get(ns);
                if (ns.equals(PackageNamespace.PACKAGE_NAMESPACE) && name != null) {
                    packages.putIfAbsent(name.toString().toLowerCase(Locale.ROOT), owner);
                } else if (!BOOKKEEPING.contains(ns) && name instanceof String s) {
                    capabilities.putIfAbsent((ns + "=" + s).toLowerCase(Locale.ROOT), owner);
                } else if (!BOOKKEEPING.contains(ns) && name instanceof List<?> list) {
                    for (Object element : list) {
                        capabilities.putIfAbsent((ns + "=" + element).toLowerCase(Locale.ROOT), owner);
                    }
                }
            }
        }
    }
}
