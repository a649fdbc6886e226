package io.hookline.installer.internal;

import java.net.URI;
import java.nio.file.Path;
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

    public static boolean globMatches(String pattern, String name) {
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

        public InstallerSettings build() {
            return new InstallerSettings(this);
        }
    }
}
