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

    /** Exact match: scheme, host and port as the browser sends them; no pattern, no suffix match. */
    static boolean allowed(List<String> allowedOrigins, String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
    }
}
