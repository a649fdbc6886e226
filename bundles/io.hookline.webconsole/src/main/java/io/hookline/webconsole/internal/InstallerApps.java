package io.hookline.webconsole.internal;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link Apps} over the Installer API. */
@Component(service = Apps.class)
public final class InstallerApps implements Apps {

    private final Installer installer;

    @Activate
    public InstallerApps(@Reference Installer installer) {
        this.installer = installer;
    }

    @Override
    public List<Map<String, Object>> list() {
        return installer.list().stream().map(InstallerApps::row).toList();
    }

    @Override
    public String uninstall(String app, String requestedBy) {
        try {
            AppDTO was = installer.uninstall(app, null, requestedBy);
            return "uninstalled " + was.app + " " + was.version;
        } catch (InstallException e) {
            throw new IllegalArgumentException(e.describe(), e);
        }
    }

    private static Map<String, Object> row(AppDTO a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", a.app);
        m.put("version", a.version);
        m.put("status", String.valueOf(a.status));
        m.put("failureReason", a.failureReason);
        m.put("sourceType", a.sourceType);
        m.put("source", a.source);
        m.put("sha256", a.sha256);
        m.put("signer", a.signer);
        m.put("bundles", a.artifacts == null ? "" : Stream.of(a.artifacts)
                .map((ArtifactDTO b) -> b.symbolicName + " " + b.bundleVersion).collect(Collectors.joining(", ")));
        return m;
    }
}
