package io.liverelay.monitoring.boundary;

import static io.liverelay.testsupport.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.DeployedRelay;
import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.AdminClient;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * /metrics and /health on the deployed WAR: who may read them, and meters that agree with what a real stream
 * did, as the RTMP server's recording shows it.
 */
class MonitoringIT extends DeployedRelay {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void healthAnswersAnyoneAndIsReadyOnceFfmpegIsFound() throws Exception {
        AdminClient anyone = AdminClient.anonymous(base);
        HttpResponse<String> live = anyone.get("health/live");
        assertEquals(200, live.statusCode());
        assertEquals("UP", json(live).getString("status"));

        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> ready;
        while ((ready = anyone.get("health/ready")).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250); // ffmpeg is located in the background after deployment
        }
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject check = json(ready).getJsonArray("checks").getJsonObject(0);
        assertEquals("ffmpeg", check.getString("name"));
        assertEquals("UP", check.getString("status"));
    }

    @Test
    void metricsAreForOperatorsOnly() throws Exception {
        assertEquals(401, AdminClient.anonymous(base).get("metrics").statusCode());
        assertEquals(401, AdminClient.as(base, AdminClient.ADMIN, "wrong password").get("metrics").statusCode());
        assertEquals(403, AdminClient.as(base, AdminClient.VIEWER, AdminClient.VIEWER_PASSWORD).get("metrics")
                .statusCode());
        HttpResponse<String> operator = operator().get("metrics");
        assertEquals(200, operator.statusCode());
        assertTrue(operator.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(operator.body().contains("jvm_memory_used_bytes"), "the JVM's meters are there");
    }

    @Test
    void aStreamIsCountedAsTheRtmpServerReceivedIt() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        String before = scrape();
        try (RtmpSink sink = RtmpSink.start(Files.createTempDirectory("sink"), "metrics-0123456789");
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(RelayDeployment.startConfig(sink.url(), fixture, 1_500_000));
            client.awaitMessage("started", WAIT);
            assertEquals(1, value(scrape(), "relay_streams_live{mode=\"copy\"}"), "live while it streams");
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            Path recording = sink.awaitRecording(WAIT);
            MediaInfo received = Ffprobe.probe(recording);
            assertEquals(fixture.frameCount(), received.videoPackets());

            String after = scrape();
            assertEquals(1, delta(before, after, "relay_streams_started_total{mode=\"copy\"}"));
            assertEquals(1, delta(before, after, "relay_streams_ended_total{outcome=\"requested\"}"));
            assertEquals(0, delta(before, after, "relay_streams_ended_total{outcome=\"failed\"}"));
            assertEquals(1, delta(before, after, "relay_start_latency_seconds_count"));
            assertEquals(Files.size(fixture.path()), delta(before, after, "relay_received_bytes_total"),
                    "every byte the browser sent");
            double sent = delta(before, after, "relay_sent_bytes_total");
            long recorded = Files.size(recording);
            System.out.printf("metrics: ffmpeg sent %.0f bytes, the RTMP server recorded %d (%.3f)%n", sent, recorded,
                    sent / recorded);
            assertTrue(sent > 0.95 * recorded && sent < 1.05 * recorded,
                    "ffmpeg's count of bytes sent (" + sent + ") is what the RTMP server recorded (" + recorded + ")");
            assertEquals(0, value(after, "relay_streams_live{mode=\"copy\"}"));
        }
    }

    @Test
    void errorsAreCountedByName() throws Exception {
        String series = "relay_errors_total{error=\"RTMP_URL_REJECTED\",fatal=\"true\"}";
        String before = scrape();
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(RelayDeployment.startConfig("file:/tmp/metrics.flv", MediaFixtures.h264Opus(), 1_500_000));
            assertEquals("RTMP_URL_REJECTED", client.awaitMessage("error", WAIT).getJsonObject("error")
                    .getString("name"));
        }
        assertEquals(1, delta(before, scrape(), series), "one refusal, counted under its name");
    }

    private AdminClient operator() {
        return AdminClient.as(base, AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = operator().get("metrics");
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }
}
