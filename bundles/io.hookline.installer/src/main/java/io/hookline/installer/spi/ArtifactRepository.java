package io.hookline.installer.spi;

import java.util.Optional;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The artifacts this node's installer keeps: the stored jars its install records name, found by
 * sha256, so an {@link ArtifactSource} (the cluster) can serve them to peers. Registered by the
 * installer. Only files a record names are ever returned, never an arbitrary path; the file is
 * read as it is on disk, and the receiver checks the digest.
 *
 * <p>Threading: thread-safe; {@link #find} reads the store and the file system.
 */
@ProviderType
public interface ArtifactRepository {

    /**
     * @param sha256 a sha256, 64 lower-case hex digits (anything else finds nothing)
     * @return a readable file whose record says it has that digest, if this node holds one
     */
    Optional<Path> find(String sha256);
}
