package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The cluster refuses to start without a usable key, and says which setting is wrong. */
public class ClusterKeyTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private String refusal(String path, String password, String alias) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterKey.load(path, password.toCharArray(), alias));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cluster refuses to start"));
        return e.getMessage();
    }

    @Test
    public void multiValueSettingsAcceptOneCommaSeparatedStringAsACfgFileGivesThem() {
        // failed before: a .cfg's "a[1],b[2]" reached TCPPING as one host with "no valid port"
        assertEquals(java.util.List.of("127.0.0.1[7800]", "127.0.0.1[7801]", "x"),
                ClusterComponent.list(new String[] {"127.0.0.1[7800], 127.0.0.1[7801]", " x ", ""}));
    }

    @Test
    public void loadsAnAes256Key() throws Exception {
        Path ks = TestKeys.aesKeystore(tmp.getRoot().toPath().resolve("c.p12"), 256);
        assertEquals("AES", ClusterKey.load(ks.toString(), TestKeys.PASSWORD.toCharArray(), "hookline-cluster").getAlgorithm());
    }

    @Test
    public void everyMissingOrWrongCredentialIsNamed() throws Exception {
        Path ks = TestKeys.aesKeystore(tmp.getRoot().toPath().resolve("c.p12"), 256);
        assertTrue(refusal("", "x", "a").contains("keystore.path is not set"));
        assertTrue(refusal(ks.toString(), "", "a").contains("keystore.password is not set"));
        assertTrue(refusal("relative.p12", "x", "a").contains("not absolute"));
        assertTrue(refusal(ks.resolveSibling("none.p12").toString(), "x", "a").contains("does not exist"));
        assertTrue(refusal(ks.toString(), "wrong", "hookline-cluster").contains("keystore.password"));
        assertTrue(refusal(ks.toString(), TestKeys.PASSWORD, "other").contains("no entry \"other\""));
        Path weak = TestKeys.aesKeystore(tmp.getRoot().toPath().resolve("weak.p12"), 128);
        assertTrue(refusal(weak.toString(), TestKeys.PASSWORD, "hookline-cluster").contains("256 bits are required"));
        Path garbage = Files.writeString(tmp.getRoot().toPath().resolve("garbage.p12"), "not a keystore");
        assertTrue(refusal(garbage.toString(), "x", "a").contains("as PKCS12"));
    }
}
