package io.liverelay.ingest.boundary;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The browser's address, which Jakarta WebSocket does not expose. Each server's session knows it under its
 * own name: Tyrus (Payara, GlassFish) {@code getRemoteAddr()}, Undertow (WildFly)
 * {@code getWebSocketChannel().getSourceAddress()}. Found by reflection so that no server API is needed to
 * build or deploy; "unknown" where neither exists.
 */
public final class RemoteAddress {

    private RemoteAddress() {
    }

    public static String of(Session session) {
        Object tyrus = call(session, "getRemoteAddr");
        if (tyrus != null) {
            return tyrus.toString();
        }
        Object channel = call(session, "getWebSocketChannel");
        Object source = channel == null ? null : call(channel, "getSourceAddress");
        if (source instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return "unknown";
    }

    private static Object call(Object target, String name) {
        try {
            Method method = target.getClass().getMethod(name);
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
