package io.hookline.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.crypto.SecretKey;

/**
 * Loads the cluster's shared AES key from a PKCS12 keystore (made with {@code keytool -genseckey
 * -keyalg AES -keysize 256 -storetype PKCS12}), refusing anything weaker or missing with a message
 * that names the file, the alias and the fix. We read the key ourselves, rather than giving the
 * path to JGroups, because JGroups looks a keystore name up on the thread context class loader
 * first, and its errors do not say which setting was wrong. Stateless.
 */
final class ClusterKey {

    /** AES-128 would do; we ask for 256 so a weak copy-pasted key does not slip in. */
    static final int MIN_KEY_BITS = 256;

    private ClusterKey() {
    }

    /**
     * @param path the keystore file, absolute
     * @param password the keystore (and key) password
     * @param alias the secret key entry's alias
     * @return the AES key
     * @throws IllegalStateException naming what is wrong
     */
    static SecretKey load(String path, char[] password, String alias) {
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("cluster refuses to start: keystore.path is not set. Every node needs the"
                    + " cluster's PKCS12 keystore with its shared AES key: make one with hcluster:keygen (or keytool"
                    + " -genseckey -alias " + alias + " -keyalg AES -keysize 256 -storetype PKCS12 -keystore"
                    + " etc/hookline-cluster.p12), copy it to every node and set keystore.path and keystore.password"
                    + " in etc/io.hookline.cluster.cfg");
        }
        if (password == null || password.length == 0) {
            throw new IllegalStateException("cluster refuses to start: keystore.password is not set (keystore " + path + ")");
        }
        Path file = Path.of(path);
        if (!file.isAbsolute()) {
            throw new IllegalStateException("cluster refuses to start: keystore.path \"" + path
                    + "\" is not absolute (use for example ${karaf.etc}/hookline-cluster.p12)");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("cluster refuses to start: keystore " + file + " does not exist or is not readable");
        }
        KeyStore ks;
        try (InputStream in = Files.newInputStream(file)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cluster refuses to start: cannot open keystore " + file
                    + " as PKCS12 with the configured keystore.password: " + e.getMessage(), e);
        }
        Key key;
        try {
            if (!ks.containsAlias(alias)) {
                throw new IllegalStateException("cluster refuses to start: keystore " + file + " has no entry \"" + alias
                        + "\" (key.alias)");
            }
            key = ks.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalStateException("cluster refuses to start: entry \"" + alias + "\" of " + file
                    + " cannot be read with keystore.password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cluster refuses to start: reading entry \"" + alias + "\" of " + file
                    + " failed: " + e.getMessage(), e);
        }
        if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalStateException("cluster refuses to start: entry \"" + alias + "\" of " + file
                    + " is not an AES secret key (" + (key == null ? "none" : key.getAlgorithm()) + ")");
        }
        byte[] encoded = secret.getEncoded();
        if (encoded == null || encoded.length * 8 < MIN_KEY_BITS) {
            throw new IllegalStateException("cluster refuses to start: entry \"" + alias + "\" of " + file + " is a "
                    + (encoded == null ? "non-exportable" : (encoded.length * 8) + "-bit") + " AES key; "
                    + MIN_KEY_BITS + " bits are required");
        }
        return secret;
    }
}
