package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The RTMP server goes away mid-stream and comes back: the relay reconnects and the stream goes on. */
class ReconnectIT extends DeployedRelay {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aStreamSurvivesItsRtmpServerGoingAwayAndComingBack() throws Exception {
        rtmpServerGoesAwayAndComesBack(RelayDeployment.streamUri(base));
    }

    /** The scenario on the relay at {@code stream}: {@link BareServerIT} runs it with the bundled ffmpeg too. */
    static void rtmpServerGoesAwayAndComesBack(java.net.URI stream) throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        Path dir = Files.createTempDirectory("sink");
        String key = "comeback-key-0123456789";
        RtmpSink first = RtmpSink.start(dir, key);
        try (RelayClient client = RelayClient.connect(stream)) {
            client.sendStart(StreamToRtmpIT.config(first.url(), fixture, 2_500_000));
            client.awaitMessage("started", WAIT);
            Thread browser = new Thread(() -> client.streamRealtime(fixture, Duration.ofMillis(250)));
            browser.start();
            awaitFrames(client, 60);

            first.close(); // the ingest drops the connection
            JsonObject reconnecting = client.awaitMessage("reconnecting", WAIT);
            assertEquals(1, reconnecting.getInt("attempt"));
            assertTrue(reconnecting.getJsonNumber("delayMs").longValue() <= 2000, "first retry within about 2 s");
            try (RtmpSink second = RtmpSink.restartOn(dir, key, first.port(), 2)) {
                client.awaitMessage("live", WAIT);
                browser.join(WAIT.toMillis());
                client.sendStop();
                client.awaitMessage("destroyed", WAIT);
                assertTrue(client.errors().isEmpty(), () -> "a reconnect is not an error: " + client.errors());

                MediaInfo resumed = Ffprobe.probe(second.awaitRecording(WAIT));
                assertEquals("h264", resumed.videoCodec());
                assertEquals("aac", resumed.audioCodec());
                assertTrue(resumed.videoPackets() >= fixture.fps(), "at least a second of video after the "
                        + "reconnect, got " + resumed.videoPackets() + " frames");
            }
        } finally {
            first.close();
        }
    }

    private static void awaitFrames(RelayClient client, long frames) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.messages().stream().anyMatch(m -> m.getString("type").equals("progress")
                    && m.getJsonNumber("frames").longValue() >= frames)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no progress past " + frames + " frames: " + client.messages());
    }
}
