/**
 * Hookline's durable local record store, shared by the engine, the installer and the cluster.
 *
 * <p>Records live in named collections, keyed by a string, and carry a stable id and a
 * {@link io.hookline.store.RecordVersion version} (hybrid logical clock + writing node) by which
 * replicas order and merge them.
 *
 * <p>1.1: {@link io.hookline.store.RecordListener} and {@link io.hookline.store.RecordStore#addListener}
 * (committed writes, local told apart from merged), {@link io.hookline.store.RecordStore#mergeAll}.
 *
 * <p>1.2: {@link io.hookline.store.WriteGuard} and {@link io.hookline.store.RecordStore#addWriteGuard}
 * (refuse local writes), {@link io.hookline.store.RecordStore#purge} (forget a record without a tombstone).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.hookline.store;
