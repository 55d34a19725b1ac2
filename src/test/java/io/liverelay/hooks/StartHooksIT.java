package io.liverelay.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.boundary.RelayDeployment;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed's hooks.start as CDI observers: rewrite the destination, refuse, and run in a defined order. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StartHooksIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RelayDeployment.war().addClass(TestStartHooks.class);
    }

    @AfterEach
    void noFfmpegLeft() {
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void aHookSendsTheStreamWhereTheServerDecides() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        Path dir = Files.createTempDirectory("sink");
        try (RtmpSink sink = RtmpSink.start(dir, TestStartHooks.SERVER_KEY);
                RelayClient client = connect("hook=replace&sinkPort=" + sink.port())) {
            client.sendStart(config("rtmp://127.0.0.1:1/live/what-the-browser-asked", fixture));
            client.awaitMessage("started", WAIT);
            Path firstSeconds = dir.resolve("first-seconds.mkv");
            byte[] media = Files.readAllBytes(fixture.path());
            Files.write(firstSeconds, Arrays.copyOfRange(media, 0, media.length / 4));
            client.streamRealtime(firstSeconds, fixture.durationSeconds() / 4, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());

            MediaInfo received = Ffprobe.probe(sink.awaitRecording(WAIT));
            assertEquals("h264", received.videoCodec());
            assertTrue(received.videoPackets() > fixture.fps(), "frames at the server's destination: "
                    + received.videoPackets());
        }
    }

    @Test
    void aHookRefusalReachesTheBrowserByNameWithItsMessageAndStartsNothing() {
        try (RelayClient client = connect("hook=refuse")) {
            client.sendStart(config("rtmp://127.0.0.1:1/live/any-key", MediaFixtures.h264Opus()));
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("START_REFUSED", error.getString("name"));
            assertEquals(TestStartHooks.REFUSAL, error.getString("message"));
            assertTrue(error.getBoolean("fatal"));
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.messages().stream().noneMatch(m -> m.getString("type").equals("started")));
        }
    }

    @Test
    void hooksRunInPriorityOrder() throws Exception {
        Path dir = Files.createTempDirectory("sink");
        try (RtmpSink sink = RtmpSink.start(dir, "order-key-0123456789");
                RelayClient client = connect("hook=order")) {
            JsonObject config = Json.createObjectBuilder(config(sink.url(), MediaFixtures.h264Opus()))
                    .add("videoBitsPerSecond", 3_000_000).build();
            client.sendStart(config);
            String id = client.awaitMessage("started", WAIT).getString("id");
            JsonObject options = adminGet("api/admin/connections/" + id).getJsonObject("ffmpeg")
                    .getJsonObject("options");
            assertEquals(1_000_000, options.getInt("videoBitsPerSecond"));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
        }
    }

    @Test
    void withoutAHookTheBrowsersDestinationIsUsed() throws Exception {
        Path dir = Files.createTempDirectory("sink");
        try (RtmpSink sink = RtmpSink.start(dir, "plain-key-0123456789");
                RelayClient client = connect("hook=none")) {
            client.sendStart(config(sink.url(), MediaFixtures.h264Opus()));
            String id = client.awaitMessage("started", WAIT).getString("id");
            String rtmp = adminGet("api/admin/connections/" + id).getJsonObject("ffmpeg").getJsonObject("options")
                    .getString("rtmp");
            assertTrue(rtmp.startsWith("rtmp://127.0.0.1:" + sink.port() + "/live/"), rtmp);
            assertFalse(rtmp.contains("plain-key-0123456789"), rtmp);
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
        }
    }

    private RelayClient connect(String query) {
        return RelayClient.connect(URI.create(RelayDeployment.streamUri(base) + "?" + query));
    }

    private JsonObject adminGet(String path) throws Exception {
        String credentials = System.getProperty("relay.it.adminUser", "admin") + ":"
                + System.getProperty("relay.it.adminPassword", "admin-password-for-tests");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort()
                + base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + path))
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .timeout(WAIT).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject config(String rtmp, Fixture fixture) {
        return Json.createObjectBuilder().add("rtmp", rtmp).add("mimeType", fixture.mimeType())
                .add("framerate", fixture.fps()).add("audioSampleRate", 44100).build();
    }
}
