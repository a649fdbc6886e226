package io.hookline.cluster.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Writes the credentials of a new cluster: a PKCS12 keystore holding one fresh AES-256 key, as
 * {@code keytool -genseckey -keyalg AES -keysize 256 -storetype PKCS12} would, readable by
 * {@link ClusterKey}. Refuses a relative path and an existing file (never overwrites a cluster's
 * key), creates the file owner-only where the file system has POSIX permissions, and leaves
 * nothing behind when it fails. Stateless.
 */
public final class ClusterKeyGenerator {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ClusterKeyGenerator() {
    }

    /** @return a random password of {@code length} letters and digits (about 5.8 bits each) */
    public static String password(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * @param file where to write, absolute, not existing
     * @param password keystore and key password, at least 8 characters
     * @param alias the key entry's alias
     * @throws IllegalArgumentException naming a relative path, an existing file or a short password
     * @throws IllegalStateException if writing failed (the partial file is removed)
     */
    public static void generate(Path file, char[] password, String alias) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("keystore path \"" + file + "\" is not absolute (use for example "
                    + "${karaf.etc}/hookline-cluster.p12)");
        }
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("the keystore password must have at least 8 characters");
        }
        if (alias == null || alias.isBlank()) {
            throw new IllegalArgumentException("the key alias is empty");
        }
        if (Files.exists(file)) {
            throw new IllegalArgumentException("refusing to overwrite " + file + ": it may be the key of a running"
                    + " cluster; choose another path or remove it first");
        }
        boolean created = false;
        try {
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256, new SecureRandom());
            SecretKey key = gen.generateKey();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            created = true;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ks.store(out, password);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("refusing to overwrite " + file + ": it appeared meanwhile", e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // reported below with the cause
                }
            }
            throw new IllegalStateException("cannot write the cluster keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
