package io.hookline.installer.internal.fetch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.Test;

/** The allowlist's matching and the address classes refused unless named literally. */
public class HostPolicyTest {

    @Test
    public void restrictedAddressClasses() throws Exception {
        String[][] cases = {{"127.0.0.1", "loopback"}, {"127.8.9.10", "loopback"}, {"::1", "loopback"},
            {"::ffff:127.0.0.1", "loopback"}, {"::127.0.0.1", "loopback"}, {"169.254.169.254", "link-local"},
            {"::ffff:169.254.169.254", "link-local"}, {"fe80::1", "link-local"}, {"0.0.0.0", "unspecified"},
            {"::", "unspecified"}, {"224.0.0.1", "multicast"}, {"100.100.100.200", "cloud metadata"},
            {"fd00:ec2::254", "cloud metadata"}};
        for (String[] c : cases) {
            assertEquals(c[0], c[1], HostPolicy.restricted(InetAddress.getByName(c[0])));
        }
        assertNull(HostPolicy.restricted(InetAddress.getByName("93.184.216.34")));
        assertNull(HostPolicy.restricted(InetAddress.getByName("10.1.2.3")));
    }

    @Test
    public void onlyCanonicalLiteralsAreLiteral() {
        assertTrue(HostPolicy.isCanonicalLiteral("127.0.0.1"));
        assertTrue(HostPolicy.isCanonicalLiteral("[::1]"));
        for (String s : new String[] {"localhost", "2130706433", "0x7f.1", "127.1", "0177.0.0.1", "127.000.0.1",
            "[::ffff:127.0.0.1]", "[::127.0.0.1]", "::1"}) {
            assertFalse(s, HostPolicy.isCanonicalLiteral(s));
        }
    }

    @Test
    public void entriesWithoutAPortMeanTheDefaultPort() {
        List<String> entries = List.of("repo.example.com", "*.acme.org", "files.example.com:8443", "[::1]:8080");
        assertTrue(HostPolicy.matches(entries, URI.create("https://repo.example.com/x")));
        assertTrue(HostPolicy.matches(entries, URI.create("https://REPO.example.com:443/x")));
        assertTrue(HostPolicy.matches(entries, URI.create("http://repo.example.com/x")));
        assertFalse(HostPolicy.matches(entries, URI.create("https://repo.example.com:8443/x")));
        assertTrue(HostPolicy.matches(entries, URI.create("https://dl.acme.org/x")));
        assertFalse(HostPolicy.matches(entries, URI.create("https://dl.acme.org:9000/x")));
        assertFalse(HostPolicy.matches(entries, URI.create("https://acme.org/x")));
        assertFalse(HostPolicy.matches(entries, URI.create("https://evilacme.org/x")));
        assertTrue(HostPolicy.matches(entries, URI.create("https://files.example.com:8443/x")));
        assertFalse(HostPolicy.matches(entries, URI.create("https://files.example.com/x")));
        assertTrue(HostPolicy.matches(entries, URI.create("http://[::1]:8080/x")));
    }

    @Test
    public void redactionHidesCredentials() {
        assertEquals("http://***@h:1/p", Urls.redact(URI.create("http://u:pw@h:1/p")));
        assertEquals("http://***@h/p?q=a@b", Urls.redact("http://u:pw@h/p?q=a@b"));
        assertEquals("http://h/p?q=a@b", Urls.redact("http://h/p?q=a@b"));
    }
}
