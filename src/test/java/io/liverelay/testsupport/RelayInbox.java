package io.liverelay.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Receives a {@link RelayClient}'s messages, joining partial frames, and lets a test wait for them by type. */
final class RelayInbox implements WebSocket.Listener {

    private static final Duration POLL = Duration.ofMillis(50);

    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    // one queue per type, so waiting for one type never consumes another
    private final Map<String, BlockingQueue<JsonObject>> unread = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    // only touched from listener callbacks, which the JDK never runs concurrently
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    JsonObject awaitMessage(String type, Duration timeout) {
        BlockingQueue<JsonObject> queue = unread(type);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                // the close comes after the last message, so once closed an empty queue stays empty
                boolean wasClosed = closed.isDone();
                long left = deadline - System.nanoTime();
                JsonObject message = queue.poll(Math.max(0, Math.min(left, POLL.toNanos())), TimeUnit.NANOSECONDS);
                if (message != null) {
                    return message;
                }
                if (wasClosed || left <= 0) {
                    throw new AssertionError("no \"" + type + "\" message "
                            + (wasClosed ? "before the socket closed" : "within " + timeout) + "; " + transcript());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + type, e);
        }
    }

    List<JsonObject> messages() {
        return List.copyOf(messages);
    }

    int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("socket still open after " + timeout + "; " + transcript());
        } catch (ExecutionException e) {
            throw new AssertionError("WebSocket failed; " + transcript(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the close", e);
        }
    }

    /** The close code, or {@link RelayClient#RESET} when the connection failed instead (a TCP reset); within the timeout. */
    int awaitEnd(Duration timeout) {
        try {
            return closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return RelayClient.RESET;
        } catch (TimeoutException e) {
            throw new AssertionError("socket still open after " + timeout + "; " + transcript());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the close", e);
        }
    }

    /** True once it closed or failed, within the timeout. */
    boolean awaitClosedQuietly(Duration timeout) {
        try {
            closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return closed.isDone();
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    String closeReason() {
        return closeReason;
    }

    String transcript() {
        String state = !closed.isDone() ? "open"
                : closed.isCompletedExceptionally() ? "failed" : "closed with " + closed.join() + " " + closeReason;
        return "socket " + state + ", received " + messages.size() + " message(s):"
                + messages.stream().map(m -> "\n  " + m).collect(Collectors.joining());
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received(parse(text.toString()));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    // the protocol has no server-to-client binary; one is recorded so a transcript shows it
    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            received(Json.createObjectBuilder().add("type", "_binary").add("bytes", binary.size()).build());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    private void received(JsonObject message) {
        messages.add(message);
        unread(message.getString("type", "")).add(message);
    }

    private BlockingQueue<JsonObject> unread(String type) {
        return unread.computeIfAbsent(type, t -> new LinkedBlockingQueue<>());
    }

    private static JsonObject parse(String message) {
        try (var reader = Json.createReader(new StringReader(message))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return Json.createObjectBuilder().add("type", "_unparsable").add("text", message).build();
        }
    }
}
