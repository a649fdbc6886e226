package io.hookline.installer.internal.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 {@code GET} sent to an address resolved and checked beforehand (DNS pinning): the
 * socket connects to exactly that {@link InetAddress}, while the {@code Host} header, TLS SNI and
 * the certificate's host name check use the URL's host. Why not {@code HttpURLConnection}: it
 * resolves the name again itself, so the address checked would not be the address connected (DNS
 * rebinding). Supports what a download needs and no more: {@code Content-Length}, chunked bodies,
 * {@code Connection: close}, no compression, no proxy, no redirects (the caller follows them). Every
 * read is bounded by the read timeout and by the fetch's {@link Deadline}. TLS uses
 * {@link HttpsURLConnection#getDefaultSSLSocketFactory()}, so the JVM's trust configuration
 * applies. Threading: one instance per request, not shared.
 */
final class HttpGet implements Closeable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private HttpGet(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Connects to {@code address}, sends the request and reads the status line and headers.
     *
     * @throws IOException on a network or protocol failure ({@link SocketTimeoutException} on a timeout)
     */
    static HttpGet open(URI uri, InetAddress address, String accept, long connectTimeoutMillis, long readTimeoutMillis,
            Deadline deadline) throws IOException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Socket plain = new DeadlineSocket(readTimeoutMillis, deadline, uri);
        Socket socket = plain;
        try {
            plain.connect(new InetSocketAddress(address, port), deadline.cap(connectTimeoutMillis));
            plain.setSoTimeout(deadline.cap(readTimeoutMillis));
            if (https) {
                SSLSocket ssl = (SSLSocket) HttpsURLConnection.getDefaultSSLSocketFactory()
                        .createSocket(plain, bareHost, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!HostPolicy.isIpLiteral(bareHost)) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                ssl.setSSLParameters(params);
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    if (deadline.expired()) {
                        throw deadline.exceeded(uri);
                    }
                    throw e;
                }
                socket = ssl;
            }
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
            String hostHeader = host + (uri.getPort() >= 0 && uri.getPort() != (https ? 443 : 80) ? ":" + port : "");
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nUser-Agent: hookline-installer\r\nAccept: " + accept
                    + "\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(
                    new TimedStream(socket.getInputStream(), socket, readTimeoutMillis, deadline, uri), 16 * 1024);
            int status;
            Map<String, String> headers;
            int[] budget = {MAX_HEADER_BYTES};
            do {
                String statusLine = line(in, budget);
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.x answer: '" + printable(statusLine) + "'");
                }
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException("invalid HTTP status line '" + printable(statusLine) + "'");
                }
                headers = new HashMap<>();
                for (String h = line(in, budget); !h.isEmpty(); h = line(in, budget)) {
                    int colon = h.indexOf(':');
                    if (colon > 0) {
                        headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                h.substring(colon + 1).trim());
                    }
                }
            } while (status >= 100 && status < 200);
            InputStream body;
            String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (status == 204 || status == 304) {
                body = InputStream.nullInputStream();
            } else if (te.contains("chunked")) {
                body = new ChunkedStream(in);
            } else if (headers.containsKey("content-length")) {
                body = new LimitedStream(in, contentLength(headers));
            } else {
                body = in;
            }
            return new HttpGet(socket, status, headers, body);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** @param name a header name, any case @return its first value, or null */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return the announced body length, or -1 if not announced (or chunked) */
    long contentLength() {
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            return -1;
        }
        try {
            return headers.containsKey("content-length") ? contentLength(headers) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static long contentLength(Map<String, String> headers) throws IOException {
        try {
            long n = Long.parseLong(headers.get("content-length").trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("invalid Content-Length '" + printable(headers.get("content-length")) + "'");
        }
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (--budget[0] < 0) {
                throw new IOException("HTTP headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        throw new EOFException("connection closed inside the HTTP headers");
    }

    private static String printable(String s) {
        String t = s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /**
     * A plain socket whose reads are all bounded by the deadline, the TLS handshake's included: the
     * handshake reads the layered socket's stream directly, so a server sending one byte just inside
     * the read timeout would otherwise hold a 16 KB handshake record open for hours.
     */
    private static final class DeadlineSocket extends Socket {
        private final long readTimeoutMillis;
        private final Deadline deadline;
        private final URI uri;
        private InputStream in;

        DeadlineSocket(long readTimeoutMillis, Deadline deadline, URI uri) {
            super(Proxy.NO_PROXY);
            this.readTimeoutMillis = readTimeoutMillis;
            this.deadline = deadline;
            this.uri = uri;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new TimedStream(super.getInputStream(), this, readTimeoutMillis, deadline, uri);
            }
            return in;
        }
    }

    /** Bounds every read by the read timeout and by what is left of the deadline. */
    private static final class TimedStream extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long readTimeoutMillis;
        private final Deadline deadline;
        private final URI uri;

        TimedStream(InputStream in, Socket socket, long readTimeoutMillis, Deadline deadline, URI uri) {
            this.in = in;
            this.socket = socket;
            this.readTimeoutMillis = readTimeoutMillis;
            this.deadline = deadline;
            this.uri = uri;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            deadline.check(uri);
            int timeout = deadline.cap(readTimeoutMillis);
            socket.setSoTimeout(timeout);
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                // the deadline cut this read short rather than the read timeout
                if (timeout < readTimeoutMillis || deadline.expired()) {
                    throw deadline.exceeded(uri);
                }
                throw e;
            }
        }
    }

    /** Ends after exactly {@code length} bytes; an early end of stream shows as a short body. */
    private static final class LimitedStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}. */
    private static final class ChunkedStream extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                int[] budget = {MAX_HEADER_BYTES};
                String size = line(in, budget);
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("invalid chunk size '" + printable(size) + "'");
                }
                if (left < 0) {
                    throw new IOException("invalid chunk size '" + printable(size) + "'");
                }
                if (left == 0) {
                    for (String t = line(in, budget); !t.isEmpty(); t = line(in, budget)) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                int[] budget = {2};
                line(in, budget);
            }
            return n;
        }
    }
}
