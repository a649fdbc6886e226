package io.hookline.cluster.internal;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/** Writes PKCS12 keystores holding a fresh AES key, as {@code keytool -genseckey} would. */
final class TestKeys {

    static final String PASSWORD = "changeit";

    private TestKeys() {
    }

    static Path aesKeystore(Path file, int bits) throws Exception {
        KeyGenerator gen = KeyGenerator.getInstance("AES");
        gen.init(bits);
        SecretKey key = gen.generateKey();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setEntry("hookline-cluster", new KeyStore.SecretKeyEntry(key),
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
