package io.liverelay.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a server on 127.0.0.1, for tests: it passes bytes both ways, and can stop
 * reading from its clients ({@link #stopReading()}), like a server that accepted a connection and then took nothing
 * more. Its receive buffer is small, so a client that writes to a proxy that stopped reading blocks within
 * kilobytes, not megabytes. Connections accepted after {@link #readAgain()} are passed on as usual. It can also
 * cut every open connection at once ({@link #cut()}), as a network that drops does: both ends get a reset, no
 * close frame; new connections are passed on as usual.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean stalled;
    private volatile boolean closed;

    private TcpProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket();
        listener.setReceiveBufferSize(RECEIVE_BUFFER); // inherited by the accepted sockets
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to the server at 127.0.0.1:{@code targetPort}. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("the test proxy could not listen", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections it accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** From now on, nothing more is read from the clients of the open connections. */
    public void stopReading() {
        stalled = true;
    }

    /** New connections are passed on again (the stalled ones stay stalled). */
    public void readAgain() {
        stalled = false;
    }

    /** Resets every open connection, both sides, as a dropped network would: no WebSocket close frame passes. */
    public void cut() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // a close that sends RST, not FIN
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                boolean[] stalledHere = {false};
                pump(client, server, true, stalledHere);
                pump(server, client, false, stalledHere);
            } catch (IOException e) {
                if (!closed) {
                    Loopback.sleep(java.time.Duration.ofMillis(10), "the proxy's next accept");
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient, boolean[] stalledHere) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    if (from.isClosed() || to.isClosed()) {
                        break;
                    }
                    if (fromClient && (stalled || stalledHere[0])) {
                        stalledHere[0] = true; // once stalled, this connection never reads again
                        Thread.sleep(50);
                        continue;
                    }
                    int read = in.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: the other is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
