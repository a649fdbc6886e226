package io.hookline.cluster.internal;

import io.hookline.store.RecordStore;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who this node expects in its cluster, and whether the current view is a partition of it.
 *
 * <p>What: the <em>known membership</em> is every member seen in a view since it last said BYE
 * (left on purpose: its bundle stopped or it was deconfigured) or an operator forgot it
 * ({@code hcluster:forget}); it is kept in the store's local collection {@value #LOCAL} so a node
 * that restarts alone still knows whom it misses. Members known but not in the view are
 * <em>missing</em>: the cluster is partitioned (or they crashed, which a node cannot tell apart).
 * The view is a <em>minority</em> when it holds fewer than half of the known members, or exactly
 * half without the first known member in name order (the tie-break, so of two equal halves exactly
 * one keeps writing under {@code deny-minority}). Threading: guarded by {@code this}; the store
 * write (on a change of the known set) happens under it, on the view or message thread.
 */
final class Membership {

    /** Store collection of this node's own cluster bookkeeping; never replicated. */
    static final String LOCAL = "cluster.local";
    static final String KEY = "membership";

    private static final System.Logger LOG = System.getLogger(Membership.class.getName());

    /** One consistent reading. */
    record State(List<String> view, List<String> known, List<String> missing, boolean minority, long viewId,
            long lastMerge) {
    }

    private final RecordStore store;
    private final String self;
    private final Set<String> known = new LinkedHashSet<>();
    private List<String> view = List.of();
    private long viewId;
    private long lastMerge;

    Membership(RecordStore store, String self) {
        this.store = store;
        this.self = self;
        try {
            store.get(LOCAL, KEY).map(r -> r.field("members")).filter(s -> !s.isEmpty())
                    .ifPresent(s -> known.addAll(Arrays.asList(s.split("\n"))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: reading the known membership failed; starting from this view", e);
        }
        known.add(self);
    }

    /** @return true if this view is the node's first (it is joining) */
    synchronized boolean view(List<String> members, boolean merge, long now) {
        boolean first = view.isEmpty();
        view = List.copyOf(members);
        viewId++;
        if (merge) {
            lastMerge = now;
        }
        if (known.addAll(members)) {
            persist();
        }
        return first;
    }

    /** A member said BYE: it left on purpose and is not waited for. */
    synchronized void left(String member) {
        if (!member.equals(self) && known.remove(member)) {
            persist();
        }
    }

    /**
     * @return true if {@code member} was known and is forgotten
     * @throws IllegalArgumentException if it is in the current view (it is no partition)
     */
    synchronized boolean forget(String member) {
        if (view.contains(member)) {
            throw new IllegalArgumentException("member " + member + " is in the current view: nothing to forget");
        }
        boolean removed = known.remove(member);
        if (removed) {
            persist();
        }
        return removed;
    }

    synchronized State state() {
        List<String> missing = new ArrayList<>();
        for (String m : known) {
            if (!view.contains(m)) {
                missing.add(m);
            }
        }
        int present = known.size() - missing.size();
        boolean minority;
        if (2 * present != known.size()) {
            minority = 2 * present < known.size();
        } else {
            minority = !view.contains(known.stream().sorted().findFirst().orElse(self));
        }
        return new State(view, List.copyOf(known), List.copyOf(missing), minority && !view.isEmpty(), viewId, lastMerge);
    }

    private void persist() {
        try {
            store.put(LOCAL, KEY, Map.of("members", String.join("\n", known)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: saving the known membership failed (kept in memory)", e);
        }
    }
}
