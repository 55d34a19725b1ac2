package io.liverelay.ingest.boundary;

import io.liverelay.config.control.RelayConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The default Origin rule, before the WebSocket handshake: with {@code relay.ws.allowedOrigins} unset only pages of
 * the relay's own origin (the scheme, host and port the request was sent to) may open {@code /stream}; any other
 * site's page gets HTTP 403, so a stranger's site cannot make its visitors' browsers stream through this relay.
 * A request without Origin is no browser's page and passes. A configured list (or {@code *}) is
 * {@link OriginCheck}'s to apply.
 */
public class SameOriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(SameOriginFilter.class.getName());

    @Inject
    transient RelayConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || !config.allowedOrigins().isEmpty()
                || OriginCheck.sameOrigin(origin, request.getScheme(), request.getHeader("Host"))) {
            chain.doFilter(request, response);
            return;
        }
        LOG.log(Level.DEBUG, "WebSocket from {0} refused: not this relay''s origin and relay.ws.allowedOrigins is unset",
                OriginCheck.printable(origin));
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
    }
}
