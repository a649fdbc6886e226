/**
 * The Hookline event engine's contracts.
 *
 * <p>A <em>plugin</em> is an OSGi service implementing {@link io.hookline.event.EventHandler},
 * registered with the service properties documented there (most easily through the
 * {@link io.hookline.event.Plugin} component property type). The engine keeps, per event, an
 * immutable array of the active plugins in run order and walks it on the caller's thread when the
 * application calls {@link io.hookline.event.Dispatcher#call(String, Object)} or, on the hot path,
 * {@link io.hookline.event.EventHandle#call(Object)}. Operators drive plugin statuses through
 * {@link io.hookline.event.admin.PluginAdmin}; statuses are durable.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hookline.event;
