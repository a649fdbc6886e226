package io.hookline.installer.internal.fetch;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.internal.InstallerSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Maven coordinates checked part by part and turned into URLs inside each configured repository.
 * Why so strict: a group id with empty segments ({@code ..host}) once became a scheme-relative
 * path that replaced the repository's host, and a leading dot left its base path. Every part must
 * match its rule before any URL is built, and every URL built must keep the repository's scheme,
 * host, port and path prefix. Threading: immutable.
 *
 * @param file the artifact's file name
 * @param version the version (a version hint for the app)
 * @param uris per repository, in order: the artifact's URL and the repository's base URL
 */
record MavenCoordinates(String file, String version, List<URI[]> uris) {

    private static final Pattern MAVEN_GROUP = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");
    private static final Pattern MAVEN_PART = Pattern.compile("^[A-Za-z0-9_-]+([.-][A-Za-z0-9_]+)*$");

    /**
     * @param coords {@code groupId:artifactId:version[:type[:classifier]]}
     * @param settings the configured repositories
     * @return the artifact and its URL in each repository
     * @throws InstallException {@code INVALID_REQUEST} naming the bad part, {@code HOST_NOT_ALLOWED} with no repository
     */
    static MavenCoordinates parse(String coords, InstallerSettings settings) {
        String[] parts = coords.split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + coords
                    + "' are not groupId:artifactId:version[:type[:classifier]]");
        }
        String[] names = {"groupId", "artifactId", "version", "type", "classifier"};
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.equals("..") || p.equals(".")) {
                throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + coords + "' contain an invalid part '"
                        + p + "'");
            }
            Pattern rule = i == 0 ? MAVEN_GROUP : MAVEN_PART;
            if (!rule.matcher(p).matches() || p.contains("..")) {
                throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + coords + "' have an invalid "
                        + names[i] + " '" + p + "' (" + (i == 0 ? "dot-separated names of" : "a name of")
                        + " letters, digits, _ and -" + (i == 0 ? "" : ", dots inside") + ")");
            }
        }
        String g = parts[0], a = parts[1], v = parts[2];
        String type = parts.length > 3 ? parts[3] : "jar";
        String classifier = parts.length > 4 ? parts[4] : null;
        if (v.endsWith("-SNAPSHOT")) {
            throw new InstallException(INVALID_REQUEST, "Maven SNAPSHOT versions are not installable ("
                    + coords + "): pin a release");
        }
        if (settings.mavenRepositories.isEmpty()) {
            throw new InstallException(HOST_NOT_ALLOWED, "no Maven repository is configured; refusing " + coords
                    + " (property maven.repositories in PID io.hookline.installer; to add one: config:property-append"
                    + " -p io.hookline.installer maven.repositories \",https://repo1.maven.org/maven2/\")");
        }
        String file = a + "-" + v + (classifier != null ? "-" + classifier : "") + "." + type;
        String rel = g.replace('.', '/') + "/" + a + "/" + v + "/" + file;
        List<URI[]> uris = new ArrayList<>();
        for (URI repo : settings.mavenRepositories) {
            URI uri;
            try {
                uri = new URI(repo.toString() + rel);
            } catch (URISyntaxException e) {
                throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + coords + "' do not make a URL: "
                        + e.getReason());
            }
            // belt and braces: the URL must stay inside the repository whatever the parts were
            String base = repo.getRawPath() == null ? "/" : repo.getRawPath();
            if (!ArtifactFetcher.sameOrigin(uri, repo) || uri.getRawPath() == null || !uri.getRawPath().startsWith(base)
                    || !uri.normalize().getRawPath().equals(uri.getRawPath()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new InstallException(INVALID_REQUEST, "Maven coordinates '" + coords + "' leave repository "
                        + repo + " (" + uri + ")");
            }
            uris.add(new URI[] {uri, repo});
        }
        return new MavenCoordinates(file, v, List.copyOf(uris));
    }
}
