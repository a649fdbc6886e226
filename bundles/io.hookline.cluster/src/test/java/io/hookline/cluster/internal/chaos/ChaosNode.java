package io.hookline.cluster.internal.chaos;

import io.hookline.cluster.internal.NodeAccess;
import io.hookline.cluster.internal.ClusterComponent;
import io.hookline.store.StoredRecord;
import io.hookline.store.internal.MvRecordStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/**
 * One node of the chaos run, a JVM of its own started by {@link ChaosRunTest}: a durable
 * {@link MvRecordStore} file (reopened after a kill -9), a real {@link ClusterComponent} (TCP on
 * 127.0.0.1, the real encrypted stack, fast failure settings) with a {@link PartitionFilter} above
 * the transport, and one writer thread putting and deleting records of collection {@value #COLLECTION}
 * over a shared key space (and puts to keys of their own). It reports on stdout, one line each: {@code TRY} before a write, {@code ACK}
 * with the version once the store's commit returned (the write is then acknowledged), and answers the
 * controller's commands read from stdin: {@code block A,B} (cut from these members; empty heals),
 * {@code stop} (writer stopped: {@code STOPPED}), {@code view}, {@code digest} (records, their hash, view
 * size, tombstones), {@code dump}.
 * Threading: the writer thread writes, the main thread reads commands; stdout is one synchronized
 * stream, so lines never interleave.
 */
public final class ChaosNode {

    static final String COLLECTION = "chaos";

    private ChaosNode() {
    }

    /**
     * @param args name, port, initial hosts (comma separated host[port]), keystore path, keystore
     *        password, store file, key count, writer seed
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        String hosts = args[2];
        String keystore = args[3];
        String password = args[4];
        Path file = Path.of(args[5]);
        int keys = Integer.parseInt(args[6]);
        long seed = Long.parseLong(args[7]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);

        MvRecordStore store = MvRecordStore.open(file, false);
        // the version of the write this thread just made: the store tells it before put/delete returns
        ThreadLocal<StoredRecord> written = new ThreadLocal<>();
        store.addListener((records, merged) -> {
            if (!merged && !records.isEmpty()) {
                written.set(records.get(records.size() - 1));
            }
        });
        Map<String, Object> c = new HashMap<>();
        c.put("cluster_name", "chaos");
        c.put("node_name", name);
        c.put("bind_port", port);
        c.put("initial_hosts", hosts.split(","));
        c.put("keystore_path", keystore);
        c.put("keystore_password", password);
        c.put("collections", new String[] {COLLECTION});
        c.put("join_timeout_ms", 1000L);
        c.put("failure_timeout_ms", 3000L);
        c.put("merge_interval_ms", 2000L);
        c.put("tombstone_check_interval_seconds", Long.getLong("hookline.chaos.tombstoneCheckSeconds", 10));
        ClusterComponent node = new ClusterComponent(store, config(c), null);
        PartitionFilter filter = new PartitionFilter();
        NodeAccess.channel(node).getProtocolStack().insertProtocol(filter, ProtocolStack.Position.ABOVE, TP.class);
        out.println("UP " + name + " " + store.nodeId());

        Writer writer = new Writer(store, written, out, keys, new Random(seed), name);
        Thread w = new Thread(writer, "chaos-writer");
        w.setDaemon(true);
        w.start();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String[] cmd = line.trim().split(" ", 2);
            switch (cmd[0]) {
                case "block" -> {
                    Set<String> names = new HashSet<>();
                    if (cmd.length > 1) {
                        for (String n : cmd[1].split(",")) {
                            if (!n.isBlank()) {
                                names.add(n.trim());
                            }
                        }
                    }
                    filter.block(names);
                    out.println("BLOCKED " + names.size());
                }
                case "stop" -> {
                    writer.running = false;
                    w.join(TimeUnit.SECONDS.toMillis(30));
                    out.println("STOPPED " + !w.isAlive());
                }
                case "view" -> out.println("VIEW " + String.join(",", node.status().members));
                case "status" -> {
                    io.hookline.cluster.ClusterStatusDTO st = node.status();
                    out.println("STATUS " + name + " view=" + st.members + " known=" + st.knownMembers + " missing="
                            + st.missingMembers + " tombstones=" + st.tombstones + " purged=" + st.tombstonesPurged
                            + " refusedPurged=" + st.refusedPurged + " resyncDropped=" + st.resyncDropped);
                }
                case "digest" -> {
                    List<StoredRecord> all = store.snapshot(COLLECTION);
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    for (StoredRecord r : all) {
                        md.update((line(r) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    out.println("DIGEST " + all.size() + " " + HexFormat.of().formatHex(md.digest()) + " "
                            + node.status().members.size() + " " + all.stream().filter(StoredRecord::deleted).count());
                }
                case "dump" -> {
                    List<StoredRecord> all = store.snapshot(COLLECTION);
                    StringBuilder b = new StringBuilder();
                    for (StoredRecord r : all) {
                        b.append("REC ").append(line(r)).append('\n');
                    }
                    b.append("END ").append(all.size());
                    out.println(b);
                }
                default -> out.println("ERROR unknown command " + line);
            }
        }
        NodeAccess.stop(node);
        store.close();
    }

    /** key, timestamp, node, D or P, value (P only). */
    static String line(StoredRecord r) {
        return r.key() + " " + Long.toUnsignedString(r.version().timestamp()) + " " + r.version().node() + " "
                + (r.deleted() ? "D -" : "P " + r.field("v"));
    }

    private static ClusterComponent.Config config(Map<String, Object> values) {
        return (ClusterComponent.Config) Proxy.newProxyInstance(ChaosNode.class.getClassLoader(),
                new Class<?>[] {ClusterComponent.Config.class}, (proxy, method, a) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "ChaosConfig" + values : method.invoke(values, a);
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    /** Puts (three in four, one of them to a new key) and deletes random keys until stopped, reporting each write. */
    private static final class Writer implements Runnable {

        private final MvRecordStore store;
        private final ThreadLocal<StoredRecord> written;
        private final PrintStream out;
        private final int keys;
        private final Random random;
        private final String name;
        volatile boolean running = true;

        Writer(MvRecordStore store, ThreadLocal<StoredRecord> written, PrintStream out, int keys, Random random,
                String name) {
            this.store = store;
            this.written = written;
            this.out = out;
            this.keys = keys;
            this.random = random;
            this.name = name;
        }

        @Override
        public void run() {
            long seq = 0;
            while (running) {
                // one write in four goes to a key of its own, never written again: it must end at exactly
                // its version; the others share the key space, so nodes overwrite and delete each other's
                int roll = random.nextInt(4);
                String key = roll == 3 ? "u-" + name + "-" + System.nanoTime() : "k" + random.nextInt(keys);
                written.remove();
                if (roll == 0) {
                    out.println("TRY D " + key);
                    Optional<StoredRecord> old = store.delete(COLLECTION, key);
                    StoredRecord t = written.get();
                    if (old.isPresent() && t != null) {
                        out.println("ACK D " + key + " " + Long.toUnsignedString(t.version().timestamp()) + " "
                                + t.version().node() + " -");
                    } else {
                        out.println("NOOP D " + key);
                    }
                } else {
                    String value = name + "-" + System.nanoTime() + "-" + (seq++);
                    out.println("TRY P " + key + " " + value);
                    StoredRecord r = store.put(COLLECTION, key, Map.of("v", value));
                    out.println("ACK P " + key + " " + Long.toUnsignedString(r.version().timestamp()) + " "
                            + r.version().node() + " " + value);
                }
                // a pace, not a wait for anything: about 50 writes a second per node
                try {
                    Thread.sleep(10 + random.nextInt(20));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
