package io.hookline.jmx.internal;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.jmx.AppData;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the installer's {@link AppDTO} to {@link AppData}. A class of its own so that nothing but the
 * installer bean links to the installer's package, which this bundle imports optionally. Pure;
 * thread-safe.
 */
final class AppMapping {

    private AppMapping() {
    }

    static AppData app(AppDTO a) {
        AppData d = new AppData();
        d.setApp(a.app);
        d.setVersion(a.version);
        d.setStatus(a.status == null ? "" : a.status.name());
        d.setFailureReason(a.failureReason);
        d.setSourceType(a.sourceType);
        d.setSource(a.source);
        d.setResolvedFrom(a.resolvedFrom);
        d.setSha256(a.sha256);
        d.setSigner(a.signer);
        List<String> bundles = new ArrayList<>();
        if (a.artifacts != null) {
            for (ArtifactDTO artifact : a.artifacts) {
                bundles.add(artifact.symbolicName + " " + artifact.bundleVersion);
            }
        }
        d.setBundles(bundles.toArray(new String[0]));
        d.setRequestedBy(a.requestedBy);
        d.setInstalledAt(a.installedAt);
        d.setUpdatedAt(a.updatedAt);
        return d;
    }

    static List<AppData> apps(List<AppDTO> apps) {
        List<AppData> out = new ArrayList<>(apps.size());
        for (AppDTO a : apps) {
            out.add(app(a));
        }
        return out;
    }
}
