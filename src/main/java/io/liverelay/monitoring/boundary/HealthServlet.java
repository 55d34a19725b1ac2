package io.liverelay.monitoring.boundary;

import io.liverelay.monitoring.control.Readiness;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code /health/live}: 200 while the application answers. {@code /health/ready}: 200 when it can take streams,
 * else 503 with the failing check. MicroProfile Health's JSON, the same on every server; open to anyone, as a
 * load balancer asks without credentials, and it tells nothing secret (the ffmpeg version at most).
 */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"})
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    transient Readiness readiness;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<Readiness.Check> checks = request.getServletPath().endsWith("/ready") ? readiness.checks() : List.of();
        boolean up = checks.stream().allMatch(Readiness.Check::up);
        JsonArrayBuilder list = JSON.createArrayBuilder();
        checks.forEach(check -> list.add(JSON.createObjectBuilder().add("name", check.name())
                .add("status", check.up() ? "UP" : "DOWN")
                .add("data", JSON.createObjectBuilder().add("detail", check.detail()))));
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN")
                .add("checks", list).build().toString());
    }
}
