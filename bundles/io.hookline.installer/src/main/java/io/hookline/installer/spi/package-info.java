/**
 * The installer's artifact service provider interface: where an installer finds an artifact it
 * lacks, by content hash, and which artifacts it holds for others.
 *
 * <p>{@link io.hookline.installer.spi.ArtifactSource} is implemented by whoever can deliver bytes
 * by sha256 (the cluster bundle registers one that asks its peers);
 * {@link io.hookline.installer.spi.ArtifactRepository} is registered by the installer and names the
 * verified files it keeps, so such a source can serve them. Neither names a transport: the
 * installer never depends on the cluster, and works unchanged without any source.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hookline.installer.spi;
