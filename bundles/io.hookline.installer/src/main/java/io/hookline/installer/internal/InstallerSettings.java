package io.hookline.installer.internal;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The installer's configuration as plain immutable values, built from the DS configuration or, in
 * tests, directly. Why a copy of the config: every part (fetcher, unpacker, deployer) takes exactly
 * the values it needs without depending on DS, and one install sees one consistent snapshot even if
 * the configuration changes during it. Threading: immutable, shared freely.
 */
public final class InstallerSettings {

    /** Symbolic-name patterns that are always protected, whatever the configuration says. */
    public static final List<String> ALWAYS_PROTECTED = List.of("io.hookline.*", "system.bundle",
            "org.apache.felix.*", "org.apache.karaf.*", "org.eclipse.osgi", "org.osgi.*");

    /** GitHub's web hosts: a URL there names {@code /owner/repo} first. */
    public static final List<String> DEFAULT_GITHUB_HOSTS = List.of("github.com", "www.github.com",
            "codeload.github.com", "raw.githubusercontent.com");

    /** GitHub's release-asset hosts: their URLs name no repository. */
    public static final List<String> DEFAULT_GITHUB_ASSET_HOSTS = List.of("objects.githubusercontent.com",
            "release-assets.githubusercontent.com", "github-releases.githubusercontent.com");

    /** App names that are always protected (the installer's own namespace). */
    public static final List<String> PROTECTED_APPS = List.of("hookline", "io.hookline*");

    public final Path extensionsDir;
    public final Set<String> allowedHosts;
    public final Set<String> allowedGithubRepos;
    public final List<URI> mavenRepositories;
    public final List<String> protectedBundles;
    public final long maxDownloadBytes;
    public final int maxEntries;
    public final long maxUnpackedBytes;
    public final Duration connectTimeout;
    public final Duration readTimeout;
    public final URI githubApiUrl;
    public final boolean requireSha256;
    public final Duration healthGateTimeout;
    /** Plain {@code http} downloads without a sha256 pin are refused unless this is true. */
    public final boolean allowPlainHttp;
    /** The longest a whole fetch (API calls, redirects, body) may take, whatever the read timeout. */
    public final Duration downloadDeadline;
    /** GitHub web hosts ({@code host} or {@code host:port}) whose paths start with {@code /owner/repo}. */
    public final Set<String> githubHosts;
    /** GitHub asset hosts: reachable only by a redirect from an allowed GitHub repository's URL. */
    public final Set<String> githubAssetHosts;
    /** {@code off}, {@code if-signed} or {@code required}. */
    public final SignaturePolicy signaturePolicy;
    /** The pinned signer certificates. */
    public final List<X509Certificate> trustedSigners;
    /** Why the configured trust store could not be read, or null; a broken trust store trusts no signer. */
    public final String trustStoreError;

    /** How jar signatures are enforced. */
    public enum SignaturePolicy {
        /** Signatures are not looked at. */
        OFF,
        /** Unsigned jars pass; a signed jar must verify and, if signers are pinned, be signed by one of them. */
        IF_SIGNED,
        /** Every jar must be signed, verify, and be signed by a pinned signer. */
        REQUIRED;

        /** @return the configuration spelling: {@code off}, {@code if-signed}, {@code required} */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * @param value the configuration value
         * @return the policy
         * @throws IllegalArgumentException naming the allowed values
         */
        public static SignaturePolicy parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            for (SignaturePolicy p : values()) {
                if (p.id().equals(v)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("signature.policy '" + value + "' is not off, if-signed or required");
        }
    }

    private InstallerSettings(Builder b) {
        this.extensionsDir = Objects.requireNonNull(b.extensionsDir, "extensionsDir").toAbsolutePath().normalize();
        this.allowedHosts = Set.copyOf(b.allowedHosts);
        this.allowedGithubRepos = Set.copyOf(b.allowedGithubRepos);
        this.mavenRepositories = List.copyOf(b.mavenRepositories);
        List<String> prot = new ArrayList<>(ALWAYS_PROTECTED);
        for (String p : b.protectedBundles) {
            if (!prot.contains(p)) {
                prot.add(p);
            }
        }
        this.protectedBundles = List.copyOf(prot);
        this.maxDownloadBytes = b.maxDownloadBytes;
        this.maxEntries = b.maxEntries;
        this.maxUnpackedBytes = b.maxUnpackedBytes;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.githubApiUrl = b.githubApiUrl;
        this.requireSha256 = b.requireSha256;
        this.healthGateTimeout = b.healthGateTimeout;
        this.allowPlainHttp = b.allowPlainHttp;
        this.downloadDeadline = b.downloadDeadline;
        this.githubHosts = Set.copyOf(b.githubHosts);
        this.githubAssetHosts = Set.copyOf(b.githubAssetHosts);
        this.signaturePolicy = b.signaturePolicy;
        this.trustedSigners = List.copyOf(b.trustedSigners);
        this.trustStoreError = b.trustStoreError;
    }

    /**
     * @param extensionsDir the folder holding every app's files
     * @return a builder with the defaults of the DS configuration
     */
    public static Builder builder(Path extensionsDir) {
        return new Builder(extensionsDir);
    }

    /** @return the staging folder, inside the extensions folder so that moves are renames */
    public Path stagingDir() {
        return extensionsDir.resolve(".staging");
    }

    /**
     * @param symbolicName a bundle symbolic name
     * @return the protecting pattern, or null if the name is not protected
     */
    public String protectingPattern(String symbolicName) {
        for (String pattern : protectedBundles) {
            if (globMatches(pattern, symbolicName)) {
                return pattern;
            }
        }
        return null;
    }

    /** Case-insensitive: {@code IO.Hookline.Core} is as protected as {@code io.hookline.core}. */
    public static boolean globMatches(String pattern, String name) {
        pattern = pattern.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            // "io.hookline.*" protects "io.hookline" itself too
            return name.startsWith(prefix) || (prefix.endsWith(".") && name.equals(prefix.substring(0, prefix.length() - 1)));
        }
        return name.equals(pattern);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final Path extensionsDir;
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private final Set<String> allowedGithubRepos = new LinkedHashSet<>();
        private final List<URI> mavenRepositories = new ArrayList<>();
        private final List<String> protectedBundles = new ArrayList<>();
        private long maxDownloadBytes = 100L * 1024 * 1024;
        private int maxEntries = 1000;
        private long maxUnpackedBytes = 500L * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private URI githubApiUrl = URI.create("https://api.github.com");
        private boolean requireSha256;
        private Duration healthGateTimeout = Duration.ofSeconds(2);
        private boolean allowPlainHttp;
        private Duration downloadDeadline = Duration.ofMinutes(10);
        private final Set<String> githubHosts = new LinkedHashSet<>(DEFAULT_GITHUB_HOSTS);
        private final Set<String> githubAssetHosts = new LinkedHashSet<>(DEFAULT_GITHUB_ASSET_HOSTS);
        private SignaturePolicy signaturePolicy = SignaturePolicy.IF_SIGNED;
        private final List<X509Certificate> trustedSigners = new ArrayList<>();
        private String trustStoreError;

        Builder(Path extensionsDir) {
            this.extensionsDir = extensionsDir;
        }

        /** @param hosts host names or {@code host:port}, {@code *.example.com} for subdomains */
        public Builder allowHosts(String... hosts) {
            for (String h : hosts) {
                String t = h.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    allowedHosts.add(t);
                }
            }
            return this;
        }

        /** @param repos {@code owner/repo}, case-insensitive */
        public Builder allowGithubRepos(String... repos) {
            for (String r : repos) {
                String t = r.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    allowedGithubRepos.add(t);
                }
            }
            return this;
        }

        /** @param urls Maven repository base URLs */
        public Builder mavenRepositories(String... urls) {
            for (String u : urls) {
                String t = u.trim();
                if (!t.isEmpty()) {
                    mavenRepositories.add(URI.create(t.endsWith("/") ? t : t + "/"));
                }
            }
            return this;
        }

        /** @param patterns symbolic names or prefixes ending in {@code *}, added to the fixed ones */
        public Builder protect(String... patterns) {
            for (String p : patterns) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    protectedBundles.add(t);
                }
            }
            return this;
        }

        public Builder maxDownloadBytes(long v) {
            this.maxDownloadBytes = v;
            return this;
        }

        public Builder maxEntries(int v) {
            this.maxEntries = v;
            return this;
        }

        public Builder maxUnpackedBytes(long v) {
            this.maxUnpackedBytes = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            this.readTimeout = v;
            return this;
        }

        public Builder githubApiUrl(String v) {
            String t = v.trim();
            this.githubApiUrl = URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
            return this;
        }

        public Builder requireSha256(boolean v) {
            this.requireSha256 = v;
            return this;
        }

        public Builder healthGateTimeout(Duration v) {
            this.healthGateTimeout = v;
            return this;
        }

        public Builder allowPlainHttp(boolean v) {
            this.allowPlainHttp = v;
            return this;
        }

        public Builder downloadDeadline(Duration v) {
            this.downloadDeadline = v;
            return this;
        }

        /** @param hosts replaces the GitHub web hosts ({@code host} or {@code host:port}) */
        public Builder githubHosts(String... hosts) {
            githubHosts.clear();
            for (String h : hosts) {
                String t = h.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    githubHosts.add(t);
                }
            }
            return this;
        }

        /** @param hosts replaces the GitHub asset hosts */
        public Builder githubAssetHosts(String... hosts) {
            githubAssetHosts.clear();
            for (String h : hosts) {
                String t = h.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    githubAssetHosts.add(t);
                }
            }
            return this;
        }

        public Builder signaturePolicy(SignaturePolicy v) {
            this.signaturePolicy = Objects.requireNonNull(v, "policy");
            return this;
        }

        /** @param certificates pinned signer certificates, added */
        public Builder trustSigners(List<X509Certificate> certificates) {
            trustedSigners.addAll(certificates);
            return this;
        }

        /**
         * Reads pinned signer certificates (PEM or DER, one or several) from a file; a file that
         * cannot be read is remembered as {@link InstallerSettings#trustStoreError}, so that no
         * signer is trusted (fail closed) and every refusal says why.
         */
        public Builder trustStore(Path file) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    trustedSigners.add((X509Certificate) c);
                }
                if (trustedSigners.isEmpty()) {
                    trustStoreError = "signature.truststore " + file + " holds no certificate";
                }
            } catch (java.io.IOException | java.security.cert.CertificateException | RuntimeException e) {
                trustStoreError = "signature.truststore " + file + " cannot be read: " + e.getMessage();
            }
            return this;
        }

        public InstallerSettings build() {
            return new InstallerSettings(this);
        }
    }
}
