/**
 * Hookline's audit log: a durable, bounded, append-only trail of who did what (installs, upgrades,
 * uninstalls, refusals, replays, operator verbs on plugins), kept as records of the store's
 * {@value io.hookline.store.audit.AuditLog#COLLECTION} collection so the cluster replicates it like
 * any other collection.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hookline.store.audit;
