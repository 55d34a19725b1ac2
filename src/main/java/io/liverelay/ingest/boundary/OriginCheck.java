package io.liverelay.ingest.boundary;

import io.liverelay.config.control.RelayConfig;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Refuses the WebSocket handshake (HTTP 403) from pages whose Origin is not in
 * {@code relay.ws.allowedOrigins}; with the option unset every origin may connect.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        return allowed(CDI.current().select(RelayConfig.class).get().allowedOrigins(), origin);
    }

    /**
     * Exact match of scheme, host and port as the browser sends them, never a suffix match; an entry
     * ending in {@code :*} (e.g. {@code http://localhost:*}) allows any port of that scheme and host.
     */
    static boolean allowed(List<String> allowedOrigins, String origin) {
        if (allowedOrigins.isEmpty()) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        return allowedOrigins.stream().anyMatch(entry -> entry.endsWith(":*")
                ? anyPort(entry.substring(0, entry.length() - 1), origin)
                : entry.equals(origin));
    }

    private static boolean anyPort(String prefix, String origin) {
        String port = origin.startsWith(prefix) ? origin.substring(prefix.length()) : "";
        return !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit);
    }
}
