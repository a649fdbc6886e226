package io.hookline.installer.internal.fetch;

import io.hookline.installer.internal.InstallerSettings;

import static io.hookline.installer.InstallException.Reason.*;

import com.fasterxml.jackson.jr.ob.JSON;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fetches an {@link InstallRequest}'s artifact into a staging folder: copies a local file, or
 * downloads over HTTP(S) a URL, a GitHub release asset (found through the releases API) or a Maven
 * artifact (a direct GET of {@code groupId/artifactId/version/file} from each configured repository
 * in turn, not Karaf's {@code mvn:} handler, so that the same allowlist, limits and redirect checks
 * apply and tests can serve it from 127.0.0.1). Why by hand: redirects are followed manually (at
 * most {@value #MAX_REDIRECTS}) so every hop is re-checked against the fail-closed host allowlist
 * and an https to http downgrade is refused; the body is streamed to disk with a size cap while its
 * sha256 is computed, never held in memory; connect and read timeouts and a total
 * {@link Deadline} bound a slow server. Every hop passes {@link HostPolicy} (allowlist by host and
 * port, GitHub repository rules, restricted addresses) and is connected by {@link HttpGet} to the
 * very address that was checked. Every field of the request is checked ({@link #check}) before the
 * first request. Threading: stateless apart from the immutable settings; concurrent fetches are
 * independent.
 */
public final class ArtifactFetcher {

    public static final int MAX_REDIRECTS = 5;
    /** GitHub API answers are small; anything bigger is refused as malformed. */
    public static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern TAG_VERSION = Pattern.compile("^v?(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+-]+)?)$");

    private final InstallerSettings settings;
    private final HostPolicy hosts;

    public ArtifactFetcher(InstallerSettings settings) {
        this.settings = settings;
        this.hosts = new HostPolicy(settings);
    }

    /**
     * Checks every field of the request that decides where a request goes, before any request
     * leaves the machine: the pin, the URL (scheme, user info, host on the allowlist), GitHub
     * owner/repo, tag and asset, Maven coordinates part by part.
     *
     * @throws InstallException naming the bad field
     */
    public void check(InstallRequest request) {
        if (request.sha256() != null && !SHA256.matcher(request.sha256()).matches()) {
            throw new InstallException(INVALID_REQUEST, "sha256 pin '" + request.sha256() + "' is not 64 hex digits");
        }
        if (request.sourceType().isRemote() && settings.requireSha256 && request.sha256() == null) {
            throw new InstallException(CHECKSUM_REQUIRED, "configuration requires a sha256 pin for remote installs ("
                    + Urls.redact(request.describeSource()) + ")");
        }
        switch (request.sourceType()) {
            case PATH -> {
            }
            case URL -> parseUrl(request.location());
            case GITHUB_TAG, GITHUB_LATEST_RELEASE -> GithubChecks.check(request, settings);
            case MAVEN -> MavenCoordinates.parse(request.location(), settings);
        }
    }

    /**
     * @param request the request
     * @param stagingDir an existing, empty folder owned by this install
     * @return the fetched file, inside {@code stagingDir}
     * @throws InstallException on any refusal; a partial file may remain in {@code stagingDir},
     *     which the caller deletes
     */
    public FetchedFile fetch(InstallRequest request, Path stagingDir) {
        check(request);
        Trip trip = new Trip(request, Deadline.in(settings.downloadDeadline));
        FetchedFile fetched = switch (request.sourceType()) {
            case PATH -> copyLocal(request, stagingDir);
            case URL -> fetchUrl(request, stagingDir, trip);
            case GITHUB_TAG, GITHUB_LATEST_RELEASE -> fetchGithub(request, stagingDir, trip);
            case MAVEN -> fetchMaven(request, stagingDir, trip);
        };
        if (request.sha256() != null && !request.sha256().equals(fetched.sha256())) {
            throw new InstallException(CHECKSUM_MISMATCH, "sha256 of " + fetched.name() + " is " + fetched.sha256()
                    + ", expected " + request.sha256());
        }
        return fetched;
    }

    // ---- sources ----

    private FetchedFile copyLocal(InstallRequest request, Path stagingDir) {
        Path source;
        try {
            source = Path.of(request.location()).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new InstallException(INVALID_REQUEST, "invalid path '" + request.location() + "'");
        }
        if (!Files.isRegularFile(source)) {
            throw new InstallException(SOURCE_NOT_FOUND, "no such file: " + source);
        }
        String name = source.getFileName().toString();
        Path target = stagingDir.resolve(safeFileName(name));
        try (InputStream in = Files.newInputStream(source)) {
            long known = Files.size(source);
            Streamed s = stream(in, target, known, request, source.toString());
            return new FetchedFile(target, name, s.sha256, s.size, source.toString(), null);
        } catch (IOException e) {
            throw new InstallException(IO_ERROR, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private FetchedFile fetchUrl(InstallRequest request, Path stagingDir, Trip trip) {
        URI uri = parseUrl(request.location());
        return download(uri, stagingDir, lastSegment(uri), null, null, trip);
    }

    private FetchedFile fetchGithub(InstallRequest request, Path stagingDir, Trip trip) {
        String repo = request.location();
        trip.githubRepoSeen = true;
        String path = request.sourceType() == InstallRequest.SourceType.GITHUB_TAG
                ? "/repos/" + repo + "/releases/tags/" + URLEncoder.encode(request.tag(), StandardCharsets.UTF_8)
                : "/repos/" + repo + "/releases/latest";
        URI api = URI.create(settings.githubApiUrl.toString() + path);
        Map<String, Object> release = githubJson(api, trip);
        Object tagName = release.get("tag_name");
        Object assetsValue = release.get("assets");
        if (!(assetsValue instanceof List<?> assets)) {
            throw new InstallException(MALFORMED_METADATA, "GitHub release " + api + " has no 'assets' array");
        }
        List<Map<?, ?>> candidates = new ArrayList<>();
        for (Object a : assets) {
            if (!(a instanceof Map<?, ?> asset) || !(asset.get("name") instanceof String)
                    || !(asset.get("browser_download_url") instanceof String)) {
                throw new InstallException(MALFORMED_METADATA, "GitHub release " + api
                        + " has an asset without a string 'name' and 'browser_download_url'");
            }
            String assetName = (String) asset.get("name");
            if (request.asset() != null ? assetName.equals(request.asset()) : ArtifactKind.of(assetName) != null) {
                candidates.add(asset);
            }
        }
        String where = repo + (request.tag() != null ? " tag " + request.tag() : " latest release")
                + (tagName != null ? " (" + tagName + ")" : "");
        if (candidates.isEmpty()) {
            throw new InstallException(ASSET_NOT_FOUND, request.asset() != null
                    ? "GitHub release " + where + " has no asset named " + request.asset()
                    : "GitHub release " + where + " has no .jar, .zip or .tar.gz asset");
        }
        if (candidates.size() > 1) {
            List<String> names = new ArrayList<>();
            candidates.forEach(c -> names.add((String) c.get("name")));
            throw new InstallException(ASSET_AMBIGUOUS, "GitHub release " + where
                    + " has several suitable assets " + names + "; name one");
        }
        Map<?, ?> asset = candidates.get(0);
        URI download = parseUrl((String) asset.get("browser_download_url"));
        String hint = null;
        if (tagName instanceof String t) {
            var m = TAG_VERSION.matcher(t);
            hint = m.matches() ? m.group(1) : null;
        }
        return download(download, stagingDir, (String) asset.get("name"), hint, null, trip);
    }

    private FetchedFile fetchMaven(InstallRequest request, Path stagingDir, Trip trip) {
        MavenCoordinates target = MavenCoordinates.parse(request.location(), settings);
        List<String> tried = new ArrayList<>();
        for (URI[] pair : target.uris()) {
            tried.add(pair[0].toString());
            try {
                return download(pair[0], stagingDir, target.file(), target.version(), pair[1], trip);
            } catch (NotFound e) {
                // try the next repository
            }
        }
        throw new InstallException(HTTP_ERROR, "Maven artifact " + request.location() + " not found (HTTP 404) in "
                + tried);
    }

    // ---- HTTP ----

    /** A 404 from a Maven repository: the caller tries the next one. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    /** What one fetch carries from hop to hop. */
    private static final class Trip {
        final InstallRequest request;
        final Deadline deadline;
        /** True once an allowed GitHub repository was named (a github_* source, or a hop on a GitHub host). */
        boolean githubRepoSeen;

        Trip(InstallRequest request, Deadline deadline) {
            this.request = request;
            this.deadline = deadline;
        }
    }

    /** An answer that is not a redirect, and the URL it came from. */
    private record Answer(HttpGet get, URI uri) {
    }

    private Map<String, Object> githubJson(URI api, Trip trip) {
        Answer a = open(api, null, "application/vnd.github+json", true, trip);
        try (HttpGet c = a.get()) {
            int status = c.status();
            if (status != 200) {
                throw new InstallException(GITHUB_API_ERROR, "GitHub API " + api + " answered HTTP " + status);
            }
            byte[] body = readCapped(c.body(), MAX_METADATA_BYTES, api);
            Object parsed;
            try {
                parsed = JSON.std.anyFrom(body);
            } catch (IOException e) {
                throw new InstallException(MALFORMED_METADATA, "GitHub API " + api + " answered malformed JSON: "
                        + firstLine(e.getMessage()));
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new InstallException(MALFORMED_METADATA, "GitHub API " + api + " answered JSON that is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            return m;
        } catch (SocketTimeoutException e) {
            throw new InstallException(TIMEOUT, "timed out reading " + api, e);
        } catch (IOException e) {
            throw new InstallException(GITHUB_API_ERROR, "GitHub API " + api + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks one hop before anything is sent to it: the host (allowlist, or the Maven repository
     * or GitHub API being fetched from), GitHub's repository rules, and plain http without a pin.
     */
    private void checkHop(URI uri, URI from, URI mavenRepo, boolean api, Trip trip) {
        boolean hostOk = hosts.allowed(uri) || (mavenRepo != null && sameOrigin(uri, mavenRepo))
                || (api && sameOrigin(uri, settings.githubApiUrl));
        if (!hostOk) {
            throw from == null ? hosts.notAllowed(uri) : hosts.redirectNotAllowed(uri, from);
        }
        if (hosts.isGithubHost(uri)) {
            hosts.checkGithubRepo(uri, 0);
            trip.githubRepoSeen = true;
        } else if (!api && hosts.isGithubApiRepoUrl(uri)) {
            String base = settings.githubApiUrl.getRawPath() == null ? "" : settings.githubApiUrl.getRawPath();
            hosts.checkGithubRepo(uri, (int) java.util.Arrays.stream(base.split("/")).filter(x -> !x.isEmpty()).count() + 1);
            trip.githubRepoSeen = true;
        } else if (hosts.isGithubAssetHost(uri) && !trip.githubRepoSeen) {
            throw new InstallException(REPO_NOT_ALLOWED, "GitHub asset host " + HostPolicy.hostPort(uri) + " of "
                    + Urls.redact(uri) + " is only reachable through a redirect from an allowed GitHub repository;"
                    + " install with github_tag / github_latest_release or a github.com release URL");
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && trip.request.sha256() == null && !settings.allowPlainHttp) {
            throw new InstallException(CHECKSUM_REQUIRED, "plain http " + (from == null ? "URL " : "redirect to ")
                    + Urls.redact(uri) + " needs a sha256 pin (--sha256), or https, or allow.plain.http=true in PID"
                    + " io.hookline.installer");
        }
    }

    /**
     * Opens {@code start}, following redirects by hand, each hop checked by {@link #checkHop} and
     * connected to the addresses its name resolved to when checked; the body is not read yet.
     *
     * @param mavenRepo when fetching from a Maven repository, its base URL (its host is allowed)
     * @param api true for a GitHub API request (the configured API host is allowed)
     */
    private Answer open(URI start, URI mavenRepo, String accept, boolean api, Trip trip) {
        URI uri = start;
        URI from = null;
        for (int hop = 0; ; hop++) {
            checkHop(uri, from, mavenRepo, api, trip);
            List<InetAddress> addresses = hosts.resolve(uri);
            HttpGet c = connect(uri, addresses, accept, trip);
            int status = c.status();
            if (status < 300 || status >= 400 || status == 304) {
                return new Answer(c, uri);
            }
            String location = c.header("Location");
            c.close();
            if (location == null) {
                throw new InstallException(HTTP_ERROR, "HTTP " + status + " redirect without Location from " + uri);
            }
            if (hop + 1 > MAX_REDIRECTS) {
                throw new InstallException(TOO_MANY_REDIRECTS, "more than " + MAX_REDIRECTS + " redirects from "
                        + start + " (last: " + uri + ")");
            }
            URI next;
            try {
                next = uri.resolve(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new InstallException(HTTP_ERROR, "invalid redirect Location '" + Urls.redact(location)
                        + "' from " + uri);
            }
            if (next.getRawUserInfo() != null) {
                throw new InstallException(INSECURE_REDIRECT, "redirect from " + uri + " to " + Urls.redact(next)
                        + " carries user info; credentials are never sent, stored or shown");
            }
            if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new InstallException(INSECURE_REDIRECT, "redirect from " + uri + " to " + Urls.redact(next)
                        + " downgrades https to " + next.getScheme());
            }
            if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new InstallException(INSECURE_REDIRECT, "redirect from " + uri + " to unsupported scheme "
                        + Urls.redact(next));
            }
            if (next.getHost() == null) {
                throw new InstallException(HTTP_ERROR, "redirect from " + uri + " to " + Urls.redact(next)
                        + " names no host");
            }
            from = uri;
            uri = next;
        }
    }

    /** Connects to the first of the checked addresses that answers. */
    private HttpGet connect(URI uri, List<InetAddress> addresses, String accept, Trip trip) {
        IOException last = null;
        for (InetAddress address : addresses) {
            trip.deadline.check(uri);
            try {
                return HttpGet.open(uri, address, accept, settings.connectTimeout.toMillis(),
                        settings.readTimeout.toMillis(), trip.deadline);
            } catch (SocketTimeoutException e) {
                throw new InstallException(TIMEOUT, "timed out connecting to " + uri + " (connect timeout "
                        + settings.connectTimeout.toMillis() + " ms, read timeout " + settings.readTimeout.toMillis()
                        + " ms)", e);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                last = e;
            } catch (IOException e) {
                throw new InstallException(DOWNLOAD_FAILED, "cannot fetch " + uri + ": " + e, e);
            }
        }
        throw new InstallException(DOWNLOAD_FAILED, "cannot fetch " + uri + ": " + last, last);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && HostPolicy.port(a) == HostPolicy.port(b) && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private FetchedFile download(URI uri, Path stagingDir, String name, String versionHint, URI mavenRepo, Trip trip) {
        if (ArtifactKind.of(name) == null) {
            throw new InstallException(UNSUPPORTED_ARTIFACT, "'" + name + "' from " + uri
                    + " is not a .jar, .zip or .tar.gz");
        }
        Answer a = open(uri, mavenRepo, "application/octet-stream, */*", false, trip);
        URI finalUri = a.uri();
        try (HttpGet c = a.get()) {
            int status = c.status();
            if (status == 404 && mavenRepo != null) {
                throw new NotFound();
            }
            if (status != 200) {
                throw new InstallException(HTTP_ERROR, "HTTP " + status + " from " + finalUri);
            }
            long length = c.contentLength();
            if (length > settings.maxDownloadBytes) {
                throw new InstallException(DOWNLOAD_TOO_LARGE, finalUri + " announces " + length
                        + " bytes, more than the maximum of " + settings.maxDownloadBytes);
            }
            Path target = stagingDir.resolve(safeFileName(name));
            Streamed s = stream(c.body(), target, length, trip.request, finalUri.toString());
            if (length >= 0 && s.size != length) {
                throw new InstallException(DOWNLOAD_FAILED, "download of " + finalUri + " truncated: " + s.size
                        + " of " + length + " bytes");
            }
            return new FetchedFile(target, name, s.sha256, s.size, Urls.redact(finalUri), versionHint);
        } catch (SocketTimeoutException e) {
            throw new InstallException(TIMEOUT, "timed out reading " + finalUri + " (read timeout "
                    + settings.readTimeout.toMillis() + " ms)", e);
        } catch (IOException e) {
            throw new InstallException(DOWNLOAD_FAILED, "download of " + finalUri + " failed: " + e, e);
        }
    }

    private record Streamed(String sha256, long size) {
    }

    private Streamed stream(InputStream in, Path target, long expected, InstallRequest request, String what)
            throws IOException {
        MessageDigest digest = sha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        long lastReport = 0;
        InstallRequest.ProgressListener progress = request.progressListener();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > settings.maxDownloadBytes) {
                    throw new InstallException(DOWNLOAD_TOO_LARGE, what + " is larger than the maximum of "
                            + settings.maxDownloadBytes + " bytes");
                }
                digest.update(buf, 0, n);
                out.write(buf, 0, n);
                if (total - lastReport >= 256 * 1024) {
                    lastReport = total;
                    report(progress, "fetch", total, expected);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted");
                }
            }
        }
        report(progress, "fetch", total, expected);
        return new Streamed(HexFormat.of().formatHex(digest.digest()), total);
    }

    public static void report(InstallRequest.ProgressListener progress, String step, long done, long total) {
        try {
            progress.progress(step, done, total);
        } catch (RuntimeException ignored) {
            // a listener must not break an install
        }
    }

    private static byte[] readCapped(InputStream in, int max, URI what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > max) {
                throw new InstallException(MALFORMED_METADATA, what + " answered more than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    // ---- allowlist ----

    private static URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InstallException(INVALID_REQUEST, "invalid URL '" + Urls.redact(url) + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InstallException(INVALID_REQUEST, "URL '" + Urls.redact(url) + "' is not http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InstallException(INVALID_REQUEST, "URL '" + Urls.redact(uri)
                    + "' carries user info; credentials are never sent, stored or shown");
        }
        if (uri.getHost() == null) {
            throw new InstallException(INVALID_REQUEST, "URL '" + Urls.redact(url) + "' has no host name or IP address"
                    + " Java can parse (IP addresses are dotted quads or bracketed IPv6)");
        }
        return uri;
    }

    // ---- helpers ----

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** The staged copy's name: the artifact's extension kept, nothing taken from the name but safe characters. */
    public static String safeFileName(String name) {
        ArtifactKind kind = ArtifactKind.of(name);
        return "artifact" + (kind == null ? ".bin" : kind.extension);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
