package io.hookline.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Consulted by a {@link RecordStore} before every local write ({@code put}, {@code putAll},
 * {@code delete}; never before a merge, a purge or a read), so a component can refuse writes the
 * store cannot judge by itself: the cluster refuses writes to replicated collections while this
 * node is in a minority partition. Register with {@link RecordStore#addWriteGuard}.
 *
 * <p><b>Contract.</b> Called on the writing thread before the store takes its write lock; a guard
 * that throws refuses the whole call (nothing of a {@code putAll} is written) and the exception
 * reaches the writer unchanged, so it should name what was refused and why. Keep it fast and
 * non-blocking: it runs on every local write.
 *
 * @since 1.2
 */
@ConsumerType
@FunctionalInterface
public interface WriteGuard {

    /**
     * @param collection the collection about to be written
     * @param key the key about to be written
     * @throws RuntimeException (typically {@link IllegalStateException}) to refuse the write
     */
    void check(String collection, String key);
}
