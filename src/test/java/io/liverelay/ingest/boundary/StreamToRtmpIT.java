package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deployed WAR relays real browser-like media, sent at real-time pace in 250 ms chunks, to a real RTMP
 * server on 127.0.0.1; what arrived there is checked with ffprobe.
 */
class StreamToRtmpIT extends DeployedRelay {

    private static final Duration CHUNK = Duration.ofMillis(250);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void h264FromTheBrowserIsCopiedToRtmp() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        MediaInfo received = relay(fixture, "copy");

        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertEquals(1280, received.width());
        assertEquals(720, received.height());
        assertDurationClose(fixture.durationSeconds(), received.durationSeconds());
        assertEquals(fixture.frameCount(), received.videoPackets(), "a copy keeps every frame");
    }

    @Test
    void h264AndAacInMp4AreBothCopied() throws Exception {
        Fixture fixture = MediaFixtures.h264AacMp4();
        MediaInfo sent = Ffprobe.probe(fixture.path());
        MediaInfo received = relay(fixture, "copy");

        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertEquals(48000, received.audioSampleRate(), "44100 was asked: a re-encode would have resampled");
        assertEquals(sent.audioPackets(), received.audioPackets(), "a copy keeps every audio frame");
        assertEquals(fixture.frameCount(), received.videoPackets(), "a copy keeps every frame");
        assertDurationClose(fixture.durationSeconds(), received.durationSeconds());
    }

    @Test
    void vp8FromTheBrowserIsTranscodedToH264AtTheAskedBitrate() throws Exception {
        Fixture fixture = MediaFixtures.vp8Opus();
        MediaInfo received = relay(fixture, "transcode");

        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        assertEquals(1280, received.width());
        assertEquals(720, received.height());
        assertDurationClose(fixture.durationSeconds(), received.durationSeconds());
        double mbps = received.videoBitRate() / 1e6;
        assertTrue(mbps > 0.5 && mbps < 1.5 * 1.2, "asked for 1.5 Mb/s, got " + mbps);
    }

    @Test
    void aSampleRateAacDoesNotHaveIsEncodedAtTheNearestOneItHas() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        JsonObject asked = Json.createObjectBuilder(config("", fixture, 1_500_000)).add("audioSampleRate", 44000).build();

        MediaInfo received = relay(fixture, "copy", asked);

        assertEquals("aac", received.audioCodec());
        assertEquals(44100, received.audioSampleRate(), "44000 passed the checks, so it must not end in ffmpeg's failure");
        assertDurationClose(fixture.durationSeconds(), received.durationSeconds());
    }

    @Test
    void anRtmpServerThatIsNotThereIsNamedAndLeavesNothingRunning() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Fixture fixture = MediaFixtures.h264Opus();
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(config("rtmp://127.0.0.1:" + closedPort + "/live/absent-key", fixture, 2_500_000));
            client.awaitMessage("started", WAIT);
            byte[] media = Files.readAllBytes(fixture.path());
            for (int offset = 0; offset < 1_000_000; offset += 250_000) {
                client.sendBinary(java.util.Arrays.copyOfRange(media, offset, offset + 250_000));
            }
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("RTMP_CONNECTION_FAILED", error.getString("name"));
            assertTrue(error.getBoolean("fatal"));
            assertTrue(error.getString("message").contains("Connection refused"), error.getString("message"));
            assertFalse(error.getString("message").contains("absent-key"), "the stream key is masked");
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.messages().stream().noneMatch(m -> m.getString("type").equals("reconnecting")),
                    "a destination refused at the start is not retried");
        }
    }

    /** Streams the fixture through the relay into a fresh sink and returns what the sink recorded. */
    private MediaInfo relay(Fixture fixture, String expectedMode) throws Exception {
        return relay(fixture, expectedMode, config("", fixture, 1_500_000));
    }

    /** {@code settings}: the start's config; its {@code rtmp} is replaced by the fresh sink's URL. */
    private MediaInfo relay(Fixture fixture, String expectedMode, JsonObject settings) throws Exception {
        Path dir = Files.createTempDirectory("sink");
        try (RtmpSink sink = RtmpSink.start(dir, "key-" + expectedMode + "-0123456789");
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(Json.createObjectBuilder(settings).add("rtmp", sink.url()).build());
            JsonObject started = client.awaitMessage("started", WAIT);
            assertEquals(expectedMode, started.getString("mode"));
            assertFalse(FfmpegProcesses.relayFfmpegs().isEmpty(), "the server's ffmpeg must be visible to this test");

            client.streamRealtime(fixture, CHUNK);
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());

            Path recording = sink.awaitRecording(WAIT);
            if (fixture.videoCodec().equals("h264")) {
                assertTrue(Ffprobe.containsBytes(recording, fixture.x264Marker()),
                        "the fixture's own x264 settings arrive only when the video is copied");
            }
            return Ffprobe.probe(recording);
        }
    }

    static JsonObject config(String rtmp, Fixture fixture, int videoBitsPerSecond) {
        return RelayDeployment.startConfig(rtmp, fixture, videoBitsPerSecond);
    }

    private static void assertDurationClose(double sent, double received) {
        assertTrue(Math.abs(received - sent) <= sent * 0.10, "sent " + sent + " s, received " + received + " s");
    }
}
