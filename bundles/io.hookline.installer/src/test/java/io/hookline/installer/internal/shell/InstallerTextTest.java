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
import org.apache.karaf.shell.support.table.ShellTable;
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
        assertEquals(List.of(List.of("App", "Version", "Status", "Bundles", "Source", "Updated"),
                List.of("shop", "1.0.0", "FAILED", "0", "path /x.jar", "1970-01-01T00:00:00Z")),
                rows(InstallerText.apps(List.of(a))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InstallerText.apps(List.of(a), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8), bytes.toString(StandardCharsets.UTF_8)
                .endsWith("shop: UNRESOLVED: bundle x does not resolve\n"));
    }

    /** Rows as the shell shows them, in plain ASCII, split into trimmed cells (as PluginTablesTest does). */
    private static List<List<String>> rows(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.forceAscii().print(new PrintStream(bytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8, true);
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.matches("[-+ ]*"))
                .map(line -> List.of(line.split("\\|", -1)).stream().map(String::strip).toList())
                .toList();
    }

    @Test
    public void artifactTableAndSigner() {
        ArtifactDTO x = new ArtifactDTO();
        x.bundleId = 42;
        x.symbolicName = "com.acme.vip";
        x.bundleVersion = "1.1.0";
        x.size = 2048;
        x.sha256 = "ab";
        assertEquals(List.of(List.of("Id", "Symbolic name", "Version", "Size", "sha256"),
                List.of("42", "com.acme.vip", "1.1.0", "2.0 KiB", "ab")), rows(InstallerText.artifacts(new ArtifactDTO[] {x})));
        AppDTO a = new AppDTO();
        a.app = "acme-vip";
        a.version = "1.1.0";
        a.status = AppDTO.Status.INSTALLED;
        a.failureReason = "";
        a.requestedBy = "";
        a.signer = "CN=Acme Release (sha256 AB:CD)";
        a.artifacts = new ArtifactDTO[] {x};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InstallerText.app(a, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8),
                bytes.toString(StandardCharsets.UTF_8).contains("Signed by:    CN=Acme Release (sha256 AB:CD)\n"));
    }

    @Test
    public void outcomeNamesTheVersionChange() {
        AppDTO a = new AppDTO();
        a.app = "acme-vip";
        a.version = "1.1.0";
        assertEquals("Installed acme-vip 1.1.0", InstallerText.outcome(a, null));
        assertEquals("Upgraded acme-vip 1.0.0 -> 1.1.0", InstallerText.outcome(a, "1.0.0"));
        assertEquals("Reinstalled acme-vip 1.1.0", InstallerText.outcome(a, "1.1.0"));
        assertEquals("Downgraded acme-vip 2.0.0 -> 1.1.0", InstallerText.outcome(a, "2.0.0"));
    }

    @Test
    public void refusalsLeadWithTheReasonCode() {
        assertEquals("NOT_INSTALLED: app x is not installed", InstallerText.explain(
                new io.hookline.installer.InstallException(io.hookline.installer.InstallException.Reason.NOT_INSTALLED,
                        "app x is not installed")).getMessage());
    }
}
