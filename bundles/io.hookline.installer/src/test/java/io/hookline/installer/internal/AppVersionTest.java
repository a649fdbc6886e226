package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.InstallException;
import org.junit.Test;

public class AppVersionTest {

    @Test
    public void semverPrecedence() {
        String[] ordered = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(ordered[i - 1] + " < " + ordered[i],
                    AppVersion.parse(ordered[i - 1]).compareTo(AppVersion.parse(ordered[i])) < 0);
        }
        assertEquals(0, AppVersion.parse("1.0.0+a").compareTo(AppVersion.parse("1.0.0+b")));
    }

    @Test
    public void osgiQualifierIsBuildMetadata() {
        assertEquals(0, AppVersion.fromOsgi("1.2.3.SNAPSHOT").compareTo(AppVersion.parse("1.2.3")));
        assertEquals("1.2.3+SNAPSHOT", AppVersion.fromOsgi("1.2.3.SNAPSHOT").toString());
    }

    @Test
    public void rejectsNonSemver() {
        for (String bad : new String[] {"1.0", "01.0.0", "1.0.0-", "v1.0.0", "", "1.0.0/../x"}) {
            try {
                AppVersion.parse(bad);
                throw new AssertionError(bad);
            } catch (InstallException e) {
                assertEquals(InstallException.Reason.INVALID_VERSION, e.reason());
            }
        }
    }
}
