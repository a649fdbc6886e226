/**
 * Hookline's operator contracts: {@link io.hookline.event.admin.PluginAdmin} (verbs and
 * introspection), {@link io.hookline.event.admin.PluginStatus} and the runtime DTOs the shell,
 * JMX and tests read. Plugins and the applications that call events need only
 * {@link io.hookline.event}; tools that operate the engine import this package too.
 *
 * <p>1.3: {@link io.hookline.event.admin.HealthContributor}, the health of parts beside the engine.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.hookline.event.admin;
