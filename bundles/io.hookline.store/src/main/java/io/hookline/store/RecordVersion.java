package io.hookline.store;

import java.util.Objects;

/**
 * The version of a record: a hybrid logical clock reading and the id of the node that wrote it.
 * Totally ordered by (timestamp, node). Immutable.
 *
 * <p>The timestamp packs wall-clock milliseconds in its high 48 bits and a logical counter in its
 * low 16 bits, so versions follow real time when clocks agree and stay causal when they do not.
 */
public final class RecordVersion implements Comparable<RecordVersion> {

    private final long timestamp;
    private final String node;

    /**
     * @param timestamp the hybrid logical clock reading
     * @param node the writing node's id, not null
     */
    public RecordVersion(long timestamp, String node) {
        this.timestamp = timestamp;
        this.node = Objects.requireNonNull(node, "node");
    }

    /** @return the hybrid logical clock reading */
    public long timestamp() {
        return timestamp;
    }

    /** @return the wall-clock part of the timestamp, epoch milliseconds */
    public long wallMillis() {
        return timestamp >>> 16;
    }

    /** @return the id of the node that wrote this version */
    public String node() {
        return node;
    }

    @Override
    public int compareTo(RecordVersion o) {
        int c = Long.compareUnsigned(timestamp, o.timestamp);
        return c != 0 ? c : node.compareTo(o.node);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordVersion v && v.timestamp == timestamp && v.node.equals(node);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + node.hashCode();
    }

    @Override
    public String toString() {
        return wallMillis() + "." + (timestamp & 0xFFFF) + "@" + node;
    }
}
