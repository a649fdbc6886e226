package io.hookline.cluster.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.Test;

/** Message authentication: what a key holder seals opens; any change, truncation or other key is refused. */
public class MessageSealTest {

    private static SecretKey aes() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
    }

    @Test
    public void aSealedPayloadOpensWithTheSameKeyAtAnyOffset() throws Exception {
        MessageSeal seal = new MessageSeal(aes());
        byte[] payload = "plugins/vip STOPPED".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = seal.seal(payload);
        assertArrayEquals(payload, seal.open(sealed, 0, sealed.length));
        byte[] framed = new byte[sealed.length + 7];
        System.arraycopy(sealed, 0, framed, 3, sealed.length);
        assertArrayEquals(payload, seal.open(framed, 3, sealed.length));
        byte[] empty = seal.seal(new byte[0]);
        assertArrayEquals(new byte[0], seal.open(empty, 0, empty.length));
    }

    @Test
    public void everyFlippedBitAnyTruncationAndAnotherKeyAreRefused() throws Exception {
        SecretKey key = aes();
        MessageSeal seal = new MessageSeal(key);
        byte[] sealed = seal.seal("installs/vip 1.0.0 sha256=ab".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = sealed.clone();
                t[i] ^= (byte) (1 << bit);
                assertNull("byte " + i + " bit " + bit, seal.open(t, 0, t.length));
            }
        }
        for (int len = 0; len < sealed.length; len++) {
            assertNull("truncated to " + len, seal.open(sealed, 0, len));
        }
        assertNull("another cluster's key", new MessageSeal(aes()).open(sealed, 0, sealed.length));
        assertNotNull("a second seal of the same key opens it", new MessageSeal(key).open(sealed, 0, sealed.length));
    }

    @Test
    public void sealsFromManyThreadsAtOnceAllOpen() throws Exception {
        MessageSeal seal = new MessageSeal(aes());
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    byte[] p = ("t" + id + "-" + i).getBytes(StandardCharsets.UTF_8);
                    byte[] s = seal.seal(p);
                    byte[] o = seal.open(s, 0, s.length);
                    if (o == null || !java.util.Arrays.equals(p, o)) {
                        wrong.add(id + "/" + i);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertTrue("wrong: " + wrong, wrong.isEmpty());
    }
}
