package io.hookline.cluster.internal.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.cluster.internal.NodeAccess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.relay.RELAY2;
import org.jgroups.stack.GossipRouter;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Keeps the README's two-site example honest: loads {@code docs/two-sites} (site-a.xml,
 * site-b.xml, bridge.xml, relay.xml) with the JGroups on the class path, the absolute
 * {@code /etc/hookline/cluster/} of the example pointed at a temporary folder, a gossip router per
 * site on 127.0.0.1, and connects two members in site a and one in site b: a multicast sent by a
 * member of site a that is not its site master reaches site b through the two site masters and the
 * encrypted bridge. JGroups refuses unknown protocols and attributes when it builds a channel, so a
 * misspelt name fails here. Threading: the test thread; JGroups delivers on its own threads.
 */
public class TwoSiteExampleTest {

    private static final String ETC = "/etc/hookline/cluster/";
    private static final List<String> PROPERTIES = List.of("hookline.bind.addr", "hookline.bind.port",
            "hookline.bridge.port", "hookline.gossip", "hookline.bridge.gossip", "hookline.keystore",
            "hookline.keystore.password");

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<JChannel> channels = new ArrayList<>();
    private final List<GossipRouter> routers = new ArrayList<>();
    private final Map<String, String> previous = new HashMap<>();

    @After
    public void close() {
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).close();
        }
        routers.forEach(GossipRouter::stop);
        for (String p : PROPERTIES) {
            if (previous.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, previous.get(p));
            }
        }
    }

    @Test
    public void twoSitesFromTheExampleRelayAMulticastThroughTheirSiteMasters() throws Exception {
        Path dir = tmp.getRoot().toPath();
        for (String f : List.of("site-a.xml", "site-b.xml", "bridge.xml", "relay.xml")) {
            String xml = Files.readString(Paths.get("docs", "two-sites", f), StandardCharsets.UTF_8);
            assertTrue(f + " names its files under " + ETC, f.equals("bridge.xml") || xml.contains(ETC));
            Files.writeString(dir.resolve(f), xml.replace(ETC, dir.toAbsolutePath() + "/"), StandardCharsets.UTF_8);
        }
        Path keystore = NodeAccess.keystore(dir.resolve("hookline-cluster.p12"));
        int portA = freePort();
        int portB = freePort();
        routers.add(new GossipRouter("127.0.0.1", portA).start());
        routers.add(new GossipRouter("127.0.0.1", portB).start());
        PROPERTIES.forEach(p -> previous.put(p, System.getProperty(p)));
        System.setProperty("hookline.bind.addr", "127.0.0.1");
        System.setProperty("hookline.bind.port", "0");
        System.setProperty("hookline.bridge.port", "0");
        System.setProperty("hookline.bridge.gossip", "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]");
        System.setProperty("hookline.keystore", keystore.toString());
        System.setProperty("hookline.keystore.password", NodeAccess.PASSWORD);

        // the XML is read when the channel is built: each site's router is set just before
        System.setProperty("hookline.gossip", "127.0.0.1[" + portA + "]");
        JChannel a1 = connect(dir.resolve("site-a.xml"), "a1");
        JChannel a2 = connect(dir.resolve("site-a.xml"), "a2");
        System.setProperty("hookline.gossip", "127.0.0.1[" + portB + "]");
        JChannel b1 = connect(dir.resolve("site-b.xml"), "b1");
        List<String> atB = new CopyOnWriteArrayList<>();
        b1.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                atB.add(new String(msg.getArray(), msg.getOffset(), msg.getLength(), StandardCharsets.UTF_8));
            }
        });

        RELAY2 relayA = a1.getProtocolStack().findProtocol(RELAY2.class);
        RELAY2 relayB = b1.getProtocolStack().findProtocol(RELAY2.class);
        Util.waitUntil(30_000, 100, () -> a1.getView().size() == 2 && relayA.getRoute("b") != null
                && relayB.getRoute("a") != null, () -> "site a of 2 with a route to b: view " + a1.getView()
                + ", routes " + relayA.printRoutes());
        assertEquals("a", relayA.site());
        assertTrue("the first member of site a is its site master", relayA.isSiteMaster());
        assertEquals("site b is a cluster of its own", 1, b1.getView().size());

        a2.send(new BytesMessage(null, "switch from a2".getBytes(StandardCharsets.UTF_8)));
        Util.waitUntil(15_000, 20, () -> atB.contains("switch from a2"),
                () -> "a2's multicast relayed to site b, b1 got " + atB);
    }

    private JChannel connect(Path config, String name) throws Exception {
        JChannel ch = new JChannel(config.toString()).name(name);
        channels.add(ch);
        ch.connect("hookline");
        return ch;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
