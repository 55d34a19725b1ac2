package io.liverelay.hostile;

import static io.liverelay.hostile.Harness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The WebSocket's own limits: message sizes and silence. */
final class WebSocketCases {

    static final int MAX_BINARY = 4 * 1024 * 1024;
    static final int MAX_TEXT = 64 * 1024;
    private static final Duration IDLE = Duration.ofSeconds(20);
    /** relay.mediaTimeoutSeconds (the default) and relay.maxPauseSeconds (arquillian.xml). */
    private static final Duration MEDIA = Duration.ofSeconds(15);
    private static final Duration PAUSE = Duration.ofSeconds(25);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private WebSocketCases() {
    }

    /** Over relay.ws.maxBinaryMessageBytes: the socket closes with 1009 and the stream's ffmpeg ends. */
    static void binaryOverTheLimit(Harness h) {
        try (RtmpSink sink = h.sink("too-big"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            client.sendBinary(h.firstChunk());
            sendRacingTheClose(() -> client.sendBinary(new byte[MAX_BINARY + 1]));
            assertEquals(1009, client.awaitClose(WAIT), "close code for a binary message over the limit");
            assertEquals(List.of("MESSAGE_TOO_BIG"), client.errors().stream()
                    .map(e -> e.getJsonObject("error").getString("name")).toList(), "the client hears why");
            Harness.awaitExit(ffmpeg, Harness.REAP);
        }
    }

    /** Over relay.ws.maxTextMessageBytes, on a running stream: 1009, and its ffmpeg ends. */
    static void textOverTheLimit(Harness h) {
        try (RtmpSink sink = h.sink("text-too-big"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            sendRacingTheClose(() -> client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(MAX_TEXT) + "\"}"));
            assertEquals(1009, client.awaitClose(WAIT), "close code for a text message over the limit");
            Harness.awaitExit(ffmpeg, Harness.REAP);
        }
    }

    /** A recorder with a long timeslice sends chunks of several hundred KB: they are relayed as they are. */
    static void halfMegabyteChunks(Harness h) throws Exception {
        Fixture fixture = MediaFixtures.h264Opus();
        byte[] media = Files.readAllBytes(fixture.path());
        try (RtmpSink sink = h.sink("chunks-500k"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            for (int offset = 0; offset < media.length; offset += 500_000) {
                client.sendBinary(Arrays.copyOfRange(media, offset, Math.min(media.length, offset + 500_000)));
                Harness.pause(Duration.ofMillis(100));
            }
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
            MediaInfo received = Ffprobe.probe(sink.awaitRecording(WAIT));
            assertEquals("h264", received.videoCodec());
            assertEquals(fixture.durationSeconds(), received.durationSeconds(), fixture.durationSeconds() * 0.1);
        }
    }

    /**
     * The probe's connections went silent when the class started. The one that never started is closed once
     * relay.ws.idleTimeoutSeconds (20 s in the tests) passed. A started stream that keeps pinging without media ends
     * with MEDIA_TIMEOUT after relay.mediaTimeoutSeconds (15 s, the default); so does one silent in every way that
     * never sent frames on, while one that did may be a network gone half-open: its socket is closed at the same
     * time, without an error, and the stream waits relay.resume.graceSeconds (30 s, the default) for a resume. A
     * paused one, pinging, ends with PAUSE_TIMEOUT after relay.maxPauseSeconds (25 s in the tests). Every ffmpeg of
     * theirs stops, the waiting one's once its grace period is over.
     */
    static void silentConnectionsAreClosed(Harness h) throws Exception {
        Duration wait = IDLE.multipliedBy(3);
        expect("never started", h.idle().unstartedClosed(wait), IDLE, "IDLE_TIMEOUT", 1001);
        IdleProbe.Closed silent = h.idle().startedClosed(wait);
        // whether its one chunk got frames to the sink before the silence is the machine's timing; both ways are
        // the rule: a stream that sent frames on waits for a resume (no error), one that did not ends
        expect("started, then silent", silent, MEDIA, h.idle().startedSentFrames() ? null : "MEDIA_TIMEOUT", 1001);
        expect("started, pinging without media", h.idle().pingingClosed(wait), MEDIA, "MEDIA_TIMEOUT", 1001);
        expect("paused, pinging", h.idle().pausedClosed(wait), PAUSE, "PAUSE_TIMEOUT", 1000);
        for (ProcessHandle ffmpeg : h.idle().ffmpegs()) {
            Harness.awaitExit(ffmpeg, GRACE.plus(Harness.REAP));
        }
    }

    private static void expect(String what, IdleProbe.Closed closed, Duration after, String error, int code) {
        System.out.println("idle: " + what + ": closed with " + closed.code() + " after "
                + closed.silence().toMillis() + " ms, errors " + closed.errors());
        assertTrue(closed.silence().compareTo(after.minusSeconds(1)) >= 0, what + ": closed too early: " + closed);
        // the sweep runs every tenth of the shortest timeout: at most 2 s late, plus slack for a busy machine
        assertTrue(closed.silence().compareTo(after.plusSeconds(10)) <= 0, what + ": closed too late: " + closed);
        assertEquals(error == null ? List.of() : List.of(error), closed.errors(), what + ": the browser hears why: "
                + closed);
        assertEquals(code, closed.code(), what + ": close code: " + closed);
    }

    // the server may close and reset the connection before the client finished sending the message
    private static void sendRacingTheClose(Runnable send) {
        try {
            send.run();
        } catch (UncheckedIOException e) {
            // the close frame (or its absence) is what the case asserts
        }
    }
}
