package io.liverelay.ingest.boundary;

import io.liverelay.config.control.RelayConfig;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Refuses the WebSocket handshake (HTTP 403) from pages whose Origin is not in {@code relay.ws.allowedOrigins};
 * {@code *} lets every origin in. With the option unset only the relay's own origin may connect, which
 * {@link SameOriginFilter} checks, since only the HTTP request knows the host it was sent to.
 * <p>
 * When {@code relay.ws.trustedProxies} is set, it also hands the handshake's client address header to the
 * session: Jakarta WebSocket 2.1 gives each handshake its own copy of the user properties, which become the
 * session's ({@code HostileClientsIT} checks that concurrent handshakes keep theirs apart).
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {

    /** The session's user property holding the client address header's value; absent without one. */
    public static final String FORWARDED_FOR = "io.liverelay.forwardedFor";

    @Override
    public boolean checkOrigin(String origin) {
        return allowed(CDI.current().select(RelayConfig.class).get().allowedOrigins(), origin);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        RelayConfig relay = CDI.current().select(RelayConfig.class).get();
        if (relay.trustedProxies().isEmpty()) {
            return;
        }
        String value = header(request.getHeaders(), relay.clientAddressHeader());
        if (value == null) {
            config.getUserProperties().remove(FORWARDED_FOR);
        } else {
            config.getUserProperties().put(FORWARDED_FOR, value);
        }
    }

    /** Every line of the header, by its name in any case, joined as one list; null when the request has none. */
    static String header(Map<String, List<String>> headers, String name) {
        List<String> values = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
        return values.isEmpty() ? null : String.join(",", values);
    }

    /**
     * Exact match of scheme, host and port as the browser sends them, never a suffix match; an entry
     * ending in {@code :*} (e.g. {@code http://localhost:*}) allows any port of that scheme and host.
     */
    static boolean allowed(List<String> allowedOrigins, String origin) {
        if (allowedOrigins.isEmpty() || allowedOrigins.contains("*")) {
            return true; // unset: the relay's own origin only, which SameOriginFilter checks with the request's host
        }
        if (origin == null) {
            return false;
        }
        return allowedOrigins.stream().anyMatch(entry -> entry.endsWith(":*")
                ? anyPort(entry.substring(0, entry.length() - 1), origin)
                : entry.equals(origin));
    }

    /**
     * True when the page's Origin names the scheme, host and port the request itself was sent to ({@code Host}
     * header, default port by scheme): the relay's own pages. {@code ws}/{@code wss} requests count as
     * {@code http}/{@code https}.
     */
    static boolean sameOrigin(String origin, String requestScheme, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String scheme = requestScheme.equalsIgnoreCase("wss") ? "https"
                : requestScheme.equalsIgnoreCase("ws") ? "http" : requestScheme.toLowerCase(java.util.Locale.ROOT);
        String defaultPort = scheme.equals("https") ? ":443" : ":80";
        String page = origin.toLowerCase(java.util.Locale.ROOT);
        String own = scheme + "://" + host.toLowerCase(java.util.Locale.ROOT);
        return page.equals(own) || withPort(page, defaultPort).equals(withPort(own, defaultPort));
    }

    private static String withPort(String origin, String defaultPort) {
        int hostStart = origin.indexOf("://") + 3;
        int bracket = origin.lastIndexOf(']');
        boolean hasPort = origin.indexOf(':', Math.max(hostStart, bracket)) > 0;
        return hasPort ? origin : origin + defaultPort;
    }

    /** At most a little of an Origin header, without control characters, for a log line. */
    static String printable(String origin) {
        String clean = origin.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "…";
    }

    private static boolean anyPort(String prefix, String origin) {
        String port = origin.startsWith(prefix) ? origin.substring(prefix.length()) : "";
        return !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit);
    }
}
