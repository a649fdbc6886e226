package io.hookline.installer.internal.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.installer.InstallRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class InstallerTextTest {

    @Test
    public void eachSourceOption() {
        assertEquals(InstallRequest.SourceType.PATH, InstallerText.request("/x.jar", null, null, null, null, null).sourceType());
        assertEquals(InstallRequest.SourceType.URL, InstallerText.request(null, "http://h/x.jar", null, null, null, null).sourceType());
        InstallRequest tag = InstallerText.request(null, null, "acme/tools@v1.2.3", null, null, "t.jar");
        assertEquals(InstallRequest.SourceType.GITHUB_TAG, tag.sourceType());
        assertEquals("acme/tools", tag.location());
        assertEquals("v1.2.3", tag.tag());
        assertEquals("t.jar", tag.asset());
        InstallRequest latest = InstallerText.request(null, null, null, "acme/tools", null, null);
        assertEquals(InstallRequest.SourceType.GITHUB_LATEST_RELEASE, latest.sourceType());
        assertNull(latest.asset());
        assertEquals(InstallRequest.SourceType.MAVEN, InstallerText.request(null, null, null, null, "g:a:1.0.0", null).sourceType());
    }

    @Test
    public void exactlyOneSource() {
        for (String[] bad : new String[][] {{null, null}, {"/x.jar", "http://h/x.jar"}}) {
            try {
                InstallerText.request(bad[0], bad[1], null, null, null, null);
                throw new AssertionError();
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("give exactly one source"));
            }
        }
    }

    @Test
    public void githubTagNeedsAnAt() {
        try {
            InstallerText.request(null, null, "acme/tools", null, null, null);
            throw new AssertionError();
        } catch (IllegalArgumentException e) {
            assertEquals("--github-tag takes owner/repo@tag, got 'acme/tools'", e.getMessage());
        }
    }

    @Test
    public void progressLine() {
        assertEquals("\rfetch 512.0 KiB / 1.0 MiB (50%)", InstallerText.progress(512 * 1024, 1024 * 1024));
        assertEquals("\rfetch 100 B", InstallerText.progress(100, -1));
    }

    @Test
    public void listTable() {
        AppDTO a = new AppDTO();
        a.app = "shop";
        a.version = "1.0.0";
        a.status = AppDTO.Status.FAILED;
        a.failureReason = "UNRESOLVED: bundle x does not resolve";
        a.source = "path /x.jar";
        a.updatedAt = 0;
        a.artifacts = new ArtifactDTO[0];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InstallerText.apps(List.of(a), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("App   Version  Status  Bundles  Source       Updated\n"
                + "shop  1.0.0    FAILED  0        path /x.jar  1970-01-01T00:00:00Z\n"
                + "shop: UNRESOLVED: bundle x does not resolve\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void refusalsLeadWithTheReasonCode() {
        assertEquals("NOT_INSTALLED: app x is not installed", InstallerText.explain(
                new io.hookline.installer.InstallException(io.hookline.installer.InstallException.Reason.NOT_INSTALLED,
                        "app x is not installed")).getMessage());
    }
}
