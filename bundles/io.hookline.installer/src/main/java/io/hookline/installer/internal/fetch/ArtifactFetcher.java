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
import java.net.HttpURLConnection;
import java.net.Proxy;
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
 * sha256 is computed, never held in memory; connect and read timeouts bound a slow server. Uses
 * {@link HttpURLConnection} without proxy for its per-read timeout. Threading: stateless apart from
 * the immutable settings; concurrent fetches are independent.
 */
public final class ArtifactFetcher {

    public static final int MAX_REDIRECTS = 5;
    /** GitHub API answers are small; anything bigger is refused as malformed. */
    public static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
    private static final Pattern OWNER_REPO = Pattern.compile("^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern MAVEN_PART = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern TAG_VERSION = Pattern.compile("^v?(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+-]+)?)$");

    private final InstallerSettings settings;

    public ArtifactFetcher(InstallerSettings settings) {
        this.settings = settings;
    }

    /**
     * @param request the request
     * @param stagingDir an existing, empty folder owned by this install
     * @return the fetched file, inside {@code stagingDir}
     * @throws InstallException on any refusal; a partial file may remain in {@code stagingDir},
     *     which the caller deletes
     */
    public FetchedFile fetch(InstallRequest request, Path stagingDir) {
        if (request.sha256() != null && !SHA256.matcher(request.sha256()).matches()) {
            throw new InstallException(INVALID_REQUEST, "sha256 pin '" + request.sha256() + "' is not 64 hex digits");
        }
        if (request.sourceType().isRemote() && settings.requireSha256 && request.sha256() == null) {
            throw new InstallException(CHECKSUM_REQUIRED, "configuration requires a sha256 pin for remote installs ("
                    + request.describeSource() + ")");
        }
        FetchedFile fetched = switch (request.sourceType()) {
            case PATH -> copyLocal(request, stagingDir);
            case URL -> fetchUrl(request, stagingDir);
            case GITHUB_TAG, GITHUB_LATEST_RELEASE -> fetchGithub(request, stagingDir);
            case MAVEN -> fetchMaven(request, stagingDir);
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

    private FetchedFile fetchUrl(InstallRequest request, Path stagingDir) {
        URI uri = parseUrl(request.location());
        checkHost(uri, null);
        String name = lastSegment(uri);
        return download(uri, stagingDir, name, request, null, null);
    }

    private FetchedFile fetchGithub(InstallRequest request, Path stagingDir) {
        String repo = request.location();
        if (!OWNER_REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new InstallException(INVALID_REQUEST, "GitHub repository '" + repo + "' is not owner/repo");
        }
        if (!settings.allowedGithubRepos.contains(repo.toLowerCase(Locale.ROOT))) {
            throw new InstallException(REPO_NOT_ALLOWED, "GitHub repository " + repo + " is not on the allowlist "
                    + sorted(settings.allowedGithubRepos));
        }
        String path = request.sourceType() == InstallRequest.SourceType.GITHUB_TAG
                ? "/repos/" + repo + "/releases/tags/" + URLEncoder.encode(request.tag(), StandardCharsets.UTF_8)
                : "/repos/" + repo + "/releases/latest";
        URI api = URI.create(settings.githubApiUrl.toString() + path);
        Map<String, Object> release = githubJson(api);
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
        checkHost(download, null);
        String hint = null;
        if (tagName instanceof String t) {
            var m = TAG_VERSION.matcher(t);
            hint = m.matches() ? m.group(1) : null;
        }
        return download(download, stagingDir, (String) asset.get("name"), request, hint, null);
    }

    private FetchedFile fetchMaven(InstallRequest request, Path stagingDir) {
        String[] parts = request.location().split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + request.location()
                    + "' are not groupId:artifactId:version[:type[:classifier]]");
        }
        for (String p : parts) {
            if (!MAVEN_PART.matcher(p).matches() || p.equals("..") || p.equals(".")) {
                throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + request.location()
                        + "' contain an invalid part '" + p + "'");
            }
        }
        String g = parts[0], a = parts[1], v = parts[2];
        String type = parts.length > 3 ? parts[3] : "jar";
        String classifier = parts.length > 4 ? parts[4] : null;
        if (v.endsWith("-SNAPSHOT")) {
            throw new InstallException(INVALID_REQUEST, "Maven SNAPSHOT versions are not installable ("
                    + request.location() + "): pin a release");
        }
        if (settings.mavenRepositories.isEmpty()) {
            throw new InstallException(HOST_NOT_ALLOWED, "no Maven repository is configured; refusing "
                    + request.location());
        }
        String file = a + "-" + v + (classifier != null ? "-" + classifier : "") + "." + type;
        String rel = g.replace('.', '/') + "/" + a + "/" + v + "/" + file;
        List<String> tried = new ArrayList<>();
        for (URI repo : settings.mavenRepositories) {
            URI uri = repo.resolve(rel);
            tried.add(uri.toString());
            try {
                return download(uri, stagingDir, file, request, v, repo);
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

    private Map<String, Object> githubJson(URI api) {
        HttpURLConnection c = open(api, null, "application/vnd.github+json", true);
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                throw new InstallException(GITHUB_API_ERROR, "GitHub API " + api + " answered HTTP " + status);
            }
            byte[] body;
            try (InputStream in = c.getInputStream()) {
                body = readCapped(in, MAX_METADATA_BYTES, api);
            }
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
        } finally {
            c.disconnect();
        }
    }

    /**
     * Opens {@code start}, following redirects by hand; the answer is not read yet.
     *
     * @param mavenRepo when fetching from a Maven repository, its base URL (its host is allowed)
     * @param api true for a GitHub API request (the configured API host is allowed)
     */
    private HttpURLConnection open(URI start, URI mavenRepo, String accept, boolean api) {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout((int) settings.connectTimeout.toMillis());
                c.setReadTimeout((int) settings.readTimeout.toMillis());
                c.setUseCaches(false);
                c.setRequestProperty("User-Agent", "hookline-installer");
                c.setRequestProperty("Accept", accept);
                int status = c.getResponseCode();
                if (status < 300 || status >= 400 || status == 304) {
                    return c;
                }
                String location = c.getHeaderField("Location");
                c.disconnect();
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
                    throw new InstallException(HTTP_ERROR, "invalid redirect Location '" + location + "' from " + uri);
                }
                if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    throw new InstallException(INSECURE_REDIRECT, "redirect from " + uri + " to " + next
                            + " downgrades https to " + next.getScheme());
                }
                if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    throw new InstallException(INSECURE_REDIRECT, "redirect from " + uri + " to unsupported scheme "
                            + next);
                }
                checkRedirectHost(next, uri, mavenRepo, api);
                uri = next;
            } catch (SocketTimeoutException e) {
                throw new InstallException(TIMEOUT, "timed out connecting to " + uri + " (connect timeout "
                        + settings.connectTimeout.toMillis() + " ms, read timeout " + settings.readTimeout.toMillis()
                        + " ms)", e);
            } catch (IOException e) {
                throw new InstallException(DOWNLOAD_FAILED, "cannot fetch " + uri + ": " + e, e);
            }
        }
    }

    private FetchedFile download(URI uri, Path stagingDir, String name, InstallRequest request, String versionHint,
            URI mavenRepo) {
        if (ArtifactKind.of(name) == null) {
            throw new InstallException(UNSUPPORTED_ARTIFACT, "'" + name + "' from " + uri
                    + " is not a .jar, .zip or .tar.gz");
        }
        HttpURLConnection c = open(uri, mavenRepo, "application/octet-stream, */*", false);
        URI finalUri = uri;
        try {
            finalUri = c.getURL().toURI();
            int status = c.getResponseCode();
            if (status == 404 && mavenRepo != null) {
                throw new NotFound();
            }
            if (status != 200) {
                throw new InstallException(HTTP_ERROR, "HTTP " + status + " from " + finalUri);
            }
            long length = c.getContentLengthLong();
            if (length > settings.maxDownloadBytes) {
                throw new InstallException(DOWNLOAD_TOO_LARGE, finalUri + " announces " + length
                        + " bytes, more than the maximum of " + settings.maxDownloadBytes);
            }
            Path target = stagingDir.resolve(safeFileName(name));
            try (InputStream in = c.getInputStream()) {
                Streamed s = stream(in, target, length, request, finalUri.toString());
                if (length >= 0 && s.size != length) {
                    throw new InstallException(DOWNLOAD_FAILED, "download of " + finalUri + " truncated: " + s.size
                            + " of " + length + " bytes");
                }
                return new FetchedFile(target, name, s.sha256, s.size, finalUri.toString(), versionHint);
            }
        } catch (SocketTimeoutException e) {
            throw new InstallException(TIMEOUT, "timed out reading " + finalUri + " (read timeout "
                    + settings.readTimeout.toMillis() + " ms)", e);
        } catch (URISyntaxException e) {
            throw new InstallException(DOWNLOAD_FAILED, "invalid URL " + c.getURL(), e);
        } catch (IOException e) {
            throw new InstallException(DOWNLOAD_FAILED, "download of " + finalUri + " failed: " + e, e);
        } finally {
            c.disconnect();
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

    private URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InstallException(INVALID_REQUEST, "invalid URL '" + url + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InstallException(INVALID_REQUEST, "URL '" + url + "' is not http or https");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InstallException(INVALID_REQUEST, "URL '" + url + "' has no host or carries user info");
        }
        return uri;
    }

    private void checkHost(URI uri, URI extra) {
        if (!hostAllowed(uri) && (extra == null || !sameHost(uri, extra))) {
            throw new InstallException(HOST_NOT_ALLOWED, "host " + hostPort(uri) + " of " + uri
                    + " is not on the allowlist " + sorted(settings.allowedHosts));
        }
    }

    private void checkRedirectHost(URI next, URI from, URI mavenRepo, boolean api) {
        if (hostAllowed(next) || (mavenRepo != null && sameHost(next, mavenRepo))
                || (api && sameHost(next, settings.githubApiUrl))) {
            return;
        }
        throw new InstallException(HOST_NOT_ALLOWED, "redirect from " + from + " to host " + hostPort(next)
                + " which is not on the allowlist " + sorted(settings.allowedHosts));
    }

    public boolean hostAllowed(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String withPort = host + ":" + port(uri);
        for (String allowed : settings.allowedHosts) {
            if (allowed.equals(host) || allowed.equals(withPort)) {
                return true;
            }
            if (allowed.startsWith("*.") && host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        List<String> l = new ArrayList<>(values);
        l.sort(null);
        return l;
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
