package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera without a microphone: the browser sends pictures only and says {@code audio: false}; what reaches the
 * RTMP server has every picture and an AAC track of silence as long as they are, as YouTube requires.
 */
class SilentAudioIT extends DeployedRelay {

    private static final Logger LOG = System.getLogger(SilentAudioIT.class.getName());
    private static final Duration CHUNK = Duration.ofMillis(250);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How far the silence may start or end from the pictures. */
    private static final double SLACK_SECONDS = 0.5;

    @Test
    void copiedPicturesGetASilentTrackAsLongAsThey() throws Exception {
        Fixture fixture = MediaFixtures.h264Only();
        Path dir = Files.createTempDirectory("silent");
        try (RtmpSink sink = RtmpSink.start(dir, "silent-copy-0123456789")) {
            stream(fixture, "copy", sink.url());

            Path recording = sink.awaitRecording(WAIT);
            assertTrue(Ffprobe.containsBytes(recording, fixture.x264Marker()), "the pictures were copied");
            assertPicturesWithSilence(fixture, recording);
        }
    }

    @Test
    void bothDestinationsOfOneStreamGetTheSilentTrack() throws Exception {
        Fixture fixture = MediaFixtures.h264Only();
        Path dir = Files.createTempDirectory("silent");
        try (RtmpSink one = RtmpSink.start(dir, "silent-first-0123456789");
                RtmpSink two = RtmpSink.start(dir, "silent-second-0123456789")) {
            stream(fixture, "copy", one.url(), two.url());

            for (RtmpSink sink : List.of(one, two)) {
                assertPicturesWithSilence(fixture, sink.awaitRecording(WAIT));
            }
        }
    }

    /** Streams the fixture at real-time pace with {@code audio: false} to each URL (a list for more than one). */
    private void stream(Fixture fixture, String mode, String... urls) {
        JsonObject config = RelayDeployment.startConfig(urls[0], fixture, 1_500_000);
        var start = Json.createObjectBuilder(config).add("audio", false);
        if (urls.length > 1) {
            start.add("rtmp", Json.createArrayBuilder(List.of(urls)));
        }
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(start.build());
            assertEquals(mode, client.awaitMessage("started", WAIT).getString("mode"));
            List<String> commands = FfmpegProcesses.relayFfmpegs().stream().map(FfmpegProcesses::describe).toList();
            assertTrue(commands.stream().anyMatch(c -> c.contains("anullsrc")), () -> "no silence in " + commands);

            client.streamRealtime(fixture, CHUNK);
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
        }
    }

    private static void assertPicturesWithSilence(Fixture fixture, Path recording) {
        MediaInfo got = Ffprobe.probe(recording);
        List<Ffprobe.Packet> pictures = Ffprobe.videoPackets(recording);
        List<Ffprobe.Packet> sound = Ffprobe.audioPackets(recording);
        double frame = 1.0 / fixture.fps();
        double firstPicture = pictures.get(0).seconds();
        double lastPicture = pictures.stream().mapToDouble(Ffprobe.Packet::seconds).max().orElseThrow() + frame;
        double firstSound = sound.get(0).seconds();
        double lastSound = sound.get(sound.size() - 1).seconds() + 1024.0 / got.audioSampleRate();
        LOG.log(Level.INFO, "{0}: {1} of {2} pictures {3}-{4} s, {5} AAC packets at {6} Hz {7}-{8} s",
                recording.getFileName(), got.videoPackets(), fixture.frameCount(), firstPicture, lastPicture,
                sound.size(), got.audioSampleRate(), firstSound, lastSound);
        assertAll(
                () -> assertEquals("h264", got.videoCodec()),
                () -> assertEquals(fixture.frameCount(), got.videoPackets(), "every picture"),
                () -> assertEquals("aac", got.audioCodec(), "a silent track"),
                () -> assertEquals(44100, got.audioSampleRate(), "at the AAC rate the start asked for"),
                () -> assertEquals(firstPicture, firstSound, SLACK_SECONDS, "the silence starts with the pictures"),
                () -> assertEquals(lastPicture, lastSound, SLACK_SECONDS, "and ends with them"),
                () -> assertEquals(fixture.durationSeconds(), lastSound - firstSound, SLACK_SECONDS,
                        "it covers the stream"));
    }
}
