package io.liverelay.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the test support against real ffmpeg and a fake relay, without the server under test. */
class TestSupportSelfTest {

    @Test
    void fixturesLookLikeBrowserRecordings() {
        for (Fixture fixture : List.of(MediaFixtures.h264Opus(), MediaFixtures.vp8Opus())) {
            MediaInfo info = Ffprobe.probe(fixture.path());
            assertEquals(fixture.videoCodec(), info.videoCodec(), fixture.toString());
            assertEquals(1280, info.width());
            assertEquals(720, info.height());
            assertEquals(360, fixture.frameCount());
            assertEquals(12.0, fixture.durationSeconds(), 0.1);
            assertEquals("opus", info.audioCodec());
            assertEquals(48000, info.audioSampleRate());
            assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0), rounded(Ffprobe.keyframeTimes(fixture.path())));
        }
        Fixture h264 = MediaFixtures.h264Opus();
        assertTrue(Ffprobe.containsBytes(h264.path(), h264.x264Marker()), "x264 marker in " + h264.path());
        assertFalse(Ffprobe.containsBytes(h264.path(), "qcomp=0.60"));
        assertEquals("video/x-matroska;codecs=avc1,opus", h264.mimeType());
        assertEquals("video/webm;codecs=vp8,opus", MediaFixtures.vp8Opus().mimeType());
        assertThrows(IllegalStateException.class, () -> MediaFixtures.vp8Opus().x264Marker());
    }

    @Test
    void rtmpSinkRecordsWhatIsPublished(@TempDir Path dir) {
        Fixture fixture = MediaFixtures.h264Opus();
        try (RtmpSink sink = RtmpSink.start(dir, "self-test-key")) {
            assertTrue(FfmpegProcesses.relayFfmpegs().isEmpty(), "the sink is our own child, not the relay's");
            ProcessResult publish = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffmpeg().toString(),
                    "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-i", fixture.path().toString(),
                    "-c:v", "copy", "-c:a", "aac", "-f", "flv", sink.url()));
            assertTrue(publish.succeeded(), () -> publish.describe() + "\nsink log:\n" + sink.log());

            Path recording = sink.awaitRecording(Duration.ofSeconds(15));
            MediaInfo info = Ffprobe.probe(recording);
            assertEquals("h264", info.videoCodec(), info::toString);
            assertEquals("aac", info.audioCodec());
            assertEquals(1280, info.width());
            assertEquals(720, info.height());
            assertEquals(48000, info.audioSampleRate());
            assertEquals(fixture.frameCount(), info.videoPackets(), 2.0);
            assertEquals(fixture.durationSeconds(), info.durationSeconds(), 0.5);
            assertTrue(Ffprobe.containsBytes(recording, fixture.x264Marker()), "copied H.264 keeps the x264 SEI");
            assertTrue(Files.exists(sink.logFile()));
        }
    }

    @Test
    void relayClientSpeaksTheProtocol() throws Exception {
        Fixture fixture = MediaFixtures.vp8Opus();
        try (var server = new FakeRelayServer(Integer.MAX_VALUE); var client = RelayClient.connect(server.uri())) {
            client.sendStart(Json.createObjectBuilder().add("rtmp", "rtmp://127.0.0.1/live/x")
                    .add("mimeType", fixture.mimeType()).build());
            assertEquals("copy", client.awaitMessage("started", Duration.ofSeconds(5)).getString("mode"));

            int sent = client.streamRealtime(fixture.path(), 2.0, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", Duration.ofSeconds(5));
            assertEquals(1000, client.awaitClose(Duration.ofSeconds(5)));

            assertEquals(8, sent);
            assertEquals(Files.size(fixture.path()), server.binaryBytes.get());
            List<Long> arrivals = server.chunkArrivalNanos;
            double spread = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
            assertEquals(1.75, spread, 0.3, "chunks paced at 250 ms");
            assertTrue(client.errors().isEmpty());
            assertEquals(2, client.messages().size());
            AssertionError missing = assertThrows(AssertionError.class,
                    () -> client.awaitMessage("progress", Duration.ofSeconds(5)));
            assertTrue(missing.getMessage().contains("\"started\""), missing.getMessage());
            assertEquals(null, server.failure);
        }
    }

    @Test
    void relayClientStopsStreamingWhenTheServerCloses() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        try (var server = new FakeRelayServer(3); var client = RelayClient.connect(server.uri())) {
            client.sendStart(Json.createObjectBuilder().add("rtmp", "rtmp://127.0.0.1/live/x").build());
            client.awaitMessage("started", Duration.ofSeconds(5));

            int sent = client.streamRealtime(fixture.path(), 2.0, Duration.ofMillis(100));

            assertTrue(sent >= 3 && sent < 20, "stopped early after " + sent);
            assertEquals("QUEUE_FULL", client.awaitMessage("error", Duration.ofSeconds(5))
                    .getJsonObject("error").getString("name"));
            assertEquals(1, client.errors().size());
            assertEquals(1011, client.awaitClose(Duration.ofSeconds(5)));
        }
    }

    // `timeout` forks ffmpeg as its child, so the ffmpeg is our grandchild, as the relay's are
    @Test
    void grandchildFfmpegIsCountedAndMasked() throws InterruptedException {
        List<String> command = List.of("timeout", "60", Tools.ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-re", "-f", "lavfi", "-i", "anullsrc=r=8000",
                "-metadata", "comment=rtmp://127.0.0.1/live/SECRET-KEY", "-f", "null", "-");
        try (var parent = ManagedProcess.start(new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (FfmpegProcesses.relayFfmpegs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<ProcessHandle> found = FfmpegProcesses.relayFfmpegs();
            assertEquals(1, found.size());
            assertEquals(parent.pid(), found.get(0).parent().orElseThrow().pid());
            AssertionError left = assertThrows(AssertionError.class,
                    () -> FfmpegProcesses.awaitNone(Duration.ofMillis(300)));
            assertTrue(left.getMessage().contains("rtmp://***"), left.getMessage());
            assertFalse(left.getMessage().contains("SECRET"), left.getMessage());
        }
        FfmpegProcesses.awaitNone(Duration.ofSeconds(5));
    }

    private static List<Double> rounded(List<Double> times) {
        return times.stream().map(t -> Math.round(t * 10) / 10.0).toList();
    }
}
