package io.hookline.installer.internal.fetch;

import static org.junit.Assert.assertEquals;

import io.hookline.installer.internal.LocalHttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The pinned GET: it connects to the address it is given, never resolving the URL's name again
 * (here a name that does not resolve at all), and still sends that name as the Host header.
 */
public class HttpGetTest {

    private static LocalHttpServer http;

    @BeforeClass
    public static void server() throws Exception {
        http = new LocalHttpServer();
    }

    @AfterClass
    public static void stop() {
        http.close();
    }

    @Test
    public void connectsToThePinnedAddressWithTheNameAsHost() throws Exception {
        AtomicReference<String> host = new AtomicReference<>();
        http.handler("/x.jar", ex -> {
            host.set(ex.getRequestHeaders().getFirst("Host"));
            LocalHttpServer.send(ex, 200, "hello".getBytes(StandardCharsets.UTF_8));
        });
        URI uri = URI.create("http://artifacts.invalid:" + http.port() + "/x.jar");
        try (HttpGet get = HttpGet.open(uri, InetAddress.getByName("127.0.0.1"), "*/*", 2000, 2000,
                Deadline.in(Duration.ofSeconds(10)))) {
            assertEquals(200, get.status());
            assertEquals(5, get.contentLength());
            assertEquals("hello", new String(get.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("artifacts.invalid:" + http.port(), host.get());
    }

    @Test
    public void chunkedBodies() throws Exception {
        http.handler("/c.jar", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("part" + i).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        try (HttpGet get = HttpGet.open(URI.create(http.url("/c.jar")), InetAddress.getByName("127.0.0.1"), "*/*", 2000,
                2000, Deadline.in(Duration.ofSeconds(10)))) {
            assertEquals(-1, get.contentLength());
            assertEquals("part0part1part2", new String(get.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
