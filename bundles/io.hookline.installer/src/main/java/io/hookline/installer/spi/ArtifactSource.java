package io.hookline.installer.spi;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers an artifact by its sha256, from somewhere other than its origin URL (the cluster's
 * peers, for example). Registered as a service; the installer asks every registered source in
 * turn (highest {@code service.ranking} first) when a record names an artifact this node lacks.
 *
 * <p><b>Contract.</b> {@link #fetch} writes the bytes to {@code target} and returns true only if
 * they hash to {@code sha256} and hold at most {@code maxBytes}; a source checks both while it
 * copies and deletes {@code target} on any failure. The installer checks the digest again (a
 * source is not trusted to) and then applies its own rules to the file exactly as to a download:
 * protected bundles, the signature policy, the record's sha256. A source never sees the origin
 * URL, so the installer's host allowlist is not involved: it applies only when the installer
 * fetches from the origin itself.
 *
 * <p><b>Threading.</b> Called on the installer's reconcile or replay thread; may block for the
 * transfer (a source applies its own deadline); thread-safe.
 */
@ConsumerType
public interface ArtifactSource {

    /**
     * @param sha256 the artifact's sha256, 64 lower-case hex digits
     * @param maxBytes the largest artifact the caller accepts; larger ones are refused
     * @param target where to write it; absent on entry, left absent unless this returns true
     * @return true if the artifact was written and verified, false if no one here holds it
     * @throws IOException if a holder was found but the transfer failed (a digest mismatch, a size
     *     over {@code maxBytes}, a peer gone or silent); the message names the artifact, the holder
     *     and what was wrong
     */
    boolean fetch(String sha256, long maxBytes, Path target) throws IOException;

    /** @return a short name for messages and logs ({@code "cluster peers"}) */
    default String describe() {
        return getClass().getSimpleName();
    }
}
