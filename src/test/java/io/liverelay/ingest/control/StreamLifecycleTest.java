package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamEnded;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stream tells about its own end: whether it was asked for, the media it could not deliver around a
 * reconnect, and the timeouts that end a started stream that falls silent (with {@link FakeFfmpeg}, so a unit test
 * can make the RTMP server go away at a chosen moment).
 */
class StreamLifecycleTest {

    @Test
    void aStopIsAnEndThatWasAskedFor() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession session = started(relay);
            relay.text(session, "{\"type\":\"stop\"}");
            awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed");
            StreamEnded ended = ended(relay);
            assertTrue(ended.requested(), "a stop was asked for: " + ended);
            assertEquals(0, ended.exitCode());
            assertEquals(0, relay.slots().taken());
        }
    }

    @Test
    void heldMediaReachesTheNextFfmpegAfterAReconnect() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.queue.maxBytes", "65536"))) {
            FakeSession session = started(relay);
            List<byte[]> chunks = RecordedChunks.chromium();
            int live = 4;
            for (byte[] chunk : chunks.subList(0, live)) {
                relay.binary(session, chunk);
            }
            awaitOrDump(() -> relay.processes.get(0).stdinBytes() == RecordedChunks.passedOn(chunks.subList(0, live)), "first media");
            awaitOrDump(() -> relay.stream(session.session()).progress().frames() > 0, "frames out");
            relay.processes.get(0).loseRtmpServer();
            awaitOrDump(() -> session.count("\"type\":\"reconnecting\"") == 1, "reconnecting");
            List<byte[]> held = chunks.subList(live, chunks.size()); // more than relay.queue.maxBytes
            RelayStream stream = relay.stream(session.session());
            for (byte[] chunk : held) { // as a browser sends: the lane takes each before the next arrives
                relay.binary(session, chunk);
                awaitOrDump(() -> stream.mediaWaiting() == 0, "the lane took the chunk");
            }
            awaitOrDump(() -> relay.processes.size() == 2, "a new ffmpeg after the pause (1 s)");
            FakeFfmpeg next = relay.processes.get(1);
            // the new ffmpeg reads the Matroska header (within the first chunk), then the held media from its first
            // cluster start on; what came before that start cannot be decoded and is counted as dropped
            long heldBytes = RecordedChunks.bytes(held);
            awaitOrDump(() -> next.stdinBytes() + stream.status().ffmpeg().bytesDropped() >= heldBytes,
                    "every held byte written to the new ffmpeg or counted as dropped");
            ConnectionStatus status = stream.status();
            long accounted = next.stdinBytes() + status.ffmpeg().bytesDropped();
            assertTrue(accounted <= heldBytes + RecordedChunks.SIZE, "no more than the header on top: " + accounted);
            assertTrue(status.ffmpeg().bytesDropped() < heldBytes / 2, "most of it delivered: " + status);
            assertTrue(heldBytes > 65_536, "the held media is more than one pipe takes");
        }
    }

    @Test
    void aStopWhileReconnectingCountsTheHeldMediaAsDropped() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.reconnect.maxDelaySeconds", "60"))) {
            FakeSession session = started(relay);
            List<byte[]> chunks = RecordedChunks.chromium();
            relay.binary(session, chunks.get(0));
            awaitOrDump(() -> relay.stream(session.session()).progress().frames() > 0, "frames out");
            relay.processes.get(0).loseRtmpServer();
            awaitOrDump(() -> session.count("\"type\":\"reconnecting\"") == 1, "reconnecting");
            List<byte[]> held = chunks.subList(1, 5);
            held.forEach(chunk -> relay.binary(session, chunk));
            relay.text(session, "{\"type\":\"stop\"}");
            awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed");
            ConnectionStatus status = relay.stream(session.session()).status();
            assertTrue(status.ffmpeg().bytesDropped() > 0, "held media counted as dropped: " + status);
            assertTrue(ended(relay).requested());
            assertEquals(1, relay.processes.size(), "no ffmpeg started after the stop");
        }
    }

    @Test
    void aStartedStreamThatPingsButSendsNoMediaEndsWithMediaTimeout() throws Exception {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.mediaTimeoutSeconds", "1"))) {
            FakeSession session = started(relay);
            long until = System.nanoTime() + 1_300_000_000L;
            while (System.nanoTime() < until) {
                relay.text(session, "{\"type\":\"ping\"}");
                relay.sweep.sweep();
                Thread.sleep(100);
            }
            awaitOrDump(() -> session.count("MEDIA_TIMEOUT") == 1, "MEDIA_TIMEOUT");
            awaitOrDump(() -> !session.isOpen() && relay.slots().taken() == 0, "closed, slot free");
            assertEquals(1001, session.closeReason().getCloseCode().getCode());
            assertFalse(ended(relay).requested());
        }
    }

    @Test
    void mediaKeepsAStreamAliveAndAPauseSuspendsTheMediaTimeoutUntilTheLongestPause() throws Exception {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.mediaTimeoutSeconds", "1",
                "relay.maxPauseSeconds", "2"))) {
            FakeSession session = started(relay);
            List<byte[]> chunks = RecordedChunks.chromium();
            for (int i = 0; i < 6; i++) {
                relay.binary(session, chunks.get(i));
                relay.sweep.sweep();
                Thread.sleep(250);
            }
            relay.text(session, "{\"type\":\"pause\"}");
            long pausedAt = System.nanoTime();
            while (System.nanoTime() - pausedAt < 1_500_000_000L) {
                relay.sweep.sweep();
                Thread.sleep(100);
            }
            assertEquals(0, session.count("TIMEOUT"), "a pause is not a silence: " + session.sent());
            while (session.count("PAUSE_TIMEOUT") == 0 && System.nanoTime() - pausedAt < 5_000_000_000L) {
                relay.sweep.sweep();
                Thread.sleep(100);
            }
            awaitOrDump(() -> session.count("PAUSE_TIMEOUT") == 1, "PAUSE_TIMEOUT");
            awaitOrDump(() -> !session.isOpen() && relay.slots().taken() == 0, "closed, slot free");
            assertEquals(1000, session.closeReason().getCloseCode().getCode());
        }
    }

    static FakeSession started(RelayUnderTest relay) {
        FakeSession session = relay.connect();
        relay.text(session, RelayUnderTest.start());
        awaitOrDump(() -> session.count("\"started\"") == 1, "started");
        return session;
    }

    static StreamEnded ended(RelayUnderTest relay) {
        awaitOrDump(() -> relay.fired.stream().anyMatch(StreamEnded.class::isInstance), "StreamEnded");
        return (StreamEnded) relay.fired.stream().filter(StreamEnded.class::isInstance).findFirst().orElseThrow();
    }
}
