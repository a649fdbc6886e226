/**
 * Hookline's durable local record store, shared by the engine, the installer and the cluster.
 *
 * <p>Records live in named collections, keyed by a string, and carry a stable id and a
 * {@link io.hookline.store.RecordVersion version} (hybrid logical clock + writing node) by which
 * replicas order and merge them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hookline.store;
