package io.liverelay.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaInfo;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import io.liverelay.testsupport.StressFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A well-behaved broadcaster streaming in real time through the server while hostile cases run beside it:
 * after each case it must still be live, error-free and progressing, and at the end its RTMP sink must hold
 * every second it sent.
 */
final class Canary implements AutoCloseable {

    static final Duration CHUNK = Duration.ofMillis(250);
    private static final Duration PING = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RtmpSink sink;
    private final RelayClient client;
    private final ProcessHandle ffmpeg;
    private final Fixture fixture;
    private final Thread sender;
    private volatile boolean stopping;
    private volatile int slicesSent;
    private volatile int sliceCount;
    private volatile Throwable senderFailure;
    private long progressAtLastCheck;
    private long lastCheck = System.nanoTime();

    private Canary(RtmpSink sink, RelayClient client, ProcessHandle ffmpeg, Fixture fixture) {
        this.sink = sink;
        this.client = client;
        this.ffmpeg = ffmpeg;
        this.fixture = fixture;
        this.sender = new Thread(this::send, "canary-browser");
        sender.setDaemon(true);
    }

    static Canary start(URI ws, Path dir) {
        Fixture fixture = StressFixtures.canary();
        RtmpSink sink = RtmpSink.start(dir, "canary-0123456789");
        RelayClient client = RelayClient.connect(ws);
        client.sendStart(Harness.config(sink.url(), fixture.mimeType()));
        client.awaitMessage("started", WAIT);
        ProcessHandle ffmpeg = Harness.theOnlyNew(java.util.Set.of());
        Canary canary = new Canary(sink, client, ffmpeg, fixture);
        canary.sender.start();
        return canary;
    }

    long pid() {
        return ffmpeg.pid();
    }

    /** Live, no error, its ffmpeg the same process, and progress reported since the last check. */
    void assertHealthy(String after) {
        String where = "canary harmed after " + after + ": ";
        assertTrue(senderFailure == null, () -> where + "its browser failed: " + senderFailure);
        assertTrue(client.errors().isEmpty(), () -> where + client.errors());
        assertTrue(client.messages().stream().noneMatch(m -> "destroyed".equals(m.getString("type", ""))),
                () -> where + "it was destroyed");
        assertTrue(client.closeReason() == null, () -> where + "its socket closed: " + client.closeReason());
        assertTrue(ffmpeg.isAlive(), where + "its ffmpeg " + ffmpeg.pid() + " is gone");
        long progress = client.messages().stream().filter(m -> "progress".equals(m.getString("type", ""))).count();
        if (System.nanoTime() - lastCheck > Duration.ofSeconds(4).toNanos() && slicesSent < sliceCount) {
            assertTrue(progress > progressAtLastCheck, where + "no progress for "
                    + Duration.ofNanos(System.nanoTime() - lastCheck).toSeconds() + " s");
        }
        progressAtLastCheck = progress;
        lastCheck = System.nanoTime();
    }

    /** Ends the stream the graceful way and checks what reached its RTMP server. */
    MediaInfo finish() throws InterruptedException {
        stopping = true;
        LockSupport.unpark(sender);
        sender.join(WAIT.toMillis());
        double sentSeconds = slicesSent * (CHUNK.toMillis() / 1000.0);
        client.sendStop();
        client.awaitMessage("destroyed", WAIT);
        assertEquals(1000, client.awaitClose(WAIT));
        assertTrue(client.errors().isEmpty(), () -> "canary errors: " + client.errors());
        MediaInfo received = Ffprobe.probe(sink.awaitRecording(WAIT));
        assertEquals("h264", received.videoCodec());
        assertEquals("aac", received.audioCodec());
        double tolerance = Math.max(2.0, sentSeconds * 0.05);
        assertTrue(Math.abs(received.durationSeconds() - sentSeconds) <= tolerance,
                "canary sent " + sentSeconds + " s, its RTMP server recorded " + received.durationSeconds() + " s");
        System.out.printf("canary: sent %.1f s of media, the RTMP server recorded %.1f s%n", sentSeconds,
                received.durationSeconds());
        return received;
    }

    @Override
    public void close() {
        stopping = true;
        client.close();
        sink.close();
    }

    // slice i leaves at t0 + i * CHUNK, so one late send never delays the rest; pings once the media is out
    private void send() {
        try {
            byte[] media = Files.readAllBytes(fixture.path());
            int count = (int) Math.round(fixture.durationSeconds() * 1000 / CHUNK.toMillis());
            int size = (media.length + count - 1) / count;
            sliceCount = count;
            long start = System.nanoTime();
            for (int i = 0; i < count && !stopping; i++) {
                LockSupport.parkNanos(start + i * CHUNK.toNanos() - System.nanoTime());
                client.sendBinary(Arrays.copyOfRange(media, i * size, Math.min(media.length, (i + 1) * size)));
                slicesSent = i + 1;
            }
            while (!stopping) {
                LockSupport.parkNanos(PING.toNanos());
                client.sendText("{\"type\":\"ping\"}");
            }
        } catch (IOException e) {
            senderFailure = new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            senderFailure = e;
        }
    }
}
