package io.hookline.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates every cluster message: a sender puts an HMAC-SHA256 tag of the payload in front
 * of it, a receiver drops a message whose tag does not match. Why: JGroups 5.5's SYM_ENCRYPT
 * encrypts with AES-CBC and adds no MAC, so a host on the path without the key could flip chosen
 * bits of a record (CBC is malleable) and the message would still decrypt and parse; with the tag
 * only a holder of the cluster key can produce a payload a node accepts. The MAC key is derived
 * from the cluster's AES key (HMAC-SHA256 of a fixed label), so no new credential is needed and the
 * two uses of the key stay separate. Threading: thread-safe; each thread uses its own {@link Mac}
 * cloned from one initialised at construction.
 */
final class MessageSeal {

    /** Bytes of the tag in front of every payload. */
    static final int TAG = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "io.hookline.cluster message authentication v1".getBytes(StandardCharsets.UTF_8);

    private final Mac prototype;
    private final ThreadLocal<Mac> macs;

    /**
     * @param clusterKey the cluster's shared AES key
     * @throws IllegalStateException if the key cannot be read for the derivation (not extractable)
     */
    MessageSeal(SecretKey clusterKey) {
        byte[] raw = clusterKey.getEncoded();
        if (raw == null || raw.length == 0) {
            throw new IllegalStateException("the cluster key (" + clusterKey.getAlgorithm()
                    + ") cannot be exported, so no message authentication key can be derived from it");
        }
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(raw, ALGORITHM));
            byte[] macKey = derive.doFinal(LABEL);
            Arrays.fill(raw, (byte) 0);
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(macKey, ALGORITHM));
            Arrays.fill(macKey, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the cluster's message authentication: " + e.getMessage(), e);
        }
        macs = ThreadLocal.withInitial(() -> {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("HmacSHA256 cannot be cloned here: " + e.getMessage(), e);
            }
        });
    }

    /** @return the tag followed by {@code payload} */
    byte[] seal(byte[] payload) {
        byte[] out = new byte[TAG + payload.length];
        Mac mac = macs.get();
        mac.update(payload);
        try {
            mac.doFinal(out, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(payload, 0, out, TAG, payload.length);
        return out;
    }

    /**
     * @param buf holds a sealed message at {@code offset}, {@code length} bytes
     * @return the payload if its tag is right; null if the message is shorter than a tag or the tag
     *     does not match (forged, tampered, or sealed with another key)
     */
    byte[] open(byte[] buf, int offset, int length) {
        if (length < TAG) {
            return null;
        }
        Mac mac = macs.get();
        mac.update(buf, offset + TAG, length - TAG);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(buf, offset, offset + TAG))) {
            return null;
        }
        return Arrays.copyOfRange(buf, offset + TAG, offset + length);
    }
}
