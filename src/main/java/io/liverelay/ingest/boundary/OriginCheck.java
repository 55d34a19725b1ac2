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
        List<String> allowed = CDI.current().select(RelayConfig.class).get().allowedOrigins();
        return allowed.isEmpty() || (origin != null && allowed.contains(origin));
    }
}
