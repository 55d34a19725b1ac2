package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.VideoPackets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One stream, two RTMP servers on 127.0.0.1: both get all of it; one of them goes away mid-stream and comes back,
 * and the other never notices.
 */
class SimulcastIT extends DeployedRelay {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void bothDestinationsRecordTheWholeStream() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        Path dir = Files.createTempDirectory("simulcast");
        try (RtmpSink one = RtmpSink.start(dir, "first-key-0123456789");
                RtmpSink two = RtmpSink.start(dir, "second-key-0123456789");
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(config(fixture, one.url(), two.url()));
            client.awaitMessage("started", WAIT);
            client.streamRealtime(fixture, Duration.ofMillis(250));
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());

            for (RtmpSink sink : List.of(one, two)) {
                MediaInfo got = Ffprobe.probe(sink.awaitRecording(WAIT));
                assertEquals("h264", got.videoCodec());
                assertEquals("aac", got.audioCodec());
                assertEquals(fixture.width(), got.width());
                assertTrue(Math.abs(got.videoPackets() - fixture.frameCount()) <= 1,
                        "sent " + fixture.frameCount() + " frames, " + sink.url() + " got " + got.videoPackets());
                assertTrue(Math.abs(got.durationSeconds() - fixture.durationSeconds()) < 0.5,
                        "sent " + fixture.durationSeconds() + " s, got " + got.durationSeconds());
            }
            List<String> states = states(client, 1);
            assertTrue(states.contains("live") && states.get(states.size() - 1).equals("ended"), "states: " + states);
        }
    }

    @Test
    void oneDestinationGoesAwayAndComesBackWhileTheOtherGoesOnUntouched() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        Path dir = Files.createTempDirectory("simulcast");
        String key = "comeback-key-0123456789";
        RtmpSink leaving = RtmpSink.start(dir, key);
        try (RtmpSink staying = RtmpSink.start(dir, "staying-key-0123456789");
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(config(fixture, staying.url(), leaving.url()));
            client.awaitMessage("started", WAIT);
            Thread browser = new Thread(() -> client.streamRealtime(fixture, Duration.ofMillis(250)));
            browser.start();
            awaitState(client, 1, "live");
            leaving.close(); // its ingest drops the connection
            awaitState(client, 1, "reconnecting");
            try (RtmpSink back = RtmpSink.restartOn(dir, key, leaving.port(), 2)) {
                awaitState(client, 1, "live");
                browser.join(WAIT.toMillis());
                client.sendStop();
                client.awaitMessage("destroyed", WAIT);
                assertTrue(client.errors().isEmpty(), () -> "one destination's outage is not the stream's error: "
                        + client.errors());

                MediaInfo whole = Ffprobe.probe(staying.awaitRecording(WAIT));
                assertTrue(Math.abs(whole.videoPackets() - fixture.frameCount()) <= 1,
                        "the other destination got " + whole.videoPackets() + " of " + fixture.frameCount());
                double gap = VideoPackets.of(staying.recording()).longestGap();
                assertTrue(gap < 0.1, "no gap in the other destination's pictures, the largest was " + gap + " s");
                assertEquals(List.of("live", "ended"), states(client, 0).stream().distinct()
                        .filter(s -> !s.equals("connecting")).toList(), "the other destination was live throughout");

                Path resumed = back.awaitRecording(WAIT);
                MediaInfo after = Ffprobe.probe(resumed);
                assertEquals("h264", after.videoCodec(), "the codec header came first");
                assertEquals(fixture.width(), after.width());
                assertEquals("aac", after.audioCodec());
                assertEquals(VideoPackets.of(resumed).firstTime(), Ffprobe.keyframeTimes(resumed).get(0), 1e-6,
                        "it starts at a keyframe");
                assertTrue(after.videoPackets() >= fixture.fps(), "at least a second after the comeback, got "
                        + after.videoPackets() + " frames");
                List<String> states = states(client, 1);
                assertTrue(states.indexOf("reconnecting") < states.lastIndexOf("live"), "states: " + states);
            }
        } finally {
            leaving.close();
        }
    }

    @Test
    void aListWithOneRefusedDestinationIsRefusedByName() {
        Fixture fixture = MediaFixtures.h264Opus();
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendStart(config(fixture, "rtmp://127.0.0.1:1935/live/fine-key-0123", "ftp://127.0.0.1/live/key"));
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("RTMP_URL_REJECTED", error.getString("name"));
            assertTrue(error.getString("message").startsWith("Destination 2 of 2: "), error.toString());
        }
    }

    static JsonObject config(Fixture fixture, String... urls) {
        JsonObject one = RelayDeployment.startConfig(urls[0], fixture, 2_500_000);
        return Json.createObjectBuilder(one).add("rtmp", Json.createArrayBuilder(List.of(urls))).build();
    }

    /** The states the browser was told for one destination, in order. */
    static List<String> states(RelayClient client, int index) {
        return client.messages().stream().filter(m -> m.getString("type").equals("destinations"))
                .map(m -> m.getJsonArray("destinations").get(index).asJsonObject().getString("state"))
                .toList();
    }

    static void awaitState(RelayClient client, int index, String state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> states = states(client, index);
            if (!states.isEmpty() && states.get(states.size() - 1).equals(state)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("destination " + index + " never became " + state + ": " + states(client, index)
                + ", last told " + client.messages().stream().filter(m -> m.getString("type").equals("destinations"))
                        .reduce((a, b) -> b).orElse(null));
    }
}
