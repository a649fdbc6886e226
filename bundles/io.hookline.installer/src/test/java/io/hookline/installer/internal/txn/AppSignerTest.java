package io.hookline.installer.internal.txn;

import static org.junit.Assert.assertEquals;

import io.hookline.installer.internal.AppVersion;
import io.hookline.installer.internal.deploy.StagedApp;
import io.hookline.installer.internal.deploy.StagedBundle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** The app's recorded signer never reads as "signed by X" when part of the app is unsigned. */
public class AppSignerTest {

    private static StagedBundle bundle(String bsn, String signer) {
        return new StagedBundle(Path.of(bsn + ".jar"), bsn, "1.0.0", false, "00", 1, "", "", List.of(), List.of(), signer);
    }

    private static StagedApp app(StagedBundle... bundles) {
        return new StagedApp("acme", AppVersion.parse("1.0.0"), null, Arrays.asList(bundles), Path.of("."));
    }

    @Test
    public void aPartlySignedAppNamesItsUnsignedBundles() {
        assertEquals("CN=Acme; unsigned: acme.extra",
                InstallTransaction.signer(app(bundle("acme.core", "CN=Acme"), bundle("acme.extra", ""))));
    }

    @Test
    public void fullySignedAndUnsignedAppsAreAsBefore() {
        assertEquals("CN=Acme", InstallTransaction.signer(app(bundle("a", "CN=Acme"), bundle("b", "CN=Acme"))));
        assertEquals("", InstallTransaction.signer(app(bundle("a", ""), bundle("b", ""))));
    }
}
