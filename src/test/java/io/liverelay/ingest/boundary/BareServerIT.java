package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.BareMachine;
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
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR on a server that has nothing but a JDK: Payara Micro runs under bin/bare-machine, which hides ffmpeg on
 * the PATH and libpulse, libva, libasound, libxcb and libudev behind /dev/null, and no relay.ffmpeg.path is set. The
 * relay must find the static ffmpeg it carries, say so, and relay what browsers send: H.264 copied, VP8
 * re-encoded, Opus turned into AAC, AAC copied. The sink and ffprobe run outside, with the machine's ffmpeg.
 */
class BareServerIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static PayaraMicro server;

    @BeforeAll
    static void startOnABareMachine() throws Exception {
        List<String> launcher = BareMachine.launcher();
        server = PayaraMicro.start(Files.createTempDirectory("bare-server"), PayaraMicro.arquillianOptions(), launcher);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void theMachineReallyHidesWhatABareServerLacks() throws Exception {
        // a copy of the machine's own ffmpeg, out of the PATH: only the hidden libraries can stop it there
        Path copy = Files.createTempDirectory("debian-ffmpeg").resolve("ffmpeg");
        Files.copy(Tools.ffmpeg().toRealPath(), copy);
        copy.toFile().setExecutable(true);
        String launcher = BareMachine.launcher().get(0);

        ProcessResult outside = Tools.run(Duration.ofSeconds(20), List.of(copy.toString(), "-version"));
        ProcessResult inside = Tools.run(Duration.ofSeconds(20), List.of(launcher, copy.toString(), "-version"));
        ProcessResult onPath = Tools.run(Duration.ofSeconds(20), List.of(launcher, "ffmpeg", "-version"));

        assertTrue(outside.succeeded(), outside::output);
        assertFalse(inside.succeeded(), () -> "the machine's ffmpeg still runs: " + inside.output());
        assertTrue(inside.output().contains("error while loading shared libraries"), inside::output);
        assertFalse(onPath.succeeded(), () -> "ffmpeg on the PATH still runs: " + onPath.output());
    }

    @Test
    void theRelayRunsItsBundledFfmpegAndSaysWhatThatMeans() {
        String log = server.log();

        assertTrue(log.contains("Using ffmpeg version 4.4.1-static") && log.contains("(BUNDLED)"), log);
        assertTrue(log.contains("no security updates") && log.contains("relay.ffmpeg.path"), log);
    }

    @Test
    void browserMediaOfEveryKindArrivesThroughTheBundledFfmpeg() throws Exception {
        List<Fixture> fixtures = List.of(MediaFixtures.h264Opus(), MediaFixtures.h264AacMp4(), MediaFixtures.vp8Opus());
        ExecutorService streams = Executors.newFixedThreadPool(fixtures.size());
        try {
            List<Future<MediaInfo>> received = new ArrayList<>();
            for (Fixture fixture : fixtures) {
                received.add(streams.submit(() -> relay(fixture)));
            }
            for (int i = 0; i < fixtures.size(); i++) {
                Fixture sent = fixtures.get(i);
                MediaInfo arrived = received.get(i).get();
                assertEquals("h264", arrived.videoCodec(), sent.mimeType());
                assertEquals("aac", arrived.audioCodec(), sent.mimeType());
                assertEquals(1280, arrived.width(), sent.mimeType());
                assertEquals(720, arrived.height(), sent.mimeType());
                assertTrue(Math.abs(arrived.durationSeconds() - sent.durationSeconds()) <= sent.durationSeconds() * 0.1,
                        () -> sent.mimeType() + ": sent " + sent.durationSeconds() + " s, got " + arrived.durationSeconds());
                if (sent.videoCodec().equals("h264")) {
                    assertEquals(sent.frameCount(), arrived.videoPackets(), sent.mimeType() + ": a copy keeps every frame");
                }
            }
        } finally {
            streams.shutdownNow();
        }
    }

    @Test
    void theBundledFfmpegResumesAfterItsRtmpServerCameBack() throws Exception {
        ReconnectIT.rtmpServerGoesAwayAndComesBack(URI.create("ws://127.0.0.1:" + server.baseUri().getPort()
                + "/relay/stream"));
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    private static MediaInfo relay(Fixture fixture) throws Exception {
        String mode = fixture.videoCodec().equals("h264") ? "copy" : "transcode";
        Path dir = Files.createTempDirectory("bare-sink");
        URI stream = URI.create("ws://127.0.0.1:" + server.baseUri().getPort() + "/relay/stream");
        try (RtmpSink sink = RtmpSink.start(dir, "bare-" + mode + "-" + Math.abs(fixture.path().hashCode()));
                RelayClient client = RelayClient.connect(stream)) {
            client.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 1_500_000));
            JsonObject started = client.awaitMessage("started", WAIT);
            assertEquals(mode, started.getString("mode"));
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
            Path recording = sink.awaitRecording(WAIT);
            if (fixture.videoCodec().equals("h264")) {
                assertTrue(Ffprobe.containsBytes(recording, fixture.x264Marker()), "H.264 is copied, not re-encoded");
            }
            return Ffprobe.probe(recording);
        }
    }
}
