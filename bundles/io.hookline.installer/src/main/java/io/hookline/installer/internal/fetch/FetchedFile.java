package io.hookline.installer.internal.fetch;

import java.nio.file.Path;

/**
 * A file fetched into a staging folder, with what was learnt on the way.
 *
 * @param file the staged file
 * @param name the artifact's file name (asset name, URL's last segment, Maven file name)
 * @param sha256 lower-case hex sha256, computed while streaming
 * @param size its size in bytes
 * @param resolvedFrom the final URL after redirects, or the local path
 * @param versionHint a version implied by the source (a Maven version, a {@code v1.2.3} tag), or null
 */
public record FetchedFile(Path file, String name, String sha256, long size, String resolvedFrom, String versionHint) {
}
