package io.liverelay.bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The relay's admin API (docs/admin-api.md) as the operator: what connections it holds, a stream's ffmpeg, and
 * an operator's stop. The server creates the operator at boot from {@code RELAY_ADMIN_USER} and the password file
 * named by {@code RELAY_ADMIN_PASSWORD_FILE} (bin/bench sets both to the tests' operator for a stress run, and
 * Payara Micro inherits them from the harness); the harness logs in with the same.
 */
final class StressAdmin {

    static final String USER_VARIABLE = "RELAY_ADMIN_USER";
    static final String PASSWORD_FILE_VARIABLE = "RELAY_ADMIN_PASSWORD_FILE";
    private static final String PASSWORD_LINE = "AS_ADMIN_USERPASSWORD=";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI root;
    private final String authorization;

    private StressAdmin(URI root, String authorization) {
        this.root = root;
        this.authorization = authorization;
    }

    /**
     * The Authorization header of the operator the relay was given. Fails when the harness was not given the
     * password file, since the relay then has no operator.
     */
    static String operator() {
        String file = System.getenv(PASSWORD_FILE_VARIABLE);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("the stress run stops streams through the admin API, so the relay needs "
                    + "an operator: set " + PASSWORD_FILE_VARIABLE + " (bin/bench --stress sets it to "
                    + "src/test/resources/payara/admin-password.txt) before starting the harness");
        }
        String user = Optional.ofNullable(System.getenv(USER_VARIABLE)).filter(u -> !u.isBlank()).orElse("admin");
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(Path.of(file)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The admin API of the relay whose WebSocket is {@code streamUri} ({@code ws://host:port/relay/stream}). */
    static StressAdmin of(URI streamUri, String authorization) {
        String context = streamUri.getPath().substring(0, streamUri.getPath().lastIndexOf('/') + 1);
        return new StressAdmin(URI.create("http://" + streamUri.getHost() + ":" + streamUri.getPort() + context
                + "api/admin/"), authorization);
    }

    /** {@code GET summary}; fails unless it answers 200 (so a missing operator shows before the run). */
    JsonObject summary() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(root.resolve("summary")).GET());
        require(200, response, "GET summary");
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** Every live connection, as the admin API lists them. */
    List<JsonObject> connections() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(root.resolve("connections")).GET());
        require(200, response, "GET connections");
        return Json.createReader(new StringReader(response.body())).readArray().getValuesAs(JsonObject.class);
    }

    /** One connection; empty once the relay no longer holds it (404). */
    Optional<JsonObject> connection(String uuid) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(root.resolve("connections/" + uuid)).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        require(200, response, "GET connections/" + uuid);
        return Optional.of(Json.createReader(new StringReader(response.body())).readObject());
    }

    /** The pid of a connection's ffmpeg right now; empty when none runs (not started, ended, reconnecting). */
    OptionalLong ffmpegPid(String uuid) {
        return connection(uuid).map(StressAdmin::pidOf).orElse(OptionalLong.empty());
    }

    static OptionalLong pidOf(JsonObject connection) {
        JsonValue ffmpeg = connection.get("ffmpeg");
        if (ffmpeg == null || ffmpeg.getValueType() != JsonValue.ValueType.OBJECT) {
            return OptionalLong.empty();
        }
        JsonValue pid = ffmpeg.asJsonObject().get("pid");
        return pid instanceof JsonNumber number ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
    }

    /** The operator's stop: {@code DELETE connections/{uuid}}; returns the status (204 started, 404 no such). */
    int stop(String uuid) {
        return send(HttpRequest.newBuilder(root.resolve("connections/" + uuid)).DELETE()).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("admin API at " + root + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the admin API", e);
        }
    }

    private static void require(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " (" + status
                    + " expected): " + response.body() + (response.statusCode() == 401
                    ? "; the relay has no operator with the password in $" + PASSWORD_FILE_VARIABLE : ""));
        }
    }

    // the file asadmin reads: one line AS_ADMIN_USERPASSWORD=<password>
    private static String password(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith(PASSWORD_LINE))
                    .map(l -> l.substring(PASSWORD_LINE.length())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " has no line " + PASSWORD_LINE + "..."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operator's password file " + file, e);
        }
    }
}
