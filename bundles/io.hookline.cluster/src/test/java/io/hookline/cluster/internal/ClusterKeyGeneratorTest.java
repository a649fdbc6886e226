package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.SecretKey;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** hcluster:keygen's generator: a keystore ClusterKey accepts, never an overwrite, no relative path. */
public class ClusterKeyGeneratorTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesAnAes256KeystoreTheClusterLoadsOwnerOnly() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("etc/hookline-cluster.p12");
        String password = ClusterKeyGenerator.password(24);
        assertEquals(24, password.length());
        ClusterKeyGenerator.generate(file, password.toCharArray(), "hookline-cluster");
        SecretKey key = ClusterKey.load(file.toString(), password.toCharArray(), "hookline-cluster");
        assertEquals(32, key.getEncoded().length);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        Path other = tmp.getRoot().toPath().resolve("other.p12");
        ClusterKeyGenerator.generate(other, password.toCharArray(), "hookline-cluster");
        assertFalse("a fresh key each time", java.util.Arrays.equals(key.getEncoded(),
                ClusterKey.load(other.toString(), password.toCharArray(), "hookline-cluster").getEncoded()));
    }

    @Test
    public void refusesToOverwriteARelativePathOrAShortPassword() throws Exception {
        Path file = tmp.newFile("existing.p12").toPath();
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterKeyGenerator.generate(file, "longenough".toCharArray(), "a"));
        assertTrue(e.getMessage(), e.getMessage().contains("refusing to overwrite " + file));
        assertEquals(before.length, Files.readAllBytes(file).length);
        e = assertThrows(IllegalArgumentException.class,
                () -> ClusterKeyGenerator.generate(Path.of("etc/k.p12"), "longenough".toCharArray(), "a"));
        assertTrue(e.getMessage(), e.getMessage().contains("not absolute"));
        Path fresh = tmp.getRoot().toPath().resolve("fresh.p12");
        e = assertThrows(IllegalArgumentException.class, () -> ClusterKeyGenerator.generate(fresh, "short".toCharArray(), "a"));
        assertTrue(e.getMessage(), e.getMessage().contains("at least 8"));
        assertFalse("nothing left behind", Files.exists(fresh));
    }
}
