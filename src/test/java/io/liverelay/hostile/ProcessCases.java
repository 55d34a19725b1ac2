package io.liverelay.hostile;

import static io.liverelay.hostile.Harness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.Signals;
import io.liverelay.testsupport.SilentTcpServer;
import io.liverelay.testsupport.StressFixtures;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/** ffmpeg and the RTMP side failing under a live stream. */
final class ProcessCases {

    /** How long a stalled ingest may hold a stream before the relay names the failure. */
    static final Duration STALL_BOUND = Duration.ofSeconds(30);
    /** What a stall may end with: the queue bound, or the RTMP side given up on. */
    static final Set<String> STALL_ERRORS = Set.of("QUEUE_FULL", "RTMP_CONNECTION_FAILED");
    private static final int SLICE = 256 * 1024;
    /** One slice per 40 ms: 6.5 MB/s, 1.5 times the dense fixture's rate, which a live ffmpeg easily takes. */
    private static final Duration PACE = Duration.ofMillis(40);

    private ProcessCases() {
    }

    /** ffmpeg SIGKILLed mid-stream: FFMPEG_UNEXPECTED_END, the stream ends, the browser's sends never block. */
    static void ffmpegKilledMidStream(Harness h) throws Exception {
        try (RtmpSink sink = h.sink("sigkill"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            Thread browser = new Thread(() -> client.streamRealtime(MediaFixtures.h264Opus(), Canary.CHUNK));
            browser.setDaemon(true);
            browser.start();
            awaitFrames(client);

            long killedAt = System.nanoTime();
            assertTrue(ffmpeg.destroyForcibly());
            JsonObject error = ProtocolCases.assertError(client, "FFMPEG_UNEXPECTED_END", true);
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            browser.join(Duration.ofSeconds(10).toMillis());
            assertFalse(browser.isAlive(), "the browser's sends are still blocked");
            System.out.println("sigkill: the client heard " + error + " and the close "
                    + Duration.ofNanos(System.nanoTime() - killedAt).toMillis() + " ms after the kill");
        }
    }

    /** An ingest that accepts TCP and never answers the RTMP handshake: a named failure in bounded time. */
    static void rtmpServerThatNeverAnswers(Harness h) throws Exception {
        int relayThreads = h.server.threadsRunning("io.liverelay.");
        try (SilentTcpServer ingest = SilentTcpServer.listen("127.0.0.1");
                RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config("rtmp://127.0.0.1:" + ingest.port() + "/live/" + Harness.key("hangs")));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            byte[] media = Files.readAllBytes(StressFixtures.dense().path());
            assertStallNamed(client, media, 0, ffmpeg, "never answers");
            assertEquals(1, ingest.connections(), "ffmpeg reached the silent ingest");
        }
        assertNoThreadPinned(h, relayThreads);
    }

    /** A real ingest that stops reading mid-stream (SIGSTOP): the queue bound is hit, the failure named. */
    static void rtmpServerThatStopsReading(Harness h) throws Exception {
        int relayThreads = h.server.threadsRunning("io.liverelay.");
        byte[] media = Files.readAllBytes(StressFixtures.dense().path());
        try (RtmpSink sink = h.sink("frozen"); RelayClient client = RelayClient.connect(h.ws)) {
            client.sendStart(h.config(sink.url()));
            client.awaitMessage("started", WAIT);
            ProcessHandle ffmpeg = h.ownFfmpeg();
            // the sink writes only once it has probed 5 MB of its input; until the relay's ffmpeg reads, the
            // relay queues: sending no further ahead of ffmpeg than half the queue keeps a slow start (Debian's
            // ffmpeg takes seconds on a busy machine) from filling it before the sink is frozen
            int live = 32 * SLICE;
            for (int offset = 0; offset < live; offset += SLICE) {
                awaitRead(ffmpeg, offset - 2L * 1024 * 1024);
                client.sendBinary(Arrays.copyOfRange(media, offset, offset + SLICE));
                Harness.pause(PACE);
            }
            awaitRecording(sink);
            Signals.freeze(sink.pid());
            try {
                assertStallNamed(client, media, live, ffmpeg, "stops reading");
            } finally {
                Signals.thaw(sink.pid());
            }
        }
        assertNoThreadPinned(h, relayThreads);
    }

    /** Waits (at most 30 s) until the process has read {@code bytes} in all, as /proc/PID/io counts them. */
    private static void awaitRead(ProcessHandle process, long bytes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bytes > 0 && System.nanoTime() < deadline && process.isAlive()) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(
                        process.pid()), "io"))) {
                    if (line.startsWith("rchar:") && Long.parseLong(line.substring(6).strip()) >= bytes) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                return; // no /proc for it: send as before
            }
            Harness.pause(Duration.ofMillis(20));
        }
    }

    // sends at a pace a live ffmpeg keeps up with, so that only the stall can fill the queue
    private static void assertStallNamed(RelayClient client, byte[] media, int from, ProcessHandle ffmpeg,
            String what) {
        long start = System.nanoTime();
        long sent = 0;
        for (int offset = from; offset < media.length && client.errors().isEmpty(); offset += SLICE) {
            try {
                client.sendBinary(Arrays.copyOfRange(media, offset, Math.min(media.length, offset + SLICE)));
                sent += SLICE;
                Harness.pause(PACE);
            } catch (UncheckedIOException e) {
                break; // the relay closed the socket: the error came first
            }
        }
        JsonObject error = client.awaitMessage("error", STALL_BOUND).getJsonObject("error");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("stall (" + what + "): " + error + " after " + took.toMillis() + " ms and "
                + sent / 1024 + " KiB sent");
        assertTrue(STALL_ERRORS.contains(error.getString("name")), error::toString);
        assertTrue(error.getBoolean("fatal"));
        assertTrue(took.compareTo(STALL_BOUND) <= 0, "named only after " + took);
        client.awaitMessage("destroyed", WAIT);
        Harness.awaitExit(ffmpeg, Harness.REAP);
    }

    // no thread of ours left writing to or reading from a dead stream's ffmpeg
    private static void assertNoThreadPinned(Harness h, int before) {
        long deadline = System.nanoTime() + Harness.REAP.toNanos();
        int now;
        while ((now = h.server.threadsRunning("io.liverelay.")) > before && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofMillis(500));
        }
        assertTrue(now <= before, "threads in io.liverelay code: " + before + " before the case, " + now + " after");
    }

    private static void awaitFrames(RelayClient client) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.awaitMessage("progress", WAIT).getJsonNumber("frames").longValue() > 0) {
                return;
            }
        }
        throw new AssertionError("no frame relayed within " + WAIT);
    }

    private static void awaitRecording(RtmpSink sink) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(sink.recording()) && Files.size(sink.recording()) > 0) {
                return;
            }
            Harness.pause(Duration.ofMillis(50));
        }
        throw new AssertionError("the RTMP server recorded nothing within " + WAIT + ":\n" + sink.log());
    }
}
