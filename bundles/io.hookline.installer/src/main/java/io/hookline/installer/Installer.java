package io.hookline.installer;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, upgrades, lists and removes <em>apps</em> at run time.
 *
 * <p>An app is a name ({@value #APP_NAME_PATTERN}), a semantic version and one or more OSGi bundles,
 * delivered as one bundle jar or as an archive ({@code .zip}, {@code .tar.gz}) of bundle jars. Its
 * identity comes from the request ({@link InstallRequest#app(String)},
 * {@link InstallRequest#version(String)}), else from a {@code hookline-app.properties} file at the
 * root of an archive ({@code name=}, {@code version=}), else, for a single jar, from its
 * {@code Bundle-SymbolicName} and {@code Bundle-Version}; a Maven source or a GitHub tag of the form
 * {@code v1.2.3} supplies a missing version.
 *
 * <p><b>All or nothing.</b> {@link #install} fetches into a staging folder, verifies (allowlists,
 * size and entry limits, optional sha256 pin, every jar a bundle, no protected bundle), installs or
 * updates every bundle, resolves them together, starts them and gives the app's plugins a short
 * health gate. Any failure rolls everything back: new bundles are uninstalled, updated bundles are
 * restored to the previous version, staged files are deleted, and the exception names the cause
 * (the unresolved requirement, the activator's exception message, the failing health check). A
 * successful install is recorded durably before the method returns and survives restarts: on every
 * boot each record is replayed, and an app whose bundles are missing from the framework (a clean
 * cache) is reinstalled from its stored artifacts after their sha256 is checked again. A kill at
 * any step leaves, after restart, either the complete old state or the complete new one.
 *
 * <p><b>Upgrades.</b> A higher version replaces the installed one in place (bundle update, refresh
 * limited to the bundles that need it); the same or a lower version is refused with
 * {@link InstallException.Reason#VERSION_NOT_NEWER} unless the request is
 * {@link InstallRequest#force() forced}. The old version's files are deleted.
 *
 * <p><b>Threading.</b> Thread-safe. Operations on one app are serialised (a second install of the
 * same app waits for the first and is then judged against its outcome); different apps proceed in
 * parallel. Every method blocks the caller for the whole operation, downloads included; a long
 * download reports through {@link InstallRequest#progress(InstallRequest.ProgressListener)}.
 *
 * <p><b>Errors.</b> Every refusal is an {@link InstallException} whose
 * {@link InstallException#reason() reason} is machine-readable and whose message names exactly what
 * was wrong. Null arguments throw {@link NullPointerException}.
 */
@ProviderType
public interface Installer {

    /** The pattern every app name must match: lower case, digits, {@code . _ -}, 1-64 characters. */
    String APP_NAME_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

    /**
     * The location prefix of every bundle this installer installs: {@code hookline:<app>/<symbolic name>}.
     * Stable across versions (upgrades update bundles in place) and used to recognise managed
     * bundles after a restart.
     */
    String LOCATION_PREFIX = "hookline:";

    /**
     * Prefix of the OSGi Event Admin topics the installer posts (asynchronously) after each change:
     * {@value #TOPIC_INSTALLED}, {@value #TOPIC_UPGRADED}, {@value #TOPIC_UNINSTALLED},
     * {@value #TOPIC_FAILED}, {@value #TOPIC_REPLAYED}. Every event carries {@value #EVENT_APP} and
     * {@value #EVENT_VERSION}; see the other {@code EVENT_*} constants for the rest. Posted only
     * where an Event Admin is present.
     */
    String TOPIC_PREFIX = "io/hookline/installer/";

    /** Topic: an app was installed for the first time. */
    String TOPIC_INSTALLED = TOPIC_PREFIX + "INSTALLED";

    /** Topic: an installed app was replaced (upgrade, forced reinstall or downgrade); carries {@value #EVENT_PREVIOUS_VERSION}. */
    String TOPIC_UPGRADED = TOPIC_PREFIX + "UPGRADED";

    /** Topic: an app was uninstalled. */
    String TOPIC_UNINSTALLED = TOPIC_PREFIX + "UNINSTALLED";

    /** Topic: an install was refused or rolled back, or a replay failed; carries {@value #EVENT_REASON}. */
    String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";

    /** Topic: a boot replay reinstalled an app's missing bundles. */
    String TOPIC_REPLAYED = TOPIC_PREFIX + "REPLAYED";

    /** Event property (String): the app name; may be absent from a {@value #TOPIC_FAILED} event refused before the name was known. */
    String EVENT_APP = "app";

    /** Event property (String): the app's version after the change (the attempted one for a failure, when known). */
    String EVENT_VERSION = "version";

    /** Event property (String): the version replaced by an upgrade. */
    String EVENT_PREVIOUS_VERSION = "previousVersion";

    /** Event property (String): {@link InstallException#describe()} of a failure. */
    String EVENT_REASON = "reason";

    /** Event property (String): the request's {@link InstallRequest#requestedBy()}, "" for replays. */
    String EVENT_REQUESTED_BY = "requestedBy";

    /**
     * Installs an app, or upgrades it when a lower version is installed.
     *
     * @param request what to install, not null
     * @return the app as installed and recorded, status {@link AppDTO.Status#INSTALLED}
     * @throws InstallException on any refusal or failure; nothing is left behind (no new bundle, no
     *     staged file, no record change) and an upgraded app is back on its previous version
     */
    AppDTO install(InstallRequest request);

    /**
     * Dry run of {@link #install}: fetches and verifies the artifacts into a staging folder (to
     * know what they contain), then says what would be installed, updated, uninstalled, refreshed
     * and started, and deletes the staged files. Changes nothing in the framework, the store or the
     * extensions folder.
     *
     * @param request what would be installed, not null
     * @return the plan; {@link InstallPlanDTO#refusal} is set when the install would be refused
     *     after the fetch (same or lower version, protected bundle, conflict)
     * @throws InstallException when fetching or verification fails, as {@link #install} would
     */
    InstallPlanDTO plan(InstallRequest request);

    /**
     * Uninstalls an app: stops and uninstalls its bundles (their plugins leave their chains as
     * their services go), refreshes what was wired to them, deletes its files and its record.
     *
     * @param app the app name
     * @return the app as it was
     * @throws InstallException {@link InstallException.Reason#NOT_INSTALLED} if no such app is
     *     installed; {@link InstallException.Reason#INVALID_APP_NAME} for a malformed name
     */
    AppDTO uninstall(String app);

    /**
     * Uninstalls an app only if the given version is the installed one.
     *
     * @param app the app name
     * @param version the version expected to be installed
     * @return the app as it was
     * @throws InstallException {@link InstallException.Reason#NOT_INSTALLED} if the app is not
     *     installed or another version is
     */
    AppDTO uninstall(String app, String version);

    /**
     * As {@link #uninstall(String, String)}, naming who asked: the requester is carried by the
     * {@value #TOPIC_UNINSTALLED} event ({@value #EVENT_REQUESTED_BY}) and the audit log.
     *
     * @param app the app name
     * @param version the version expected to be installed, or null for whichever is
     * @param requestedBy who asked (the authenticated user, a service), "" if unknown; not null
     * @return the app as it was
     * @throws InstallException as {@link #uninstall(String, String)}
     * @since 1.1
     */
    AppDTO uninstall(String app, String version, String requestedBy);

    /** @return every recorded app, failed ones included, in name order */
    List<AppDTO> list();

    /**
     * @param app the app name
     * @return the recorded app, if any
     */
    Optional<AppDTO> get(String app);
}
