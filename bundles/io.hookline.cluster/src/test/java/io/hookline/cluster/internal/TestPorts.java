package io.hookline.cluster.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1 for nodes of the TCP stack. */
final class TestPorts {

    private TestPorts() {
    }

    /**
     * @return {@code n} distinct ports free a moment ago, none 100 above another (a node's FD_SOCK2
     *     listens at its transport's port + 100)
     */
    static List<Integer> free(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < n) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int p = s.getLocalPort();
                if (p + 100 <= 65535 && ports.stream().noneMatch(q -> Math.abs(q - p) == 100 || q == p)) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }
}
