package io.liverelay.testsupport;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Calls the admin API (or /metrics) on 127.0.0.1 as a given user (or anonymously), the way an operator's tool would. */
public final class AdminClient {

    public static final String ADMIN = System.getProperty("relay.it.adminUser", "admin");
    public static final String ADMIN_PASSWORD = System.getProperty("relay.it.adminPassword", "admin-password-for-tests");
    public static final String VIEWER = System.getProperty("relay.it.viewerUser", "viewer");
    public static final String VIEWER_PASSWORD = System.getProperty("relay.it.viewerPassword", "viewer-password-for-tests");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String root;
    private final String authorization;

    private AdminClient(URL base, String authorization) {
        String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        this.root = "http://127.0.0.1:" + base.getPort() + path;
        this.authorization = authorization;
    }

    public static AdminClient anonymous(URL base) {
        return new AdminClient(base, null);
    }

    public static AdminClient as(URL base, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new AdminClient(base, "Basic " + token);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(root + path)).GET());
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(root + path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        request.timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
