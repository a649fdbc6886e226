package io.hookline.installer.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on 127.0.0.1 with routes set per test: bodies, statuses, redirects, slow answers. */
public final class LocalHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:PORT} + path */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public void clear() {
        routes.clear();
        requests.clear();
    }

    /** @return the raw request targets received since the last {@link #clear()}, in order */
    public java.util.List<String> requests() {
        return java.util.List.copyOf(requests);
    }

    /** Sends the body in {@code pieces} parts, {@code gapMillis} apart: each gap inside any read timeout. */
    public void drip(String path, byte[] body, int pieces, long gapMillis) {
        routes.put(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            int step = Math.max(1, body.length / pieces);
            try {
                for (int off = 0; off < body.length; off += step) {
                    out.write(body, off, Math.min(step, body.length - off));
                    out.flush();
                    Thread.sleep(gapMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client gave up
            }
            ex.close();
        });
    }

    public void body(String path, byte[] body) {
        routes.put(path, ex -> send(ex, 200, body));
    }

    public void json(String path, String json) {
        routes.put(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            send(ex, 200, json.getBytes(StandardCharsets.UTF_8));
        });
    }

    public void status(String path, int status) {
        routes.put(path, ex -> send(ex, status, ("status " + status).getBytes(StandardCharsets.UTF_8)));
    }

    public void redirect(String path, String location) {
        routes.put(path, ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
    }

    /** Sends headers with the full length, then one byte, then stalls. */
    public void slow(String path, byte[] body, long stallMillis) {
        routes.put(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, 1);
            out.flush();
            try {
                Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
    }

    /** Streams {@code size} bytes without announcing a length (chunked). */
    public void unannounced(String path, long size) {
        routes.put(path, ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[8192];
                for (long done = 0; done < size; done += buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, size - done));
                }
            } catch (IOException e) {
                // client hung up on purpose
            }
        });
    }

    public void handler(String path, HttpHandler handler) {
        routes.put(path, handler);
    }

    private void dispatch(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestURI().getRawPath());
        HttpHandler h = routes.get(ex.getRequestURI().getRawPath());
        if (h == null) {
            send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            h.handle(ex);
        } catch (IOException e) {
            ex.close();
        }
    }

    public static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // client gave up
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
