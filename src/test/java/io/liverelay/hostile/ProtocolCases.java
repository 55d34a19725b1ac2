package io.liverelay.hostile;

import static io.liverelay.hostile.Harness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Misuse of the wire protocol, and media that is not media. */
final class ProtocolCases {

    private ProtocolCases() {
    }

    /** Media before start: NOT_STARTED, not fatal, no process; the connection still answers and can start. */
    static void mediaBeforeStart(Harness h) {
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendBinary(h.firstChunk());
            assertError(client, "NOT_STARTED", false);
            assertTrue(h.strays().isEmpty(), "media before start started an ffmpeg");
            startAndStop(h, client);
        }
    }

    /** An unknown type: UNKNOWN_MESSAGE_TYPE, not fatal; the connection can still start a stream. */
    static void unknownType(Harness h) {
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendText("{\"type\":\"exec\",\"cmd\":\"rm -rf /\"}");
            assertError(client, "UNKNOWN_MESSAGE_TYPE", false);
            startAndStop(h, client);
        }
    }

    /** A second start: ALREADY_STARTED, not fatal; still one ffmpeg for the connection. */
    static void secondStart(Harness h) {
        try (RtmpSink sink = h.sink("second-start"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            client.sendStart(h.config(h.nowhere()));
            assertError(client, "ALREADY_STARTED", false);
            assertEquals(java.util.Set.of(ffmpeg.pid()), h.strays(), "one connection, one ffmpeg");
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
        }
    }

    /** The start message sent as a binary frame after start, then the recorder's media: ffmpeg says why. */
    static void jsonSentAsBinary(Harness h) {
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(h.nowhere()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            client.sendBinary(Json.createObjectBuilder().add("type", "stop").build().toString()
                    .getBytes(StandardCharsets.UTF_8));
            client.sendBinary(h.firstChunk());
            assertUndecodable(client, ffmpeg);
        }
    }

    /** Bytes that are no container at all: FFMPEG_UNEXPECTED_END naming ffmpeg's reason, the process reaped. */
    static void garbageMedia(Harness h) {
        byte[] garbage = new byte[256 * 1024];
        new Random(4).nextBytes(garbage);
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(h.nowhere()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            client.sendBinary(garbage);
            assertUndecodable(client, ffmpeg);
        }
    }

    /**
     * What the browser controls never becomes an ffmpeg option: a mimeType full of options is refused by name
     * before anything starts (the relay reads it into a known container and codecs), and an upper-case scheme
     * still gives one input, no extra option, and the normalised URL as the last argument.
     */
    static void browserValuesNeverBecomeOptions(Harness h) {
        String key = Harness.key("options");
        String url = "rtmp://127.0.0.1:" + h.trap.port() + "/live/" + key;
        int trapped = h.trap.connections();
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(Harness.config(url, "video/x-matroska;codecs=avc1 -y -f null -i x"));
            JsonObject error = assertError(client, "INVALID_PARAMETERS", true);
            assertTrue(error.getString("message").contains("codec"), error::toString);
            assertTrue(h.strays().isEmpty(), "a refused start started an ffmpeg");
        }
        try (RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(Harness.config(url.replace("rtmp://", "RTMP://"), "video/x-matroska;codecs=avc1,opus"));
            assertEquals("copy", client.awaitMessage("started", WAIT).getString("mode"));
            List<String> args = List.of(h.ownFfmpeg().info().arguments().orElseThrow());
            assertEquals(url, args.get(args.size() - 1), "the destination is the last argument, normalised");
            assertEquals(1, Collections.frequency(args, "-i"), "one input: " + args.size() + " arguments");
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
            assertTrue(client.errors().isEmpty(), () -> "errors: " + client.errors());
        }
        assertEquals(trapped, h.trap.connections(), "ffmpeg got no media, so it never connected");
    }

    private static void startAndStop(Harness h, RelayClient client) {
        client.sendStart(h.config(h.nowhere()));
        client.awaitMessage("started", WAIT);
        client.sendStop();
        client.awaitMessage("destroyed", WAIT);
        assertEquals(1000, client.awaitClose(WAIT));
    }

    private static void assertUndecodable(RelayClient client, ProcessHandle ffmpeg) {
        JsonObject error = assertError(client, "FFMPEG_UNEXPECTED_END", true);
        assertTrue(error.getString("message").contains("Invalid data"), "the reason is ffmpeg's: " + error);
        client.awaitMessage("destroyed", WAIT);
        assertEquals(1000, client.awaitClose(WAIT));
        Harness.awaitExit(ffmpeg, Harness.REAP);
    }

    /**
     * A client that keeps sending messages the relay cannot use (a review sent 20,000 and was never cut off, adding
     * 40,050 lines to the log): past the error budget it hears TOO_MANY_ERRORS and is closed with 1008, and the
     * server log gains a few lines, not one per message.
     */
    static void badMessagesPastTheBudget(Harness h) throws Exception {
        Path log = Path.of(System.getProperty("relay.it.serverLog",
                Path.of(System.getProperty("relay.it.basedir", "."), "target", "payara-micro.log").toString()));
        long before = invalidLines(log);
        try (RelayClient client = RelayClient.connect(h.ws)) {
            int sent = 0;
            while (sent < 20_000 && !client.isClosed()) {
                try {
                    client.sendText("{\"type\":" + sent + "}");
                } catch (RuntimeException e) {
                    break; // closed by the server meanwhile
                }
                sent++;
            }
            // thousands of this client's messages are still unread when the server closes, so its TCP stack may
            // reset the connection and the reset overtake the close frame: the error before it is what counts
            int code = client.awaitCloseOrReset(WAIT);
            assertTrue(code == 1008 || code == RelayClient.RESET, "policy violation (1008), or a reset: " + code);
            List<String> names = client.errors().stream().map(e -> e.getJsonObject("error").getString("name")).toList();
            assertEquals("TOO_MANY_ERRORS", names.get(names.size() - 1), names::toString);
            assertTrue(names.size() <= 22, "errors sent before the cut: " + names.size());
            System.out.println("bad messages: cut off after " + names.size() + " errors (" + sent + " sent), "
                    + (code == 1008 ? "close 1008" : "reset after the close"));
        }
        Thread.sleep(500); // the log is written by the server's threads
        long added = invalidLines(log) - before;
        assertTrue(added <= 2, "log lines about this client's bad messages: " + added);
    }

    /** Lines about INVALID_MESSAGE in the server's log and its rotated files (payara-micro.log.0, .1, …). */
    private static long invalidLines(Path log) throws java.io.IOException {
        long count = 0;
        try (var files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(log.getFileName().toString()))
                    .toList()) {
                try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                    count += lines.filter(l -> l.contains("INVALID_MESSAGE")).count();
                }
            }
        }
        return count;
    }

    static JsonObject assertError(RelayClient client, String name, boolean fatal) {
        JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
        assertEquals(name, error.getString("name"), error::toString);
        assertEquals(fatal, error.getBoolean("fatal"), error::toString);
        return error;
    }
}
