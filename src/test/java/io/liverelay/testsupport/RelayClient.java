package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A WebSocket client speaking the relay's wire protocol (docs/protocol.md) the way the browser client does. */
public final class RelayClient implements AutoCloseable {

    /** {@link #awaitCloseOrReset}: no close frame arrived, the connection failed. */
    public static final int RESET = -1;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final RelayInbox inbox = new RelayInbox();
    private final WebSocket socket;

    private RelayClient(URI uri, String origin) {
        try {
            WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()
                    .newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            if (origin != null) {
                builder.header("Origin", origin);
            }
            socket = builder.buildAsync(uri, inbox)
                    .get(CONNECT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot open WebSocket " + uri, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + uri, e);
        }
    }

    /**
     * Connects to {@code ws://<loopback>:<port>/<context>/stream} as a page served by the relay itself would
     * (Origin {@code http://<host>:<port>}); other hosts are refused.
     */
    public static RelayClient connect(URI wsUri) {
        return connect(wsUri, "http://" + wsUri.getHost() + ":" + wsUri.getPort());
    }

    /** As {@link #connect(URI)} with the given Origin header, or none when {@code origin} is null. */
    public static RelayClient connect(URI wsUri, String origin) {
        try {
            if (!InetAddress.getByName(wsUri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("tests connect to loopback only: " + wsUri);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + wsUri, e);
        }
        return new RelayClient(wsUri, origin);
    }

    public void sendStart(JsonObject config) {
        sendText(Json.createObjectBuilder().add("type", "start").add("config", config).build().toString());
    }

    public void sendStop() {
        sendText(Json.createObjectBuilder().add("type", "stop").build().toString());
    }

    // the JDK allows one outstanding send at a time, so sends are serialized and awaited
    public synchronized void sendText(String text) {
        await(socket.sendText(text, true));
    }

    public synchronized void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    /**
     * Sends the file as {@code durationSeconds / chunkInterval} equal binary slices, slice i at
     * t0 + i * chunkInterval, so a late send never delays the rest. Stops early when the server closes the
     * socket; returns the number of slices sent.
     */
    public int streamRealtime(Path file, double durationSeconds, Duration chunkInterval) {
        byte[] media = readAll(file);
        long interval = chunkInterval.toNanos();
        int count = (int) Math.max(1, Math.round(durationSeconds * 1e9 / interval));
        int size = (media.length + count - 1) / count;
        long start = System.nanoTime();
        int sent = 0;
        for (int from = 0; from < media.length; from += size, sent++) {
            for (long wait; (wait = start + sent * interval - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted while streaming " + file);
                }
            }
            if (inbox.isClosed() || !sendUnlessClosed(Arrays.copyOfRange(media, from, Math.min(media.length, from + size)))) {
                return sent;
            }
        }
        return sent;
    }

    /** Streams a fixture over its own duration. */
    public int streamRealtime(Fixture fixture, Duration chunkInterval) {
        return streamRealtime(fixture.path(), fixture.durationSeconds(), chunkInterval);
    }

    /** True once the server closed the connection. */
    public boolean isClosed() {
        return inbox.isClosed();
    }

    /** The next message of this type not returned before; fails with every message received if none comes in time. */
    public JsonObject awaitMessage(String type, Duration timeout) {
        return inbox.awaitMessage(type, timeout);
    }

    /** Every message received so far, in order. */
    public List<JsonObject> messages() {
        return inbox.messages();
    }

    public List<JsonObject> errors() {
        return inbox.messages().stream().filter(m -> "error".equals(m.getString("type", null))).toList();
    }

    /** Waits for the server's close frame and returns its status code. */
    public int awaitClose(Duration timeout) {
        return inbox.awaitClose(timeout);
    }

    /**
     * As {@link #awaitClose}, but a connection that fails instead of closing gives {@link #RESET}: what a client
     * sees when the server closes while the client's own messages are still unread on the server, so that the
     * server's TCP stack answers with a reset that may overtake the close frame.
     */
    public int awaitCloseOrReset(Duration timeout) {
        return inbox.awaitEnd(timeout);
    }

    /** The reason in the server's close frame; null while open. */
    public String closeReason() {
        return inbox.closeReason();
    }

    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            }
            inbox.awaitClosedQuietly(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the close could not be sent: abort below
        } finally {
            socket.abort();
        }
    }

    // a send racing the server's close fails: that ends the stream early, any other failure is thrown
    private boolean sendUnlessClosed(byte[] chunk) {
        try {
            sendBinary(chunk);
            return true;
        } catch (UncheckedIOException e) {
            if (inbox.awaitClosedQuietly(CLOSE_TIMEOUT)) {
                return false;
            }
            throw e;
        }
    }

    private void await(CompletableFuture<WebSocket> send) {
        try {
            send.get(SEND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("send failed; " + inbox.transcript(), e.getCause()));
        } catch (TimeoutException e) {
            throw new AssertionError("send not completed within " + SEND_TIMEOUT + "; " + inbox.transcript());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
