package io.hookline.cluster.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.MergeView;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.LOCAL_PING;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.DiagnosticsHandler;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;

/**
 * The {@link ClusterTransport} over a JGroups channel whose stack is built in code (no XML, so
 * no protocol is loaded by name and the embedded copy needs no dynamic imports). Bottom to top:
 * the transport (TCP bound to one address, or SHARED_LOOPBACK in one JVM), {@link ChannelSeal}
 * (every message serialised whole and sealed with AES-256-GCM under a key derived from the cluster
 * key, with replay and misdirection checks), discovery (TCPPING's static list, or LOCAL_PING), then
 * MERGE3, failure detection, NAKACK2/UNICAST3 for reliable ordered delivery, STABLE, GMS, flow
 * control and FRAG4. Everything from discovery up, including GMS's join and merge requests,
 * travels sealed, so a node without the key is never answered: it cannot join, read, push, rename
 * a member or redirect its traffic, and a host on the path can neither read nor alter nor replay
 * any of it; a refused message is dropped, counted and logged at most once a minute, never handed
 * up. Only the transport's framing and FD_SOCK2's ring sockets are in clear. The diagnostics handler is off. Threading: JGroups
 * calls the receiver on its own threads; sends are thread-safe.
 */
final class JGroupsTransport implements ClusterTransport, Receiver {

    private final JChannel channel;
    private final String clusterName;
    private final String group;
    private final String self;
    private final ChannelSeal seal;
    private volatile Handler handler;
    private volatile Map<String, Address> byName = Map.of();

    private JGroupsTransport(JChannel channel, String clusterName, String group, String self, ChannelSeal seal) {
        this.channel = channel;
        this.clusterName = clusterName;
        this.group = group;
        this.self = self;
        this.seal = seal;
    }

    /**
     * Builds the channel (not yet connected).
     *
     * @throws IllegalStateException naming the setting that JGroups refused
     */
    static JGroupsTransport create(String clusterName, String nodeName, StackSettings settings, SecretKey key) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // JGroups' ClassConfigurator reads its resources through the context class loader first
        Thread.currentThread().setContextClassLoader(JGroupsTransport.class.getClassLoader());
        try {
            List<Protocol> stack = protocols(settings, key, clusterName);
            JChannel channel = new JChannel(stack);
            TP tp = channel.getProtocolStack().getTransport();
            DiagnosticsHandler diag = tp.getDiagnosticsHandler();
            if (diag != null) {
                diag.setEnabled(false);
            }
            channel.name(nodeName);
            ChannelSeal seal = channel.getProtocolStack().findProtocol(ChannelSeal.class);
            return new JGroupsTransport(channel, clusterName, group(clusterName, key), nodeName, seal);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the cluster's JGroups stack: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    static List<Protocol> protocols(StackSettings s, SecretKey key, String clusterName) throws Exception {
        List<Protocol> stack = new ArrayList<>();
        // the seal sits right on the transport, below discovery: discovery names the members (the names the
        // cluster attributes records by) and says where they are, so in clear a node without the key could
        // rename a member or redirect its traffic (SealAttackNodesTest)
        if (s.loopback()) {
            stack.add(new SHARED_LOOPBACK());
            stack.add(new ChannelSeal(key, clusterName, s.sealMaxAgeMillis(), System::currentTimeMillis));
            stack.add(new LOCAL_PING());
        } else {
            stack.add(new TCP().setBindAddress(InetAddress.getByName(s.bindAddress())).setBindPort(s.bindPort())
                    .setPortRange(0));
            stack.add(new ChannelSeal(key, clusterName, s.sealMaxAgeMillis(), System::currentTimeMillis));
            if (s.dns() != null) {
                stack.add(discoveryRounds(s.dns().protocol(), s.joinTimeoutMillis()));
            } else {
                List<InetSocketAddress> hosts = new ArrayList<>();
                for (String h : s.initialHosts()) {
                    hosts.add(parseHost(h));
                }
                stack.add(discoveryRounds(new TCPPING().setInitialHosts(hosts).setPortRange(0), s.joinTimeoutMillis()));
            }
        }
        long mergeMax = s.mergeMaxIntervalMillis();
        stack.add(new MERGE3().setMinInterval(mergeMax / 2).setMaxInterval(mergeMax).setCheckInterval(mergeMax * 3 / 2));
        if (!s.loopback()) {
            stack.add(new FD_SOCK2());
        }
        stack.add(new FD_ALL3().setTimeout(s.failureTimeoutMillis()).setInterval(Math.max(100, s.failureTimeoutMillis() / 3)));
        stack.add(new VERIFY_SUSPECT2().setTimeout(Math.max(100, s.failureTimeoutMillis() / 6)));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new GMS().setJoinTimeout(s.joinTimeoutMillis()).setMaxJoinAttempts(MAX_JOIN_ATTEMPTS).printLocalAddress(false));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    /**
     * GMS join attempts before a node gives up and starts a cluster alone. JGroups counts from 1 and
     * stops when the count reaches this, so 5 is 4 rounds of discovery and JOIN: the first lasts one
     * join timeout, each further one two when no coordinator answers (ClientGmsImpl waits out the
     * round's own discovery, then the responses gathered so far), so a node gives up after about 21 s
     * at the default 3 s, and nodes whose boots are up to ~15 s apart still meet in one view. It was
     * 3 (2 rounds, 9 s): a node that booted a second or two before the one JGroups chose as first
     * coordinator gave up before that one existed (ConcurrentStartTest). Not more: a node whose
     * chosen first coordinator dies during the join waits on it round after round (its discovery
     * answer stays in the gathered responses) before giving up.
     */
    static final int MAX_JOIN_ATTEMPTS = 5;

    /** Milliseconds between the discovery requests of one join round. */
    static final long DISCOVERY_RESEND_MILLIS = 500;

    /**
     * Makes every discovery round of a join resend its requests about every
     * {@link #DISCOVERY_RESEND_MILLIS} over one join timeout (JGroups' {@code num_discovery_runs}, 1
     * by default, spread over the timeout), and end at the first coordinator's answer
     * ({@code break_on_coord_rsp}, JGroups' default, set here because the join depends on it). Why:
     * with one request per round, a request to a peer not yet listening is lost, and an answer is a
     * snapshot: when nodes boot together nobody is coordinator yet, every one answers "client", and
     * ClientGmsImpl leaves it to the lowest address to become coordinator once its own round runs
     * out while the others retry after 100 ms. A node whose retry asked before that one had become
     * coordinator heard only "client" again, waited out its round, and with 3 attempts gave up and
     * started alone, to be merged by MERGE3 20-30 s later (ConcurrentStartTest). Resent requests
     * reach late listeners and hear the new coordinator within half a second. Used for TCPPING and
     * DNS_PING alike (LOCAL_PING marks the first member coordinator at once and needs none of it).
     */
    static <D extends Discovery> D discoveryRounds(D discovery, long joinTimeoutMillis) {
        int runs = (int) Math.max(2, Math.min(10, joinTimeoutMillis / DISCOVERY_RESEND_MILLIS));
        discovery.numDiscoveryRuns(runs);
        discovery.breakOnCoordResponse(true);
        return discovery;
    }

    private static final byte[] GROUP_LABEL = "io.hookline.cluster discovery v1".getBytes(StandardCharsets.UTF_8);

    /**
     * The JGroups cluster name: {@code clusterName} and a tag of the key, {@code hookline#1f2e3d4c}
     * (the first 4 bytes of HMAC-SHA256 of a fixed label under the cluster key). JGroups answers
     * discovery, and its transport accepts messages, only within one cluster name, so a node given
     * another key (a stale or wrong keystore) is never discovered by this cluster nor discovers it.
     * Why: discovery travels in clear, so such a node used to be found and answered like a member;
     * booting with the others it could be the address JGroups chose as first coordinator, and every
     * member then sent it JOIN requests it could not decrypt, round after round, and came up alone
     * (ConcurrentStartTest). This is separation, not protection: the tag is visible on the wire
     * and anyone may copy it; the channel seal ({@link ChannelSeal}) still drops what such a node
     * sends.
     */
    static String group(String clusterName, SecretKey key) {
        byte[] raw = key.getEncoded();
        if (raw == null || raw.length == 0) {
            throw new IllegalStateException("the cluster key (" + key.getAlgorithm() + ") cannot be exported");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            byte[] tag = mac.doFinal(GROUP_LABEL);
            return clusterName + "#" + HexFormat.of().formatHex(tag, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster's group name: " + e.getMessage(), e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@code host[port]} (JGroups' own notation) or {@code host:port}. */
    static InetSocketAddress parseHost(String spec) {
        String s = spec.trim();
        String host;
        String port;
        if (s.endsWith("]") && s.indexOf('[') > 0) {
            host = s.substring(0, s.indexOf('['));
            port = s.substring(s.indexOf('[') + 1, s.length() - 1);
        } else if (s.lastIndexOf(':') > 0) {
            host = s.substring(0, s.lastIndexOf(':'));
            port = s.substring(s.lastIndexOf(':') + 1);
        } else {
            throw new IllegalArgumentException("initial.hosts: \"" + spec + "\" is not host[port] (for example 127.0.0.1[7800])");
        }
        try {
            int p = Integer.parseInt(port);
            if (p <= 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("initial.hosts: \"" + spec + "\" has no valid port");
        }
    }

    /** Connects; the handler gets the first view before this returns. */
    void start(Handler h) {
        this.handler = h;
        channel.setReceiver(this);
        try {
            channel.connect(group);
        } catch (Exception e) {
            channel.close();
            throw new IllegalStateException("cannot connect to cluster " + clusterName + ": " + e.getMessage(), e);
        }
    }

    /** For tests in this package: the channel, to insert DISCARD or read the view. */
    JChannel channel() {
        return channel;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public void broadcast(byte[] payload) {
        try {
            channel.send(new BytesMessage(null, payload));
        } catch (Exception e) {
            throw new IllegalStateException("cluster broadcast failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(String member, byte[] payload) {
        Address to = byName.get(member);
        if (to == null) {
            return; // left the view
        }
        try {
            channel.send(new BytesMessage(to, payload));
        } catch (Exception e) {
            throw new IllegalStateException("cluster send to " + member + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void receive(Message msg) {
        Handler h = handler;
        if (h == null) {
            return;
        }
        byte[] payload = msg.getArray();
        if (payload == null) {
            return;
        }
        byte[] data = msg.getOffset() == 0 && msg.getLength() == payload.length ? payload
                : java.util.Arrays.copyOfRange(payload, msg.getOffset(), msg.getOffset() + msg.getLength());
        h.onMessage(name(msg.getSrc()), data);
    }

    /** @return messages the channel's seal dropped so far: forged, altered, replayed, misdirected or unsealed */
    long refusedMessages() {
        return seal.dropped();
    }

    @Override
    public long refusedStale() {
        return seal.stale();
    }

    @Override
    public String lastStaleRefusal() {
        return seal.lastStale();
    }

    /** For tests in this package: the channel's seal and its counters. */
    ChannelSeal seal() {
        return seal;
    }

    @Override
    public void viewAccepted(View view) {
        Map<String, Address> names = new HashMap<>();
        List<String> members = new ArrayList<>();
        for (Address a : view.getMembers()) {
            String n = name(a);
            names.put(n, a);
            members.add(n);
        }
        byName = Map.copyOf(names);
        Handler h = handler;
        if (h != null) {
            h.onView(members, view instanceof MergeView);
        }
    }

    private static String name(Address a) {
        String n = NameCache.get(a);
        return n != null ? n : String.valueOf(a);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "JGroupsTransport[" + clusterName + " as " + self + "]";
    }
}
