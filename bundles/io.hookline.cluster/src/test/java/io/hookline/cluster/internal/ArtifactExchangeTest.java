package io.hookline.cluster.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The artifact lane without JGroups: three exchanges over a {@link ThreadedNetwork}, C holding
 * the artifact, A fetching (B, asked first, does not hold it): a verified copy, a tampered chunk
 * refused with nothing left, an artifact over the cap refused before any chunk is sent, a size
 * lie cut off, a silent peer given up on, and nobody holding it.
 */
public class ArtifactExchangeTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ThreadedNetwork net = new ThreadedNetwork();
    private final ExecutorService serving = Executors.newCachedThreadPool();
    private ArtifactExchange a;
    private ArtifactExchange b;
    private ArtifactExchange c;
    private byte[] content;
    private String sha;
    private Path target;
    private final Map<String, Path> heldByC = new ConcurrentHashMap<>();

    @Before
    public void network() throws Exception {
        a = exchange("A");
        b = exchange("B");
        c = exchange("C");
        content = new byte[300_000 + 17];
        new Random(42).nextBytes(content);
        sha = sha256(content);
        Path file = Files.write(tmp.newFolder("c").toPath().resolve("artifact.jar"), content);
        heldByC.put(sha, file);
        b.serveFrom(s -> Optional.empty(), 64 * 1024);
        c.serveFrom(s -> Optional.ofNullable(heldByC.get(s)), 64 * 1024);
        net.view(List.of("A", "B", "C"));
        target = tmp.newFolder("a").toPath().resolve("fetched.jar");
        // the views are delivered on the members' own threads
        org.jgroups.util.Util.waitUntil(5_000, 10, () -> a.members().size() == 3 && c.members().size() == 3,
                () -> "the views of A and C");
    }

    private ArtifactExchange exchange(String name) {
        ThreadedNetwork.Endpoint e = net.endpoint(name);
        ArtifactExchange x = new ArtifactExchange(e, serving);
        e.handler = new ClusterTransport.Handler() {
            @Override
            public void onMessage(String from, byte[] payload) {
                x.onMessage(from, payload);
            }

            @Override
            public void onView(List<String> members, boolean merge) {
                x.onView(members);
            }
        };
        return x;
    }

    @After
    public void close() {
        a.close();
        b.close();
        c.close();
        net.close();
        serving.shutdownNow();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int kind(byte[] p) {
        return p.length > 1 && p[0] == ArtifactExchange.FORMAT ? p[1] : -1;
    }

    private boolean fetch(long cap) throws IOException {
        return a.fetch(sha, cap, target, Duration.ofSeconds(2));
    }

    @Test
    public void aPeerThatHoldsTheArtifactSendsItInChunksAndTheCopyIsVerified() throws Exception {
        assertTrue(fetch(1_000_000));
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    public void aTamperedChunkIsRefusedByItsDigestAndNothingIsLeftOnDisk() throws Exception {
        AtomicInteger chunks = new AtomicInteger();
        net.interceptor = (from, to, p) -> {
            if (from.equals("C") && kind(p) == 3 && chunks.incrementAndGet() == 2) {
                p[p.length - 1] ^= 0x01; // one bit of the second chunk's data
            }
            return p;
        };
        IOException e = assertThrows(IOException.class, () -> fetch(1_000_000));
        assertTrue(e.getMessage(), e.getMessage().contains("artifact " + sha + " from peer C failed its sha256 check"));
        assertTrue(e.getMessage(), e.getMessage().contains("refused, nothing kept"));
        assertFalse("nothing left at " + target, Files.exists(target));
        assertEquals("nothing else in the folder", 0, Files.list(target.getParent()).count());
    }

    @Test
    public void anArtifactOverTheCapIsRefusedBeforeAnyChunkIsSent() throws Exception {
        AtomicInteger chunks = new AtomicInteger();
        net.interceptor = (from, to, p) -> {
            if (kind(p) == 3) {
                chunks.incrementAndGet();
            }
            return p;
        };
        IOException e = assertThrows(IOException.class, () -> fetch(content.length - 1));
        assertTrue(e.getMessage(), e.getMessage().contains("is " + content.length + " bytes, more than the cap of "
                + (content.length - 1) + " bytes"));
        assertFalse(Files.exists(target));
        assertEquals("chunks sent", 0, chunks.get());
    }

    @Test
    public void aPeerSendingMoreThanItAnnouncedIsCutOff() throws Exception {
        net.interceptor = (from, to, p) -> {
            if (from.equals("C") && kind(p) == 2) {
                java.nio.ByteBuffer.wrap(p, 10, 8).putLong(1000); // START says 1000 bytes
            }
            return p;
        };
        IOException e = assertThrows(IOException.class, () -> fetch(1_000_000));
        assertTrue(e.getMessage(), e.getMessage().contains("sent more than the 1000 bytes announced or allowed"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void aSilentPeerIsGivenUpOnAndNamed() throws Exception {
        net.interceptor = (from, to, p) -> from.equals("C") && kind(p) >= 3 ? null : p; // START, then silence
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> {
            fetch(1_000_000);
        });
        assertTrue(e.getMessage(), e.getMessage().contains("from peer C: no answer for"));
        assertFalse(Files.exists(target));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos());
    }

    @Test
    public void noPeerHoldingItIsAPlainNo() throws Exception {
        heldByC.clear();
        assertFalse(fetch(1_000_000));
        assertFalse(Files.exists(target));
        assertThrows(IllegalArgumentException.class, () -> a.fetch("../etc", 10, target, Duration.ofSeconds(1)));
    }

    @Test
    public void eachChunkMessageIsItsHeaderAndExactlyItsBytesAndTheLastOneIsShort() throws Exception {
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.interceptor = (from, to, p) -> {
            if (kind(p) == 3) {
                sizes.add(p.length);
            }
            return p;
        };
        assertTrue(fetch(1_000_000));
        assertArrayEquals(content, Files.readAllBytes(target));
        int header = 1 + 1 + 8 + 4 + 4; // format, kind, id, seq, length
        int chunk = 64 * 1024;
        List<Integer> expected = new java.util.ArrayList<>();
        for (int left = content.length; left > 0; left -= chunk) {
            expected.add(header + Math.min(chunk, left));
        }
        assertEquals("CHUNK message sizes (no slack, no copy larger than the chunk)", expected, sizes);
    }

    @Test
    public void anEmptyArtifactAndOneOfWholeChunksAreCopiedExactly() throws Exception {
        for (int size : new int[] {0, 2 * 64 * 1024}) {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            String digest = sha256(bytes);
            heldByC.put(digest, Files.write(tmp.newFile("whole-" + size + ".jar").toPath(), bytes));
            Path copy = target.resolveSibling("copy-" + size + ".jar");
            assertTrue("fetched " + size + " bytes", a.fetch(digest, 1_000_000, copy, Duration.ofSeconds(2)));
            assertArrayEquals(bytes, Files.readAllBytes(copy));
        }
    }
}
