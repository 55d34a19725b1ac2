package io.liverelay.ingest.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A WebSocket session for unit tests of the control path, behaving as Payara's Tyrus does where it matters: an
 * asynchronous send completes on another thread, and {@code close()} runs the endpoint's {@code @OnClose}
 * synchronously, inside the call.
 */
final class FakeSession {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "fake-" + IDS.incrementAndGet();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Executor completions;
    private final BiConsumer<Session, CloseReason> onClose;
    private volatile CloseReason closeReason;
    private volatile long maxIdleTimeout = -1;
    private final Session session;

    /** {@code onClose}: what the container calls inside {@code close()}, the endpoint's {@code @OnClose}. */
    FakeSession(Executor completions, BiConsumer<Session, CloseReason> onClose) {
        this.completions = completions;
        this.onClose = onClose;
        RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        String text = (String) args[0];
                        SendHandler handler = (SendHandler) args[1];
                        completions.execute(() -> {
                            sent.add(text);
                            handler.onResult(new SendResult());
                        });
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "isOpen" -> open.get();
                    case "getAsyncRemote" -> async;
                    case "getUserProperties" -> properties;
                    case "getUserPrincipal" -> null;
                    case "getRequestParameterMap" -> Map.of();
                    case "close" -> {
                        close(args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                                : (CloseReason) args[0]);
                        yield null;
                    }
                    case "setMaxIdleTimeout" -> {
                        maxIdleTimeout = (Long) args[0];
                        yield null;
                    }
                    case "setMaxBinaryMessageBufferSize", "setMaxTextMessageBufferSize" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    Session session() {
        return session;
    }

    /** The browser went away (or the container closed the session): {@code @OnClose} runs on this thread. */
    void close(CloseReason reason) {
        if (open.compareAndSet(true, false)) {
            closeReason = reason;
            onClose.accept(session, reason);
        }
    }

    boolean isOpen() {
        return open.get();
    }

    /** What the relay set with {@code setMaxIdleTimeout}, or -1. */
    long maxIdleTimeout() {
        return maxIdleTimeout;
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** Every text message the relay has sent, in order. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    /** How many sent messages contain the given text. */
    long count(String fragment) {
        return sent.stream().filter(m -> m.contains(fragment)).count();
    }
}
