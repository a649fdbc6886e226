package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.protocols.dns.DNSResolver;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.Util;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code discovery = dns} for real: a DNS server of the test's own ({@link LocalDnsServer}, UDP on
 * 127.0.0.1) and cluster components on the TCP stack with an empty static list, so the nodes can
 * only have found each other through it. SRV, because on one host the nodes listen on different
 * ports and an A record carries none (DNS_PING probes an A record's address at the node's own
 * port). Then the resolver alone (A and SRV through the configured server), and the config's
 * refusals, each naming the key and the value.
 */
public class DnsDiscoveryTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path key;

    private final List<ClusterComponent> nodes = new ArrayList<>();
    private final List<MvRecordStore> stores = new ArrayList<>();
    private final String cluster = "dns-" + System.nanoTime();
    private final String zone = cluster + ".hookline.test";
    private LocalDnsServer dns;

    @BeforeClass
    public static void keys() throws Exception {
        key = TestKeys.aesKeystore(TMP.getRoot().toPath().resolve("cluster.p12"), 256);
    }

    @Before
    public void dnsServer() throws Exception {
        dns = new LocalDnsServer();
    }

    @After
    public void stop() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).deactivate();
        }
        stores.forEach(MvRecordStore::close);
        dns.close();
    }

    @Test
    public void threeNodesOnOneHostFindEachOtherOnlyThroughSrvRecordsAndReplicate() throws Exception {
        String service = "_jgroups._tcp." + zone;
        List<Integer> ports = TestPorts.free(3);
        for (int i = 0; i < 3; i++) {
            dns.srv(service, 0, 10, ports.get(i), "n" + i + "." + zone).a("n" + i + "." + zone, "127.0.0.1");
        }
        List<MvRecordStore> s = List.of(store(), store(), store());
        ExecutorService boot = Executors.newFixedThreadPool(3);
        List<Future<ClusterComponent>> started = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, Object> c = dnsConfig("N" + i, ports.get(i), service, "SRV");
                MvRecordStore store = s.get(i);
                started.add(boot.submit(() -> new ClusterComponent(store, TestConfig.of(c))));
            }
            for (Future<ClusterComponent> f : started) {
                nodes.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            boot.shutdownNow();
        }
        Util.waitUntil(15_000, 20, () -> nodes.stream().allMatch(n -> n.status().members.size() == 3),
                () -> "a view of 3 through DNS: " + nodes.stream().map(n -> n.status().members).toList()
                        + ", questions " + dns.questions());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("3 nodes started together with discovery = dns (SRV): one view after %d ms; %d DNS questions%n",
                ms, dns.questions().size());
        s.get(0).put("plugin.switches", "found-by-dns", Map.of("stopped", "true"));
        Util.waitUntil(5_000, 20, () -> s.get(2).get("plugin.switches", "found-by-dns").isPresent(),
                () -> "the write on N0 on N2");
        List<String> asked = dns.questions();
        assertTrue(asked.toString(), asked.contains("SRV " + service));
        assertTrue("SRV targets resolved at the configured server: " + asked, asked.contains("A n2." + zone));
    }

    @Test
    public void theResolverAsksTheConfiguredServerForARecordsAndSrvRecordsWithTheirTargets() throws Exception {
        dns.a("nodes." + zone, "127.0.0.1")
                .srv("_jgroups._tcp." + zone, 0, 10, 7801, "a." + zone).a("a." + zone, "127.0.0.1")
                .srv("_jgroups._tcp." + zone, 0, 10, 7802, "b." + zone).a("b." + zone, "127.0.0.1");
        DNS_PING ping = DnsDiscovery.parse(List.of("nodes." + zone), "A", dns.address()).protocol();
        DNSResolver resolver = ping.dnsResolver();
        try {
            List<Address> a = resolver.resolveIps("nodes." + zone, DNSResolver.DNSRecordType.A);
            // no port: DNS_PING probes an A record's address at the node's own bind port
            assertEquals(List.of(new IpAddress("127.0.0.1", 0)), a);
            List<Address> srv = resolver.resolveIps("_jgroups._tcp." + zone, DNSResolver.DNSRecordType.SRV);
            assertEquals(List.of(new IpAddress("127.0.0.1", 7801), new IpAddress("127.0.0.1", 7802)), srv);
            assertEquals(List.of(), resolver.resolveIps("missing." + zone, DNSResolver.DNSRecordType.A));
        } finally {
            resolver.close();
        }
        assertTrue(dns.questions().toString(), dns.questions().containsAll(List.of("A nodes." + zone,
                "SRV _jgroups._tcp." + zone, "A a." + zone, "A b." + zone, "A missing." + zone)));
    }

    @Test
    public void dnsSettingsAreCheckedAndAWrongValueIsRefusedNamingItsKey() {
        StackSettings ok = ClusterComponent.settings(config(Map.of("discovery", "dns",
                "dns_query", new String[] {"_jgroups._tcp.hookline.default.svc.cluster.local"}, "dns_record_type", "srv",
                "dns_address", "10.96.0.10")));
        assertEquals(new DnsDiscovery(List.of("_jgroups._tcp.hookline.default.svc.cluster.local"),
                DnsDiscovery.RecordType.SRV, "10.96.0.10:53"), ok.dns());
        assertEquals("[::1]:5353", ClusterComponent.settings(config(Map.of("discovery", "dns",
                "dns_query", new String[] {"a.test,b.test"}, "dns_address", "[::1]:5353"))).dns().server());
        assertEquals(List.of("a.test", "b.test"), ClusterComponent.settings(config(Map.of("discovery", "dns",
                "dns_query", new String[] {"a.test,b.test"}))).dns().queries());
        assertNull("static is the default", ClusterComponent.settings(config(Map.of())).dns());

        refused("discovery: \"multicast\" is neither static nor dns", Map.of("discovery", "multicast"));
        refused("discovery = dns needs dns.query", Map.of("discovery", "dns"));
        refused("dns.query: \"hookline nodes\" is not a DNS name",
                Map.of("discovery", "dns", "dns_query", new String[] {"hookline nodes"}));
        refused("dns.record.type: \"MX\" is neither A nor SRV",
                Map.of("discovery", "dns", "dns_query", new String[] {"a.test"}, "dns_record_type", "MX"));
        refused("dns.address: \"10.0.0.1:99999\" has no valid port",
                Map.of("discovery", "dns", "dns_query", new String[] {"a.test"}, "dns_address", "10.0.0.1:99999"));
        refused("dns.address: \"::1\" is not host:port",
                Map.of("discovery", "dns", "dns_query", new String[] {"a.test"}, "dns_address", "::1"));
        refused("dns.address: \"dns/x:53\" has no valid host",
                Map.of("discovery", "dns", "dns_query", new String[] {"a.test"}, "dns_address", "dns/x:53"));
        refused("discovery = dns needs transport = tcp",
                Map.of("discovery", "dns", "dns_query", new String[] {"a.test"}, "transport", "loopback"));
    }

    private static void refused(String expected, Map<String, Object> values) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterComponent.settings(config(values)));
        assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
    }

    private static ClusterComponent.Config config(Map<String, Object> values) {
        return TestConfig.of(values);
    }

    private Map<String, Object> dnsConfig(String name, int port, String query, String type) {
        Map<String, Object> c = new HashMap<>();
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.put("bind_port", port);
        c.put("initial_hosts", new String[0]);
        c.put("discovery", "dns");
        c.put("dns_query", new String[] {query});
        c.put("dns_record_type", type);
        c.put("dns_address", dns.address());
        c.put("keystore_path", key.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.put("join_timeout_ms", 1000L);
        return c;
    }

    private MvRecordStore store() {
        MvRecordStore s = MvRecordStore.inMemory();
        stores.add(s);
        return s;
    }
}
