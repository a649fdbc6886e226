package io.hookline.jmx.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import java.util.List;
import org.junit.Test;

/** The Installer bean's parsing of a source and its translation of the installer's refusals. */
public class InstallerBeanTest {

    @Test
    public void sourcesAreParsedByType() {
        InstallRequest path = InstallerBean.request("path", " /tmp/vip.jar ");
        assertEquals(InstallRequest.SourceType.PATH, path.sourceType());
        assertEquals("/tmp/vip.jar", path.location());
        assertEquals(InstallRequest.SourceType.URL, InstallerBean.request("URL", "https://example.com/a.jar").sourceType());
        assertEquals(InstallRequest.SourceType.MAVEN, InstallerBean.request("maven", "g:a:1.0").sourceType());
        InstallRequest tag = InstallerBean.request("github_tag", "owner/repo@v1.2.3#app.zip");
        assertEquals("owner/repo", tag.location());
        assertEquals("v1.2.3", tag.tag());
        assertEquals("app.zip", tag.asset());
        InstallRequest latest = InstallerBean.request("github_latest_release", "owner/repo");
        assertEquals("owner/repo", latest.location());
        assertNull(latest.asset());
    }

    @Test
    public void badSourcesAreRefusedNamingWhatIsWrong() {
        refused(null, "x", "install needs a source type, one of: path, url, github_tag, github_latest_release, maven");
        refused("ftp", "x", "unknown source type 'ftp': use one of path, url, github_tag, github_latest_release, maven");
        refused("path", " ", "install from path needs a location; none was given");
        refused("github_tag", "owner/repo", "a github_tag location is owner/repo@tag[#asset], not 'owner/repo'");
        refused("github_tag", "owner/repo@", "a github_tag location is owner/repo@tag[#asset], not 'owner/repo@'");
    }

    private static void refused(String type, String location, String message) {
        try {
            InstallerBean.request(type, location);
            fail("accepted " + type + " " + location);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void refusalsBecomeJdkExceptionsWithTheReasonAndMessage() {
        RuntimeException notInstalled = InstallerBean.translate(
                new InstallException(InstallException.Reason.NOT_INSTALLED, "app 'vip' is not installed"));
        assertEquals(IllegalArgumentException.class, notInstalled.getClass());
        assertEquals("NOT_INSTALLED: app 'vip' is not installed", notInstalled.getMessage());
        RuntimeException unresolved = InstallerBean.translate(
                new InstallException(InstallException.Reason.UNRESOLVED, "missing import x"));
        assertEquals(IllegalStateException.class, unresolved.getClass());
        assertTrue(unresolved.getMessage().startsWith("UNRESOLVED: "));
        assertNull(unresolved.getCause());
    }

    @Test
    public void uninstallOfAnUnknownAppNamesIt() {
        InstallerBean bean = new InstallerBean(MXBeanOpenTypesTest.installer(
                new InstallException(InstallException.Reason.NOT_INSTALLED, "app 'ghost' is not installed")));
        try {
            bean.uninstall("ghost");
            fail("uninstalled a ghost");
        } catch (IllegalArgumentException e) {
            assertEquals("NOT_INSTALLED: app 'ghost' is not installed", e.getMessage());
        }
        try {
            bean.uninstall("");
            fail("uninstalled nothing");
        } catch (IllegalArgumentException e) {
            assertEquals("uninstall needs an app name; none was given", e.getMessage());
        }
        assertEquals(List.of(), new InstallerBean(MXBeanOpenTypesTest.installer(null)).getApps());
    }
}
