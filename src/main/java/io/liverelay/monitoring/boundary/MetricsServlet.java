package io.liverelay.monitoring.boundary;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.monitoring.control.MetricsAccess;
import io.liverelay.monitoring.control.RelayMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /metrics}: Prometheus text for an operator (role {@code relay-admin}, HTTP Basic as the admin API) or for
 * a scraper at an address listed in {@code relay.metrics.allowedAddresses} (the socket's peer; no header is
 * believed here). Anyone else gets 401 (and a login prompt) or, logged in without the role, 403.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ROLE = "relay-admin";

    @Inject
    transient RelayMetrics metrics;

    @Inject
    transient RelayConfig config;

    private transient MetricsAccess access;

    @Override
    public void init() {
        access = new MetricsAccess(config.metricsAllowedAddresses());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!access.open(request.getRemoteAddr())) {
            if (!authenticated(request, response)) {
                return;
            }
            if (!request.isUserInRole(ROLE)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        response.setContentType("text/plain; version=0.0.4");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(metrics.scrape());
    }

    /**
     * The container checks the credentials against the WAR's realm. Without them Payara answers 401 itself;
     * WildFly's Undertow throws instead: then the answer is a 401 with a Basic challenge all the same.
     */
    private static boolean authenticated(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            return request.authenticate(response);
        } catch (ServletException e) {
            if (!response.isCommitted()) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"relay\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            }
            return false;
        }
    }
}
