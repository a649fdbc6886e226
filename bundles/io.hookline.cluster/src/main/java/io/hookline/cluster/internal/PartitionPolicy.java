package io.hookline.cluster.internal;

/**
 * What a node does with local writes while partitioned ({@code partition.policy}). Immutable.
 */
enum PartitionPolicy {

    /** Keep accepting writes on every side (the default): the merge decides, last writer wins. */
    AVAILABLE("available"),

    /**
     * Refuse local writes to replicated records while the view is a minority of the known members
     * (see {@link Membership}); reads and merges go on.
     */
    DENY_MINORITY("deny-minority");

    private final String value;

    PartitionPolicy(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** @throws IllegalArgumentException naming the setting and the accepted values */
    static PartitionPolicy parse(String configured) {
        String v = configured == null ? "" : configured.trim();
        for (PartitionPolicy p : values()) {
            if (p.value.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("partition.policy: \"" + v + "\" is neither available nor deny-minority");
    }
}
