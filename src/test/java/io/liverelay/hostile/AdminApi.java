package io.liverelay.hostile;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The admin API as the test operator: how many connections the server holds, and from where. */
final class AdminApi {

    private static final String USER = System.getProperty("relay.it.adminUser", "admin");
    private static final String PASSWORD = System.getProperty("relay.it.adminPassword", "admin-password-for-tests");

    private AdminApi() {
    }

    /** {@code GET /api/admin/summary}. */
    static JsonObject summary(URL base) throws Exception {
        return get(base, "api/admin/summary").asJsonObject();
    }

    /** {@code GET /api/admin/connections}: every connection, oldest first. */
    static JsonArray connections(URL base) throws Exception {
        return get(base, "api/admin/connections").asJsonArray();
    }

    private static JsonStructure get(URL base, String path) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create("http://127.0.0.1:" + base.getPort() + base.getPath()
                + (base.getPath().endsWith("/") ? "" : "/") + path);
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + credentials)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).read();
    }
}
