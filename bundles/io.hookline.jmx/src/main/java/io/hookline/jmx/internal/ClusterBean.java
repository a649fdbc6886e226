package io.hookline.jmx.internal;

import io.hookline.cluster.ClusterRuntime;
import io.hookline.cluster.ClusterStatusDTO;
import io.hookline.jmx.ClusterMXBean;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster's MBean: each attribute is one field of a fresh {@link ClusterRuntime#status()}
 * snapshot (nulls become "" and empty arrays, as the open types want), and the two operations go
 * to {@link ClusterRuntime#sync()} and {@link ClusterRuntime#forget(String)} after the admin check,
 * each leaving one audit entry ({@code jmx:<user>}, {@code cluster.sync} / {@code cluster.forget},
 * OK, REFUSED or FAILED with the reason; forgetting a member nobody knew is OK with the reason
 * that nothing was forgotten). A name no member can have (over {@value #MAX_NAME} characters, or
 * with control characters) is refused before the cluster is asked, and every audit target is a
 * short printable copy of the argument: the audit log is replicated to every node. Errors leave as new JDK exceptions carrying only the
 * message, so a client needs no Hookline class. Threading: stateless; any JMX request thread.
 */
final class ClusterBean implements ClusterMXBean {

    private final ClusterRuntime cluster;
    private final Supplier<AuditLog> audit;

    /**
     * @param cluster the running node
     * @param audit the audit log, or a supplier of null when there is none
     */
    ClusterBean(ClusterRuntime cluster, Supplier<AuditLog> audit) {
        this.cluster = cluster;
        this.audit = audit;
    }

    private ClusterStatusDTO s() {
        return cluster.status();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String[] names(List<String> list) {
        return list == null ? new String[0] : list.toArray(String[]::new);
    }

    @Override
    public String getClusterName() {
        return text(s().clusterName);
    }

    @Override
    public String getNode() {
        return text(s().node);
    }

    @Override
    public String[] getMembers() {
        return names(s().members);
    }

    @Override
    public String getCoordinator() {
        return text(s().coordinator);
    }

    @Override
    public long getViewId() {
        return s().viewId;
    }

    @Override
    public String[] getKnownMembers() {
        return names(s().knownMembers);
    }

    @Override
    public String[] getMissingMembers() {
        return names(s().missingMembers);
    }

    @Override
    public boolean isPartitioned() {
        return s().partitioned;
    }

    @Override
    public boolean isMinority() {
        return s().minority;
    }

    @Override
    public String getPartitionPolicy() {
        return text(s().partitionPolicy);
    }

    @Override
    public boolean isWritesRefused() {
        return s().writesRefused;
    }

    @Override
    public String getHealth() {
        return text(s().health);
    }

    @Override
    public boolean isFollowerOnly() {
        return s().followerOnly;
    }

    @Override
    public String[] getCollections() {
        return names(s().collections);
    }

    @Override
    public long getPublished() {
        return s().published;
    }

    @Override
    public long getMerged() {
        return s().merged;
    }

    @Override
    public int getPendingPublish() {
        return s().pendingPublish;
    }

    @Override
    public long getRefusedClockSkew() {
        return s().refusedClockSkew;
    }

    @Override
    public String getLastRefusal() {
        return text(s().lastRefusal);
    }

    @Override
    public long getRefusedWrites() {
        return s().refusedWrites;
    }

    @Override
    public long getCatchUpsServed() {
        return s().catchUpsServed;
    }

    @Override
    public long getLastCatchUp() {
        return s().lastCatchUp;
    }

    @Override
    public long getLastMerge() {
        return s().lastMerge;
    }

    @Override
    public int getTombstones() {
        return s().tombstones;
    }

    @Override
    public long getTombstonesPurged() {
        return s().tombstonesPurged;
    }

    @Override
    public long getResyncDropped() {
        return s().resyncDropped;
    }

    @Override
    public long getRefusedPurged() {
        return s().refusedPurged;
    }

    /** Longer than any member name (node names are short words or a store's UUID). */
    static final int MAX_NAME = 255;

    @Override
    public String[] sync() {
        return run("cluster.sync", "", () -> names(cluster.sync()), r -> "");
    }

    @Override
    public boolean forget(String member) {
        String name = member == null ? "" : member.strip();
        // the audit entry (replicated to every node) carries a short, printable copy of what was asked
        return run("cluster.forget", printable(name), () -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("forget needs a member name; none was given");
            }
            if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("forget needs a member name; \"" + printable(name) + "\" ("
                        + name.length() + " characters" + (name.chars().anyMatch(Character::isISOControl)
                                ? ", with control characters" : "") + ") is none");
            }
            return cluster.forget(name);
        }, forgot -> forgot ? "" : name + " was not a known member");
    }

    /** At most 100 characters of {@code s}, control characters as '?', marked where cut. */
    static String printable(String s) {
        String shown = s.length() > 100 ? s.substring(0, 100) : s;
        StringBuilder b = new StringBuilder(shown.length() + 16);
        shown.chars().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
        return s.length() > 100 ? b.append("...").toString() : b.toString();
    }

    private <T> T run(String action, String target, Supplier<T> body, java.util.function.Function<T, String> reasonOf) {
        T result;
        try {
            JmxCaller.requireAdmin(action);
            result = body.get();
        } catch (SecurityException e) {
            record(action, target, AuditEntry.REFUSED, e.getMessage());
            throw new SecurityException(e.getMessage());
        } catch (IllegalArgumentException e) {
            record(action, target, AuditEntry.REFUSED, e.getMessage());
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            record(action, target, AuditEntry.FAILED, String.valueOf(e));
            throw new IllegalStateException(action + (target.isEmpty() ? "" : " " + target) + " failed: " + e);
        }
        record(action, target, AuditEntry.OK, reasonOf.apply(result));
        return result;
    }

    private void record(String action, String target, String result, String reason) {
        AuditLog log = audit.get();
        if (log == null) {
            return;
        }
        try {
            log.append(AuditEntry.builder().who(JmxCaller.requester()).action(action)
                    .plugin(target.isEmpty() ? "" : "member:" + target).result(result)
                    .reason(reason == null ? "" : reason).build());
        } catch (RuntimeException e) {
            System.err.println("JMX " + action + " was done, but its audit entry could not be written: " + e.getMessage());
        }
    }
}
