package io.hookline.installer.internal.deploy;

import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.fetch.FetchedFile;

import java.nio.file.Path;
import java.util.List;

/**
 * An app fetched, unpacked and verified in its staging folder, ready to be deployed.
 *
 * @param app the app name (validated)
 * @param version its version
 * @param fetched the fetched file
 * @param bundles its bundles, in archive order, symbolic names unique
 * @param stagingDir the folder holding all of it, deleted by the caller when done
 */
public record StagedApp(String app, AppVersion version, FetchedFile fetched, List<StagedBundle> bundles, Path stagingDir) {
}
