package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/** Small helpers shared by the servers the tests start on 127.0.0.1. */
public final class Loopback {

    private Loopback() {
    }

    /** A port free on loopback now; whoever binds it next may still lose a race, so callers retry. */
    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps while polling a server; an interrupt ends the test instead of being swallowed. */
    static void sleep(Duration duration, String waitingFor) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }
}
