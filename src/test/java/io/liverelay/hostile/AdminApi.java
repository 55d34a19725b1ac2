package io.liverelay.hostile;

import io.liverelay.testsupport.AdminClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;

/** The admin API as the test operator: how many connections the server holds, and from where. */
final class AdminApi {

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
        HttpResponse<String> response = AdminClient.as(base, AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD).get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).read();
    }
}
