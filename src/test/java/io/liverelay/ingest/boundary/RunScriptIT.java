package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.BareMachine;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.Loopback;
import io.liverelay.testsupport.ManagedProcess;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code bin/run}, as a new user meets it on a machine with nothing but a JDK and
 * Maven: run under bin/bare-machine (no ffmpeg, no libpulse, no libva), from what {@code mvn verify} just built
 * ({@code --no-build}). The demo page must answer, and a stream sent to the relay must arrive at the demo's own
 * RTMP sink, which then runs the bundled static ffmpeg too.
 */
class RunScriptIT {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void onABareMachineTheDemoAnswersAndAStreamArrivesAtItsSink() throws Exception {
        Path basedir = Path.of(System.getProperty("relay.it.basedir", ".")).toAbsolutePath();
        Path demo = Files.createTempDirectory("bin-run");
        int port = Loopback.freePort();
        int rtmpPort = Loopback.freePort();
        List<String> command = new ArrayList<>(BareMachine.launcher());
        // a session of its own: bin/run ends its whole process group when it is stopped
        command.addAll(List.of("setsid", basedir.resolve("bin/run").toString(), "--no-build"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(basedir.toFile())
                .redirectErrorStream(true).redirectOutput(demo.resolve("bin-run.log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("RTMP_PORT", Integer.toString(rtmpPort));
        builder.environment().put("DEMO_DIR", demo.toString());
        builder.environment().put("ADMIN_PASSWORD", "bin-run-test");

        try (ManagedProcess run = ManagedProcess.start(builder)) {
            URI page = URI.create("http://127.0.0.1:" + port + "/relay/");
            awaitPage(page, run, demo);
            String printed = Files.readString(demo.resolve("bin-run.log"));
            assertTrue(printed.contains("Demo page:  " + page), printed);
            assertTrue(printed.contains("static ffmpeg bundled in the WAR"), printed);

            Fixture fixture = MediaFixtures.h264Opus();
            String sink = "rtmp://127.0.0.1:" + rtmpPort + "/live/demo";
            try (RelayClient client = RelayClient.connect(URI.create("ws://127.0.0.1:" + port + "/relay/stream"))) {
                client.sendStart(StreamToRtmpIT.config(sink, fixture, 1_500_000));
                client.awaitMessage("started", WAIT);
                client.streamRealtime(fixture, Duration.ofMillis(250));
                String proof = get(page.resolve("api/demo-sink"));
                client.sendStop();
                client.awaitMessage("destroyed", WAIT);
                assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
                assertTrue(proof.contains("h264") && proof.contains("1280"), "the page's proof of arrival: " + proof);
            }

            MediaInfo arrived = awaitRecording(demo.resolve("last-stream.flv"), fixture.durationSeconds());
            assertEquals("h264", arrived.videoCodec());
            assertEquals("aac", arrived.audioCodec());
            assertEquals(fixture.frameCount(), arrived.videoPackets(), "the sink recorded every frame");
        }
    }

    private static void awaitPage(URI page, ManagedProcess run, Path demo) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && run.isAlive()) {
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bin/run served no demo page at " + page + ":\n"
                + Files.readString(demo.resolve("bin-run.log")));
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sink closes its recording once the relay's ffmpeg has gone; until then ffprobe may see less. */
    private static MediaInfo awaitRecording(Path flv, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        MediaInfo last = null;
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(flv)) {
                try {
                    last = Ffprobe.probe(flv);
                    if (last.durationSeconds() >= seconds * 0.9) {
                        return last;
                    }
                } catch (RuntimeException e) {
                    // not a whole file yet
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the sink recorded " + last + " at " + flv);
    }
}
