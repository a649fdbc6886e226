package io.hookline.cluster.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.jgroups.Address;
import org.jgroups.protocols.dns.AddressedDNSResolver;
import org.jgroups.protocols.dns.DNSResolver;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.dns.DefaultDNSResolver;

/**
 * DNS discovery ({@code discovery = dns}), checked once from the component's config: which names
 * JGroups' DNS_PING asks for, A or SRV records, and optionally which DNS server. Each discovery
 * round (a join, and MERGE3's rounds) asks DNS again, so nodes that appear later are found. A
 * records carry no port: DNS_PING sends to every address at this node's own {@code bind.port}
 * (the transport's port range is 0), so every node must listen on the same port, as the pods of a
 * Kubernetes headless service do; SRV records carry each node's port, so nodes on one host (or
 * behind port mappings) need SRV. The resolver is built here rather than by DNS_PING: JNDI's DNS
 * provider is found through the thread's context class loader, which in OSGi is a bundle's and
 * cannot see the JDK's {@code jdk.naming.dns}, so the context is made with the platform loader; and
 * with {@code dns.address} set, the targets of SRV records are resolved at that server too (JGroups'
 * own resolver asks the JVM's resolver for them, which does not know a server named only here),
 * falling back to the JVM's resolver. JNDI's DNS timeouts are short (0.5 s, doubled twice), so a
 * silent server costs a discovery round about 1.5 s, not JNDI's default 15 s. Threading: immutable;
 * the resolver it builds is used by DNS_PING's discovery threads, as JGroups' own is.
 *
 * @param queries the names asked for, one or more
 * @param recordType A or SRV
 * @param server {@code host:port} (or {@code host}, port 53) of the DNS server to ask; null: the
 *     JVM's resolver for A records and the system's DNS servers for SRV records
 */
record DnsDiscovery(List<String> queries, RecordType recordType, String server) {

    /** The record types DNS discovery asks for. */
    enum RecordType { A, SRV }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");

    DnsDiscovery {
        queries = List.copyOf(queries);
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("discovery = dns needs dns.query: the DNS name(s) of the cluster's nodes,"
                    + " for example _jgroups._tcp.hookline.default.svc.cluster.local (SRV) or"
                    + " hookline.default.svc.cluster.local (A)");
        }
        for (String q : queries) {
            if (q.length() > 253 || !NAME.matcher(q).matches()) {
                throw new IllegalArgumentException("dns.query: \"" + q + "\" is not a DNS name");
            }
        }
        if (recordType == null) {
            throw new IllegalArgumentException("dns.record.type is not set (A or SRV)");
        }
    }

    /**
     * Parses the config values.
     *
     * @param queries {@code dns.query}, one name per element
     * @param recordType {@code dns.record.type}: A or SRV, any case
     * @param server {@code dns.address}: empty or null for the system's resolver
     * @throws IllegalArgumentException naming the key and the value that is wrong
     */
    static DnsDiscovery parse(List<String> queries, String recordType, String server) {
        String type = recordType == null ? "" : recordType.trim().toUpperCase(Locale.ROOT);
        RecordType t;
        try {
            t = RecordType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dns.record.type: \"" + recordType + "\" is neither A nor SRV");
        }
        return new DnsDiscovery(queries, t, server(server));
    }

    /** @return {@code host:port} checked, or null for none */
    private static String server(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.trim();
        String host = s;
        String port = null;
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0 && close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("dns.address: \"" + value + "\" is not host:port");
                }
                host = s.substring(0, close + 1);
                port = s.substring(close + 2);
            }
        } else if (colon >= 0) {
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("dns.address: \"" + value + "\" is not host:port (an IPv6 address goes in"
                        + " brackets: [::1]:53)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("dns.address: \"" + value + "\" has no valid host");
        }
        if (port == null) {
            return host + ":53";
        }
        try {
            int p = Integer.parseInt(port);
            if (p <= 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dns.address: \"" + value + "\" has no valid port (1-65535)");
        }
        return host + ":" + port;
    }

    /**
     * @return a DNS_PING for these settings, its resolver built
     * @throws IllegalStateException if JNDI's DNS provider is missing from the JVM
     */
    DNS_PING protocol() {
        DNS_PING ping = new DNS_PING().dnsQuery(String.join(",", queries)).dnsRecordType(recordType.name());
        if (server != null) {
            ping.dnsAddress(server);
        }
        return ping.dnsResolver(resolver());
    }

    private DNSResolver resolver() {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://" + (server == null ? "" : server));
        env.put("com.sun.jndi.dns.timeout.initial", "500");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            DirContext context = new InitialDirContext(env);
            return server == null ? new DefaultDNSResolver(context) : new SameServerResolver(context);
        } catch (NamingException e) {
            throw new IllegalStateException("discovery = dns: cannot use JNDI's DNS provider (module jdk.naming.dns):"
                    + " " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Resolves A records and the targets of SRV records at the one DNS server configured. */
    private static final class SameServerResolver extends AddressedDNSResolver {

        SameServerResolver(DirContext context) {
            super(context);
        }

        @Override
        protected List<Address> resolveIPEntries(String name, String port) {
            List<Address> found = new ArrayList<>(resolveAEntries(name, port));
            return found.isEmpty() ? super.resolveIPEntries(name, port) : found;
        }
    }
}
