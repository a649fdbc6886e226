package io.hookline.cluster.internal.chaos;

import java.util.Set;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;

/**
 * A protocol right above the transport that drops every message from (and every unicast to) the
 * members named in its blocked set, by logical name, so a partition survives a peer's restart
 * (a new address under the same name). Both sides of a cut are told, so it is symmetric; discovery
 * runs above it and is cut too. FD_SOCK2's own sockets are not, so a cut is detected by FD_ALL3,
 * as in {@code ClusterNodesTest}. Threading: JGroups calls it on its threads; the set is replaced
 * whole (volatile).
 */
final class PartitionFilter extends Protocol {

    private volatile Set<String> blocked = Set.of();

    void block(Set<String> names) {
        blocked = Set.copyOf(names);
    }

    private boolean cut(Address a) {
        Set<String> b = blocked;
        if (b.isEmpty() || a == null) {
            return false;
        }
        String name = NameCache.get(a);
        return name != null && b.contains(name);
    }

    @Override
    public Object up(Message msg) {
        return cut(msg.getSrc()) ? null : up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        if (cut(batch.sender())) {
            return;
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    @Override
    public Object down(Message msg) {
        Address dest = msg.getDest();
        return dest != null && cut(dest) ? null : down_prot.down(msg);
    }
}
