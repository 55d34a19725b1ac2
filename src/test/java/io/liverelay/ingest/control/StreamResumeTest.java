package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamDetached;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamResumed;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream that outlives its lost connection (with {@link FakeFfmpeg}): it waits, detached, for a resume with its
 * token; the new connection carries it on into the same ffmpeg; every wrong resume is refused by name and leaves
 * the stream alone; past the grace period it ends as a stop would.
 */
class StreamResumeTest {

    private static final CloseReason LOST = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "lost");
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    @Test
    void aLostConnectionIsResumedIntoTheSameFfmpegWithOneHeader() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            List<byte[]> chunks = RecordedChunks.chromium();
            Started first = start(relay);
            send(relay, first.session, chunks.subList(0, 6));
            FakeFfmpeg ffmpeg = relay.processes.get(0);
            awaitOrDump(() -> ffmpeg.stdinBytes() == RecordedChunks.passedOn(chunks.subList(0, 6)), "the first recording's media");

            first.session.close(LOST);
            awaitOrDump(() -> status(relay, first.id).detached(), "detached");
            ConnectionStatus detached = status(relay, first.id);
            assertNotNull(detached.resumeDeadline());
            assertTrue(ffmpeg.isAlive(), "ffmpeg goes on while the browser is away");
            assertEquals(0, first.session.count("\"destroyed\""));
            awaitOrDump(() -> relay.fired.stream().anyMatch(StreamDetached.class::isInstance), "StreamDetached");

            FakeSession second = relay.connect();
            relay.text(second, resume(first.id, first.token));
            awaitOrDump(() -> second.count("\"resumed\"") == 1, "resumed");
            JsonObject resumed = message(second, "resumed");
            assertEquals(first.id, resumed.getString("id"));
            assertNotEquals(first.token, resumed.getString("resumeToken"), "a token resumes once");
            assertFalse(status(relay, first.id).detached());
            assertEquals(1, relay.registry.streams().size(), "the resuming connection is no stream of its own");
            awaitOrDump(() -> relay.fired.stream().anyMatch(StreamResumed.class::isInstance), "StreamResumed");

            long before = ffmpeg.stdinBytes();
            send(relay, second, chunks); // a new recorder: a whole new file, header and all
            awaitOrDump(() -> ffmpeg.stdinBytes() > before + RecordedChunks.bytes(chunks) * 9 / 10, "the new recording's media");
            assertEquals(1, relay.processes.size(), "no second ffmpeg");
            assertEquals(1, occurrences(ffmpeg.stdin(), EBML), "the new recording's header was left out");

            relay.text(second, "{\"type\":\"stop\"}");
            awaitOrDump(() -> second.count("\"destroyed\"") == 1, "destroyed on the new connection");
            assertTrue(ended(relay).requested());
            assertEquals(0, relay.slots().taken());
        }
    }

    @Test
    void wrongOtherUsedAndLateTokensAreRefusedByNameAndTheStreamGoesOn() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            List<byte[]> chunks = RecordedChunks.chromium();
            Started one = start(relay);
            Started other = start(relay);
            send(relay, one.session, chunks.subList(0, 3));
            one.session.close(LOST);
            awaitOrDump(() -> status(relay, one.id).detached(), "detached");

            refused(relay, resume(one.id, "not-the-token"), "does not belong");
            refused(relay, resume(one.id, other.token), "does not belong");
            refused(relay, resume("00000000-0000-0000-0000-000000000000", one.token), "No stream");
            assertTrue(status(relay, one.id).detached(), "refusals leave the stream waiting");

            FakeSession good = relay.connect();
            relay.text(good, resume(one.id, one.token));
            awaitOrDump(() -> good.count("\"resumed\"") == 1, "resumed");
            refused(relay, resume(one.id, one.token), "used already");
            assertTrue(good.isOpen());
            assertTrue(relay.processes.get(0).isAlive());
            assertTrue(other.session.isOpen(), "the other stream never noticed");
        }
    }

    @Test
    void aRefusedConnectionMayStartAStreamOfItsOwn() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            FakeSession session = relay.connect();
            relay.text(session, resume("00000000-0000-0000-0000-000000000000", "x"));
            awaitOrDump(() -> session.count("RESUME_FAILED") == 1, "RESUME_FAILED");
            relay.text(session, RelayUnderTest.start());
            awaitOrDump(() -> session.count("\"started\"") == 1, "started after a refused resume");
        }
    }

    @Test
    void pastTheGracePeriodTheStreamEndsAndItsSlotIsFree() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "1"))) {
            Started first = start(relay);
            send(relay, first.session, RecordedChunks.chromium().subList(0, 3));
            first.session.close(LOST);
            awaitOrDump(() -> status(relay, first.id).detached(), "detached");
            sweepUntil(relay, () -> relay.fired.stream().anyMatch(StreamEnded.class::isInstance), "the end");
            StreamEnded ended = ended(relay);
            assertTrue(ended.requested(), "the end of a grace period is a stop: " + ended);
            assertFalse(relay.processes.get(0).isAlive());
            assertEquals(0, relay.slots().taken());
            assertTrue(relay.registry.streams().isEmpty());
            refused(relay, resume(first.id, first.token), "No stream");
        }
    }

    @Test
    void aPageThatClosesItsSocketEndsTheStreamAtOnce() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            Started first = start(relay);
            first.session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "tab closed"));
            assertTrue(ended(relay).requested());
            assertFalse(relay.processes.get(0).isAlive());
        }
    }

    @Test
    void aStreamThatNeverSentFramesOnEndsWithItsLostConnection() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            relay.progressEvery(java.time.Duration.ofMinutes(10)); // ffmpeg says nothing: nothing reached the ingest
            Started first = start(relay);
            for (byte[] chunk : RecordedChunks.chromium().subList(0, 3)) {
                relay.binary(first.session, chunk);
            }
            first.session.close(LOST);
            assertTrue(ended(relay).requested(), "nothing to keep: it ends as a stop");
            assertTrue(relay.fired.stream().noneMatch(StreamDetached.class::isInstance));
        }
    }

    @Test
    void aResumeTakesOverAConnectionTheServerStillThinksOpen() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30"))) {
            Started first = start(relay);
            send(relay, first.session, RecordedChunks.chromium().subList(0, 3));
            FakeSession second = relay.connect();
            relay.text(second, resume(first.id, first.token));
            awaitOrDump(() -> second.count("\"resumed\"") == 1, "resumed");
            awaitOrDump(() -> !first.session.isOpen(), "the half-open connection closed by the server");
            assertEquals(CloseReason.CloseCodes.GOING_AWAY, first.session.closeReason().getCloseCode());
            assertEquals(0, first.session.count("\"destroyed\""));
            assertTrue(relay.processes.get(0).isAlive(), "the old connection's close does not end the stream");
            assertEquals(0, message(second, "resumed").getInt("gapMs"));
        }
    }

    @Test
    void withResumeTurnedOffALostConnectionEndsTheStreamAndStartedOffersNoToken() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "0"))) {
            Started first = start(relay);
            assertNull(first.token);
            first.session.close(LOST);
            assertTrue(ended(relay).requested());
        }
    }

    @Test
    void aLiveStreamWhoseMediaStopsWaitsOnceForAResumeThenEndsIfSilentAgain() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30",
                "relay.mediaTimeoutSeconds", "1"))) {
            Started first = start(relay);
            send(relay, first.session, RecordedChunks.chromium().subList(0, 3));
            sweepUntil(relay, () -> status(relay, first.id).detached(), "detached after a media silence");
            awaitOrDump(() -> !first.session.isOpen(), "the silent socket closed by the server");
            assertEquals(0, first.session.count("MEDIA_TIMEOUT"), "a silence that may be a lost network is no error yet");
            assertTrue(relay.processes.get(0).isAlive());

            FakeSession second = relay.connect();
            relay.text(second, resume(first.id, first.token));
            awaitOrDump(() -> second.count("\"resumed\"") == 1, "resumed");
            sweepUntil(relay, () -> second.count("MEDIA_TIMEOUT") == 1, "silent again: MEDIA_TIMEOUT");
            assertFalse(ended(relay).requested(), "a second silence ends the stream with its error");
        }
    }

    @Test
    void aSocketThatKeepsPingingWithoutMediaIsAlive() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.resume.graceSeconds", "30",
                "relay.mediaTimeoutSeconds", "1"))) {
            Started first = start(relay);
            send(relay, first.session, RecordedChunks.chromium().subList(0, 3));
            sweepUntil(relay, () -> first.session.count("MEDIA_TIMEOUT") == 1, "MEDIA_TIMEOUT: the page stopped recording",
                    () -> relay.text(first.session, "{\"type\":\"ping\"}"));
            assertTrue(relay.fired.stream().noneMatch(StreamDetached.class::isInstance), "never detached");
        }
    }

    @Test
    void aPingIsAnsweredSoThatAClientCanTellASilentSocket() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession session = relay.connect();
            relay.text(session, "{\"type\":\"ping\"}");
            awaitOrDump(() -> session.count("\"pong\"") == 1, "pong");
        }
    }

    private static void sweepUntil(RelayUnderTest relay, java.util.function.BooleanSupplier done, String what) {
        sweepUntil(relay, done, what, () -> { });
    }

    /** Sweeps as the container's scheduler would, {@code meanwhile} before each sweep, until {@code done}. */
    private static void sweepUntil(RelayUnderTest relay, java.util.function.BooleanSupplier done, String what,
            Runnable meanwhile) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            meanwhile.run();
            relay.sweep.sweep();
            sleep(50);
        }
        awaitOrDump(done, what);
    }

    private record Started(FakeSession session, String id, String token) {
    }

    private static Started start(RelayUnderTest relay) {
        FakeSession session = relay.connect();
        relay.text(session, RelayUnderTest.start());
        awaitOrDump(() -> session.count("\"started\"") == 1, "started");
        JsonObject started = message(session, "started");
        return new Started(session, started.getString("id"), started.getString("resumeToken", null));
    }

    private static void refused(RelayUnderTest relay, String resume, String why) {
        FakeSession session = relay.connect();
        relay.text(session, resume);
        awaitOrDump(() -> session.count("RESUME_FAILED") == 1, "RESUME_FAILED for " + why);
        JsonObject error = message(session, "error").getJsonObject("error");
        assertFalse(error.getBoolean("fatal"), "the connection may start a stream of its own");
        assertTrue(error.getString("message").contains(why), error.getString("message"));
        assertEquals(0, session.count("\"resumed\""));
    }

    private static String resume(String id, String token) {
        return JSON.createObjectBuilder().add("type", "resume").add("id", id).add("token", token)
                .add("mimeType", "video/x-matroska;codecs=avc1,opus").build().toString();
    }

    private static JsonObject message(FakeSession session, String type) {
        return session.sent().stream().map(m -> JSON.createReader(new StringReader(m)).readObject())
                .filter(m -> m.getString("type").equals(type)).findFirst().orElseThrow();
    }

    private static ConnectionStatus status(RelayUnderTest relay, String id) {
        return relay.registry.find(id).orElseThrow().status();
    }

    /** Sends the chunks as a browser does, then waits until ffmpeg said it sent frames on: the stream is live. */
    private static void send(RelayUnderTest relay, FakeSession session, List<byte[]> chunks) {
        RelayStream stream = relay.stream(session.session());
        for (byte[] chunk : chunks) {
            relay.binary(session, chunk);
            awaitOrDump(() -> stream.mediaWaiting() == 0, "the lane took the chunk");
        }
        awaitOrDump(() -> stream.progress().frames() > 0, "frames sent on");
    }

    private static StreamEnded ended(RelayUnderTest relay) {
        awaitOrDump(() -> relay.fired.stream().anyMatch(StreamEnded.class::isInstance), "StreamEnded");
        return (StreamEnded) relay.fired.stream().filter(StreamEnded.class::isInstance).findFirst().orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int found = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                found++;
            }
        }
        return found;
    }
}
