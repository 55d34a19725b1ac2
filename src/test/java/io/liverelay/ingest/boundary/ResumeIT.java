package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.AdminClient;
import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.TcpProxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser's network drops mid-stream (a proxy of the test's own between the client and the relay resets both
 * sides, as a dropped network does) and the client comes back on a new connection with its token: the RTMP server
 * sees one publish whose timestamps go on, and every resume that should not work is refused by name without
 * touching the stream. A server of its own with a short grace period, so the end of one is seen too.
 */
class ResumeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int GRACE_SECONDS = 8;
    private static final Duration CHUNKS = Duration.ofMillis(250);

    private static Path dir;
    private static PayaraMicro server;

    @BeforeAll
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("resume");
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        options.put("relay.resume.graceSeconds", Integer.toString(GRACE_SECONDS));
        options.put("relay.mediaTimeoutSeconds", "3");
        server = PayaraMicro.startWithTestUsers(dir.resolve("payara"), options);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void noFfmpegLeft() {
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }

    @Test
    void aDroppedNetworkIsOnePublishWithOneTimelineAndBadResumesAreRefused() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        try (TcpProxy network = TcpProxy.to(server.baseUri().getPort());
                RtmpSink sink = RtmpSink.start(dir, "resumed-key-0123456789");
                RtmpSink otherSink = RtmpSink.start(dir, "other-key-0123456789");
                RelayClient other = RelayClient.connect(streamUri(server.baseUri().getPort()))) {
            RelayClient first = RelayClient.connect(streamUri(network.port()));
            first.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 2_500_000));
            JsonObject started = first.awaitMessage("started", WAIT);
            String id = started.getString("id");
            String token = started.getString("resumeToken");
            assertEquals(GRACE_SECONDS, started.getInt("resumeGraceSeconds"));
            other.sendStart(StreamToRtmpIT.config(otherSink.url(), fixture, 2_500_000));
            String othersToken = other.awaitMessage("started", WAIT).getString("resumeToken");

            long t0 = System.nanoTime();
            Thread recorder = new Thread(() -> first.streamRealtime(fixture, CHUNKS));
            recorder.start();
            Thread.sleep(4_000);
            network.cut();
            recorder.join(WAIT.toMillis());
            long cutAt = System.nanoTime();
            awaitDetached(id);

            refused(network, id, "not-the-token", "does not belong");
            refused(network, id, othersToken, "does not belong");
            Thread.sleep(2_000); // a network that takes its time to come back
            try (RelayClient second = RelayClient.connect(streamUri(network.port()))) {
                second.sendText(resume(id, token, fixture));
                JsonObject resumed = second.awaitMessage("resumed", WAIT);
                long gapMs = resumed.getJsonNumber("gapMs").longValue();
                assertTrue(gapMs >= 2_000 && gapMs < GRACE_SECONDS * 1000L, "gap " + gapMs + " ms");
                refused(network, id, token, "used already"); // the token was spent by this resume
                long resumedAt = System.nanoTime();
                second.streamRealtime(fixture, CHUNKS); // a new recorder: a whole new file from its header on
                second.sendStop();
                second.awaitMessage("destroyed", WAIT);
                double streamedSeconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(second.errors().isEmpty(), () -> "errors: " + second.errors());
                assertFalse(first.messages().stream().anyMatch(m -> m.getString("type").equals("destroyed")));

                Path recording = sink.awaitRecording(WAIT);
                MediaInfo info = Ffprobe.probe(recording);
                assertEquals("h264", info.videoCodec());
                assertEquals("aac", info.audioCodec());
                List<Ffprobe.Packet> video = Ffprobe.videoPackets(recording);
                double missing = (resumedAt - cutAt) / 1e9;
                assertOneTimeline(video, streamedSeconds, missing);
                long before = video.stream().filter(p -> p.seconds() < 3.0).count();
                assertTrue(video.size() >= fixture.frameCount() + before,
                        "the whole second recording (" + fixture.frameCount() + " frames) after " + before
                                + " of the first: " + video.size());
                assertTrue(Ffprobe.audioPackets(recording).size() > 0);
                assertDecodesCleanly(recording); // the first recording was cut mid-block by the drop
                String log = server.log();
                assertFalse(log.contains(token) || log.contains(resumed.getString("resumeToken")),
                        "a resume token is never logged");
            } finally {
                first.close(); // the other stream sends no media: the server ends it (MEDIA_TIMEOUT) or its close does
            }
        }
    }

    @Test
    void pastTheGracePeriodTheStreamEndsAndNothingIsLeft() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        try (TcpProxy network = TcpProxy.to(server.baseUri().getPort());
                RtmpSink one = RtmpSink.start(dir, "late-one-0123456789");
                RtmpSink two = RtmpSink.start(dir, "late-two-0123456789")) {
            RelayClient first = RelayClient.connect(streamUri(network.port()));
            first.sendStart(SimulcastIT.config(fixture, one.url(), two.url())); // the fan-out path this time
            JsonObject started = first.awaitMessage("started", WAIT);
            String id = started.getString("id");
            Thread recorder = new Thread(() -> first.streamRealtime(fixture, CHUNKS));
            recorder.start();
            SimulcastIT.awaitState(first, 1, "live");
            Thread.sleep(3_000); // the sinks have seen both tracks: they write what they got
            network.cut();
            recorder.join(WAIT.toMillis());
            awaitDetached(id);

            FfmpegProcesses.awaitNone(Duration.ofSeconds(GRACE_SECONDS + 15));
            AdminClient admin = AdminClient.as(server.baseUri().toURL(), AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
            assertEquals("[]", admin.get("api/admin/connections").body().replace(" ", ""),
                    "the stream and its slot are gone");
            refused(network, id, started.getString("resumeToken"), "No stream");
            assertTrue(Ffprobe.probe(one.awaitRecording(WAIT)).videoPackets() > 0);
            assertTrue(server.log().contains("no browser resumed it within " + GRACE_SECONDS + " s"));
            first.close();
        }
    }

    @Test
    void aResumedRecordingWithOtherTracksEndsTheStreamByName() throws Exception {
        try (TcpProxy network = TcpProxy.to(server.baseUri().getPort());
                RtmpSink sink = RtmpSink.start(dir, "changed-key-0123456789")) {
            RelayClient first = RelayClient.connect(streamUri(network.port()));
            first.sendStart(StreamToRtmpIT.config(sink.url(), MediaFixtures.h264Opus(), 2_500_000));
            JsonObject started = first.awaitMessage("started", WAIT);
            Thread recorder = new Thread(() -> first.streamRealtime(MediaFixtures.h264Opus(), CHUNKS));
            recorder.start();
            Thread.sleep(2_000);
            network.cut();
            recorder.join(WAIT.toMillis());
            awaitDetached(started.getString("id"));
            try (RelayClient second = RelayClient.connect(streamUri(network.port()))) {
                second.sendText(Json.createObjectBuilder().add("type", "resume").add("id", started.getString("id"))
                        .add("token", started.getString("resumeToken")).build().toString()); // no mimeType said
                second.awaitMessage("resumed", WAIT);
                second.streamRealtime(MediaFixtures.vp8Opus().path(), 2, CHUNKS); // another camera, another codec
                JsonObject error = second.awaitMessage("error", WAIT).getJsonObject("error");
                assertEquals("MEDIA_CHANGED", error.getString("name"));
                assertTrue(error.getString("message").contains("V_VP8"), error.getString("message"));
                second.awaitMessage("destroyed", WAIT);
            } finally {
                first.close();
            }
        }
    }

    @Test
    void aSocketThatGoesSilentIsTakenForLostAndResumed() throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        try (TcpProxy network = TcpProxy.to(server.baseUri().getPort());
                RtmpSink sink = RtmpSink.start(dir, "silent-key-0123456789")) {
            RelayClient first = RelayClient.connect(streamUri(network.port()));
            first.sendStart(StreamToRtmpIT.config(sink.url(), fixture, 2_500_000));
            JsonObject started = first.awaitMessage("started", WAIT);
            String id = started.getString("id");
            long t0 = System.nanoTime();
            Thread recorder = new Thread(() -> {
                try {
                    first.streamRealtime(fixture, CHUNKS);
                } catch (RuntimeException e) {
                    // the half-open socket's sends fail once the server closed it
                }
            });
            recorder.start();
            Thread.sleep(3_000);
            network.stopReading(); // half-open: the client's bytes go nowhere, nothing closes
            long stalledAt = System.nanoTime();
            awaitDetached(id);
            assertEquals(1001, first.awaitCloseOrReset(WAIT), "the server closed the silent socket");
            assertTrue(first.errors().isEmpty(), () -> "a silence that may be a lost network is no error: "
                    + first.errors());
            network.readAgain();
            try (RelayClient second = RelayClient.connect(streamUri(network.port()))) {
                second.sendText(resume(id, started.getString("resumeToken"), fixture));
                second.awaitMessage("resumed", WAIT);
                long resumedAt = System.nanoTime();
                second.streamRealtime(fixture, CHUNKS);
                second.sendStop();
                second.awaitMessage("destroyed", WAIT);
                Path recording = sink.awaitRecording(WAIT);
                assertOneTimeline(Ffprobe.videoPackets(recording), (System.nanoTime() - t0) / 1e9,
                        (resumedAt - stalledAt) / 1e9);
                assertDecodesCleanly(recording);
            } finally {
                recorder.interrupt();
                first.close();
            }
        }
    }

    /** Every packet decodes, without an error or a warning. */
    private static void assertDecodesCleanly(Path recording) {
        var decoded = io.liverelay.testsupport.Tools.run(Duration.ofSeconds(60), List.of(
                io.liverelay.testsupport.Tools.ffmpeg().toString(), "-v", "error", "-i", recording.toString(),
                // in milliseconds, as FLV counts: a frame rate's time base would round two frames after the hole
                // (which need not fall on the first recording's frame grid) onto one tick and complain
                "-enc_time_base:v", "1:1000", "-f", "null", "-"));
        assertTrue(decoded.succeeded() && decoded.output().isBlank(), "ffmpeg decodes it without a word: "
                + decoded.describe());
    }

    /** Monotonic, one hole about as long as the network was away, and as long as the time streamed. */
    private static void assertOneTimeline(List<Ffprobe.Packet> video, double streamedSeconds, double missing) {
        double hole = 0;
        int holeAt = -1;
        for (int i = 1; i < video.size(); i++) {
            double step = video.get(i).seconds() - video.get(i - 1).seconds();
            assertTrue(step >= 0, "timestamps go back at packet " + i + ": " + video.get(i - 1) + " → "
                    + video.get(i));
            if (step > hole) {
                hole = step;
                holeAt = i;
            }
        }
        assertTrue(hole > missing - 1.5 && hole < missing + 1.5, "the hole is " + hole + " s, the network was away "
                + missing + " s");
        assertTrue(video.get(holeAt).keyframe(), "the resumed media starts at a key frame");
        double length = video.get(video.size() - 1).seconds() - video.get(0).seconds();
        assertTrue(Math.abs(length - streamedSeconds) < 2.0, "the recording lasts " + length + " s, "
                + streamedSeconds + " s were streamed");
    }

    private static void refused(TcpProxy network, String id, String token, String why) {
        try (RelayClient client = RelayClient.connect(streamUri(network.port()))) {
            client.sendText(Json.createObjectBuilder().add("type", "resume").add("id", id).add("token", token)
                    .build().toString());
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("RESUME_FAILED", error.getString("name"));
            assertFalse(error.getBoolean("fatal"));
            assertTrue(error.getString("message").contains(why), error.getString("message"));
        }
    }

    private static String resume(String id, String token, Fixture fixture) {
        return Json.createObjectBuilder().add("type", "resume").add("id", id).add("token", token)
                .add("mimeType", fixture.mimeType()).build().toString();
    }

    private static void awaitDetached(String id) throws Exception {
        AdminClient admin = AdminClient.as(server.baseUri().toURL(), AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = admin.get("api/admin/connections/" + id).body();
            if (body.contains("\"detached\":true")) {
                assertNotNull(Json.createReader(new java.io.StringReader(body)).readObject()
                        .getString("resumeDeadline"));
                assertFalse(body.contains("resumeToken"), "the admin API never shows a token");
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the stream was not detached: " + body);
    }

    private static URI streamUri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/relay/stream");
    }
}
