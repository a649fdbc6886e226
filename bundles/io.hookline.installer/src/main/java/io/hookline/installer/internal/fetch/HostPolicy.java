package io.hookline.installer.internal.fetch;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.internal.InstallerSettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host rules every hop of a download passes. Allowlist entries are {@code host},
 * {@code host:port}, {@code *.domain} or {@code *.domain:port} (IPv6 in brackets); an entry without
 * a port allows only the scheme's default port (80 for http, 443 for https). The name is resolved
 * once here and the download connects to exactly the addresses checked ({@link HttpGet}), so DNS
 * cannot answer differently between check and connect. Loopback, link-local (which includes the
 * cloud metadata address 169.254.169.254), unspecified, multicast and known metadata addresses are
 * refused unless the URL names the address literally, in canonical form (dotted-quad IPv4 or a
 * bracketed IPv6 literal), and the allowlist lists that literal: {@code localhost}, a DNS name that
 * resolves to 127.0.0.1, {@code 2130706433} or {@code [::ffff:127.0.0.1]} are refused even if listed.
 * GitHub URLs ({@link InstallerSettings#githubHosts}) must name an allowed {@code owner/repo};
 * GitHub's asset hosts are only reachable by a redirect from such a URL. Threading: immutable.
 */
public final class HostPolicy {

    /** Where the operator adds a host, named in every {@code HOST_NOT_ALLOWED} message. */
    public static final String ALLOWED_HOSTS_PROPERTY = "allowed.hosts";

    private static final Pattern IPV4_CANONICAL = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern REPO_PART = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");
    /** Cloud metadata endpoints outside the link-local range. */
    private static final Set<String> METADATA = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final InstallerSettings settings;

    public HostPolicy(InstallerSettings settings) {
        this.settings = settings;
    }

    /** @return true if {@code uri}'s host and port match an entry of {@code entries} */
    public static boolean matches(Collection<String> entries, URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        int defaultPort = defaultPort(uri);
        for (String entry : entries) {
            String e = entry.toLowerCase(Locale.ROOT);
            String entryHost = e;
            int entryPort = defaultPort;
            int colon = e.lastIndexOf(':');
            if (colon > 0 && (!e.startsWith("[") || e.charAt(colon - 1) == ']')) {
                try {
                    entryPort = Integer.parseInt(e.substring(colon + 1));
                    entryHost = e.substring(0, colon);
                } catch (NumberFormatException notAPort) {
                    continue;
                }
            }
            if (entryPort != port) {
                continue;
            }
            if (entryHost.equals(host)) {
                return true;
            }
            if (entryHost.startsWith("*.") && host.endsWith(entryHost.substring(1))
                    && host.length() > entryHost.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** @return true if the host is on the allowlist */
    public boolean allowed(URI uri) {
        return matches(settings.allowedHosts, uri);
    }

    /** @return the {@code HOST_NOT_ALLOWED} refusal for a first URL, with the fix */
    public InstallException notAllowed(URI uri) {
        return new InstallException(HOST_NOT_ALLOWED, "host " + hostPort(uri) + " of " + Urls.redact(uri)
                + " is not on the allowlist " + sorted(settings.allowedHosts) + hint(uri));
    }

    /** @return the {@code HOST_NOT_ALLOWED} refusal for a redirect, with the fix */
    public InstallException redirectNotAllowed(URI next, URI from) {
        return new InstallException(HOST_NOT_ALLOWED, "redirect from " + Urls.redact(from) + " to host "
                + hostPort(next) + " which is not on the allowlist " + sorted(settings.allowedHosts) + hint(next));
    }

    private static String hint(URI uri) {
        String entry = uri.getPort() >= 0 ? hostPort(uri) : uri.getHost().toLowerCase(Locale.ROOT);
        return " (property " + ALLOWED_HOSTS_PROPERTY + " in PID io.hookline.installer; to allow it: "
                + "config:property-append -p io.hookline.installer " + ALLOWED_HOSTS_PROPERTY + " \"," + entry + "\")";
    }

    /**
     * Resolves the host once and checks every address it has.
     *
     * @return the addresses to connect to, in resolver order
     * @throws InstallException {@code HOST_NOT_ALLOWED} for a restricted address not named
     *     literally, {@code DOWNLOAD_FAILED} if the name does not resolve
     */
    public List<InetAddress> resolve(URI uri) {
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean literal = isCanonicalLiteral(host);
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new InstallException(DOWNLOAD_FAILED, "cannot resolve host " + host + " of " + Urls.redact(uri));
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : all) {
            String kind = restricted(a);
            if (kind != null && !literal) {
                throw new InstallException(HOST_NOT_ALLOWED, "host " + hostPort(uri) + " of " + Urls.redact(uri)
                        + " resolves to " + kind + " address " + a.getHostAddress() + ", which is refused unless the"
                        + " URL and the allowlist name it literally (as " + literalOf(a) + ":" + port(uri) + ")");
            }
            out.add(a);
        }
        return out;
    }

    /** @return what makes the address restricted (loopback, link-local, ...), or null */
    static String restricted(InetAddress a) {
        if (a instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            byte[] b = v6.getAddress();
            try {
                String embedded = restricted(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                if (embedded != null) {
                    return embedded;
                }
            } catch (UnknownHostException impossible) {
                return "unparseable";
            }
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (METADATA.contains(a.getHostAddress())) {
            return "cloud metadata";
        }
        return null;
    }

    private static String literalOf(InetAddress a) {
        return a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]";
    }

    /** @return true for a dotted-quad IPv4 literal or a bracketed IPv6 literal that is not an IPv4-mapped form */
    static boolean isCanonicalLiteral(String host) {
        if (IPV4_CANONICAL.matcher(host).matches()) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String inner = host.substring(1, host.length() - 1);
            if (inner.contains(".") || !inner.matches("^[0-9A-Fa-f:]+$")) {
                return false;
            }
            try {
                return InetAddress.getByName(inner) instanceof Inet6Address;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** @return true for anything that parses as an IP literal rather than a name */
    static boolean isIpLiteral(String bareHost) {
        return IPV4_CANONICAL.matcher(bareHost).matches() || bareHost.contains(":");
    }

    // ---- GitHub ----

    /** @return true if {@code uri} is on a GitHub web host ({@code /owner/repo/...}) */
    public boolean isGithubHost(URI uri) {
        return matches(settings.githubHosts, uri);
    }

    /** @return true if {@code uri} is on a GitHub asset host */
    public boolean isGithubAssetHost(URI uri) {
        return matches(settings.githubAssetHosts, uri);
    }

    /** @return true if {@code uri} is a GitHub API repository URL ({@code <api>/repos/owner/repo/...}) */
    public boolean isGithubApiRepoUrl(URI uri) {
        URI api = settings.githubApiUrl;
        String base = api.getRawPath() == null ? "" : api.getRawPath();
        return uri.getHost() != null && api.getHost() != null && uri.getHost().equalsIgnoreCase(api.getHost())
                && port(uri) == port(api) && uri.normalize().getRawPath() != null
                && uri.normalize().getRawPath().startsWith(base + "/repos/");
    }

    /**
     * Checks a URL on a GitHub host against {@code allowed.github.repos}.
     *
     * @param skip how many leading path segments come before {@code owner/repo}
     * @throws InstallException {@code REPO_NOT_ALLOWED} if it names no allowed repository
     */
    public void checkGithubRepo(URI uri, int skip) {
        String raw = uri.normalize().getRawPath();
        List<String> segments = new ArrayList<>();
        for (String s : (raw == null ? "" : raw).split("/")) {
            if (!s.isEmpty()) {
                String decoded;
                try {
                    decoded = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = "..";
                }
                segments.add(decoded);
            }
        }
        boolean valid = segments.size() >= skip + 2;
        for (String s : segments) {
            valid &= !s.equals(".") && !s.equals("..") && !s.contains("/") && !s.contains("\\");
        }
        if (!valid || !REPO_PART.matcher(segments.get(skip)).matches()
                || !REPO_PART.matcher(segments.get(skip + 1)).matches()) {
            throw new InstallException(REPO_NOT_ALLOWED, "GitHub URL " + Urls.redact(uri)
                    + " names no owner/repo (property allowed.github.repos in PID io.hookline.installer)");
        }
        String repo = (segments.get(skip) + "/" + segments.get(skip + 1)).toLowerCase(Locale.ROOT);
        if (!settings.allowedGithubRepos.contains(repo)) {
            throw new InstallException(REPO_NOT_ALLOWED, "GitHub repository " + repo + " of " + Urls.redact(uri)
                    + " is not on the allowlist " + sorted(settings.allowedGithubRepos)
                    + " (property allowed.github.repos in PID io.hookline.installer)");
        }
    }

    // ---- helpers ----

    public static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri);
    }

    private static int defaultPort(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    public static String hostPort(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    static List<String> sorted(Collection<String> values) {
        List<String> l = new ArrayList<>(values);
        l.sort(null);
        return l;
    }
}
