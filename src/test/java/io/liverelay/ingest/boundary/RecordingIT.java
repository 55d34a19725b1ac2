package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.AdminClient;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.Tools;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server records every stream when its operator names a directory: a fragmented MP4 beside the RTMP
 * destination, listed, downloaded and deleted through the admin API, and playable to its end even after the
 * server was killed mid-stream.
 */
class RecordingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path dir;
    private static Path recordings;
    private static PayaraMicro server;

    @BeforeAll
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("recording-it");
        recordings = dir.resolve("recordings");
        server = start("payara");
    }

    private static PayaraMicro start(String name) {
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        options.put("relay.recording.dir", recordings.toString());
        return PayaraMicro.startWithTestUsers(dir.resolve(name), options);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void everyStreamIsRecordedBesideItsDestinationAndTheAdminApiServesIt() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        String id;
        try (RtmpSink sink = RtmpSink.start(dir, "recorded-key-0123456789");
                RelayClient client = RelayClient.connect(stream(server))) {
            client.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 2_500_000));
            id = client.awaitMessage("started", WAIT).getString("id");
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
            JsonObject recording = client.messages().stream().filter(m -> m.getString("type").equals("destinations"))
                    .reduce((a, b) -> b).orElseThrow().getJsonArray("destinations").getJsonObject(1);
            assertEquals("recording", recording.getString("url"), "the path stays on the server");
            assertEquals("ended", recording.getString("state"));

            MediaInfo sent = Ffprobe.probe(sink.awaitRecording(WAIT));
            assertEquals(fixture.frameCount(), sent.videoPackets(), 1.0, "the RTMP destination got everything");
        }
        Path file = recordings.resolve(id + ".mp4");
        MediaInfo recorded = Ffprobe.probe(file);
        assertEquals("h264", recorded.videoCodec());
        assertEquals("aac", recorded.audioCodec());
        assertTrue(Math.abs(recorded.videoPackets() - fixture.frameCount()) <= 1,
                "sent " + fixture.frameCount() + " frames, recorded " + recorded.videoPackets());
        assertTrue(Math.abs(recorded.durationSeconds() - fixture.durationSeconds()) < 0.5,
                "sent " + fixture.durationSeconds() + " s, recorded " + recorded.durationSeconds());

        AdminClient admin = AdminClient.as(server.baseUri().toURL(), AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
        JsonArray listed = Json.createReader(new StringReader(admin.get("api/admin/recordings").body())).readArray();
        assertTrue(listed.stream().anyMatch(r -> r.asJsonObject().getString("streamId").equals(id)), listed.toString());
        assertEquals(401, AdminClient.anonymous(server.baseUri().toURL()).get("api/admin/recordings").statusCode());
        assertEquals(404, admin.get("api/admin/recordings/..%2F..%2Fetc%2Fpasswd").statusCode());

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUri().resolve("api/admin/recordings/" + id + ".mp4")).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((AdminClient.ADMIN + ":" + AdminClient.ADMIN_PASSWORD)
                                .getBytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(Files.readAllBytes(file), download.body(), "the download is the file");

        assertEquals(204, admin.delete("api/admin/recordings/" + id + ".mp4").statusCode());
        assertTrue(Files.notExists(file));
        assertEquals(404, admin.delete("api/admin/recordings/" + id + ".mp4").statusCode());
    }

    @Test
    void aRecordingIsPlayableToItsEndAfterTheServerWasKilledMidStream() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        PayaraMicro doomed = start("payara-doomed");
        String id;
        try (RtmpSink sink = RtmpSink.start(dir, "doomed-key-0123456789");
                RelayClient client = RelayClient.connect(stream(doomed))) {
            client.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 2_500_000));
            id = client.awaitMessage("started", WAIT).getString("id");
            Thread browser = new Thread(() -> client.streamRealtime(fixture, Duration.ofMillis(250)));
            browser.start();
            Thread.sleep((long) (fixture.durationSeconds() * 500)); // half of it
            doomed.kill();
            browser.join(WAIT.toMillis());
        } finally {
            doomed.close();
        }
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15)); // the recording's ffmpeg sees its input end and finishes
        Path file = recordings.resolve(id + ".mp4");
        MediaInfo recorded = Ffprobe.probe(file);
        assertEquals("h264", recorded.videoCodec());
        assertTrue(recorded.durationSeconds() > 3, "what was streamed before the kill: " + recorded.durationSeconds());
        ProcessResult decode = Tools.run(WAIT, List.of(Tools.ffmpeg().toString(), "-v", "error", "-i",
                file.toString(), "-f", "null", "-"));
        assertEquals(0, decode.exitCode(), decode.toString());
        assertTrue(decode.output().isBlank(), "it decodes to its end without an error: " + decode.output());
    }

    private static URI stream(PayaraMicro payara) {
        return URI.create("ws://127.0.0.1:" + payara.baseUri().getPort() + "/relay/stream");
    }
}
