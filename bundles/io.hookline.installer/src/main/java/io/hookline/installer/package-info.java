/**
 * Hookline's runtime installer: installs <em>apps</em> (one bundle jar, or a {@code .zip} /
 * {@code .tar.gz} archive of bundle jars) into the running framework without a restart, verifies
 * what it fetched, resolves and starts the app's bundles together, rolls back on any failure,
 * records every install durably and replays the records on every boot.
 *
 * <p>The entry point is the {@link io.hookline.installer.Installer} service; a request is an
 * immutable {@link io.hookline.installer.InstallRequest}; results and introspection are DTOs
 * ({@link io.hookline.installer.AppDTO}, {@link io.hookline.installer.InstallPlanDTO}); every
 * refusal is an {@link io.hookline.installer.InstallException} with a machine-readable
 * {@link io.hookline.installer.InstallException.Reason}.
 *
 * <p>1.2: {@link io.hookline.installer.AppDTO.Status#PENDING} and {@link io.hookline.installer.AppDTO#origin}
 * for records another node wrote (the cluster's desired state, applied here by the reconciler).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hookline.installer;
