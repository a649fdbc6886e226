package io.hookline.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which records travel: those of the replicated collections whose {@code collection/key}
 * matches none of the node's local-only patterns. Applied both ways (a local-only record is
 * never published nor accepted), so an opt-out holds whatever the peers are configured with.
 * Patterns are globs over {@code collection/key} where {@code *} matches any run of characters,
 * for example {@code plugins/debug-*} or {@code installs/*}. Immutable, thread-safe.
 */
final class ReplicationFilter {

    private final Set<String> collections;
    private final List<Pattern> localOnly;
    private final List<String> localOnlyGlobs;

    /**
     * @param collections the replicated collections, each non-empty
     * @param localOnly globs over {@code collection/key}
     * @throws IllegalArgumentException naming an empty collection or a malformed glob
     */
    ReplicationFilter(List<String> collections, List<String> localOnly) {
        for (String c : collections) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("collections: an entry is empty");
            }
        }
        this.collections = Set.copyOf(collections);
        List<Pattern> patterns = new ArrayList<>();
        List<String> globs = new ArrayList<>();
        for (String glob : localOnly) {
            String g = glob == null ? "" : glob.trim();
            if (g.isEmpty()) {
                continue;
            }
            if (g.indexOf('/') <= 0) {
                throw new IllegalArgumentException("local.only: \"" + g
                        + "\" is not collection/key-glob (for example plugins/debug-*)");
            }
            patterns.add(Pattern.compile(toRegex(g)));
            globs.add(g);
        }
        this.localOnly = List.copyOf(patterns);
        this.localOnlyGlobs = List.copyOf(globs);
    }

    /** @return true if a record of {@code collection} under {@code key} is replicated in and out */
    boolean replicates(String collection, String key) {
        if (!collections.contains(collection)) {
            return false;
        }
        String path = collection + "/" + key;
        for (Pattern p : localOnly) {
            if (p.matcher(path).matches()) {
                return false;
            }
        }
        return true;
    }

    /** @return the replicated collections, sorted */
    List<String> collections() {
        return collections.stream().sorted().toList();
    }

    /** @return the local-only globs as configured (blank ones dropped) */
    List<String> localOnly() {
        return localOnlyGlobs;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return re.toString();
    }
}
