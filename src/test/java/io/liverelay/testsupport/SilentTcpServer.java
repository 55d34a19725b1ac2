package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on one port of one or more loopback addresses that accepts every connection and never reads
 * nor answers: an RTMP server that hangs in the handshake, and a trap that proves nobody connected.
 */
public final class SilentTcpServer implements AutoCloseable {

    private static final int ATTEMPTS = 10;

    private final int port;
    private final List<ServerSocket> servers;
    private final Map<InetAddress, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentTcpServer(int port, List<ServerSocket> servers) {
        this.port = port;
        this.servers = servers;
        for (ServerSocket server : servers) {
            accepted.put(server.getInetAddress(), new AtomicInteger());
            Thread thread = new Thread(() -> acceptForever(server), "silent-tcp-" + server.getLocalSocketAddress());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Listens on the same free port of every given loopback address (textual literals, e.g. "::1"). */
    public static SilentTcpServer listen(String... loopbackAddresses) {
        for (int attempt = 1; ; attempt++) {
            List<ServerSocket> bound = new ArrayList<>();
            try {
                int port = 0;
                for (String literal : loopbackAddresses) {
                    InetAddress address = InetAddress.getByName(literal);
                    if (!address.isLoopbackAddress()) {
                        throw new IllegalArgumentException("loopback only: " + literal);
                    }
                    ServerSocket server = new ServerSocket();
                    // a small window, so that a client writing to us blocks soon
                    server.setReceiveBufferSize(4096);
                    server.bind(new InetSocketAddress(address, port), 50);
                    port = server.getLocalPort();
                    bound.add(server);
                }
                return new SilentTcpServer(port, bound);
            } catch (IOException e) {
                bound.forEach(SilentTcpServer::closeQuietly);
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException("no common free port on " + List.of(loopbackAddresses), e);
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far on the given address literal. */
    public int connections(String literal) {
        try {
            AtomicInteger count = accepted.get(InetAddress.getByName(literal));
            return count == null ? 0 : count.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections accepted so far on every address. */
    public int connections() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        servers.forEach(SilentTcpServer::closeQuietly);
        held.forEach(SilentTcpServer::closeQuietly);
    }

    private void acceptForever(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket); // kept open and never read: the peer's writes fill the window and block
                accepted.get(server.getInetAddress()).incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
