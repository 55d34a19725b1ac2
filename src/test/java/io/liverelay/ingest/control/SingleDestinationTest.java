package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static io.liverelay.ingest.control.StreamLifecycleTest.ended;
import static io.liverelay.ingest.control.StreamLifecycleTest.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.entity.DestinationChanged;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream with one destination tells about it as a stream with several does: a {@code destinations} message with
 * one entry, a {@link DestinationChanged} per change of state, one entry in the admin API's status; its URL masked.
 */
class SingleDestinationTest {

    private static final String KEY = "unit-test-key";

    @Test
    void itIsConnectingUntilTheFirstFrameThenLiveWithItsBytes() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            relay.progressEvery(Duration.ofMillis(1500)); // time to see it connecting before ffmpeg's first report
            FakeSession session = started(relay);
            List<DestinationStatus> before = relay.stream(session.session()).status().destinations();
            assertEquals(1, before.size(), "one destination listed: " + before);
            assertEquals(DestinationState.CONNECTING, before.get(0).state());
            assertEquals(0, before.get(0).index());
            awaitOrDump(() -> lastState(session).equals("live"), "a destinations message that says live");
            assertEquals(DestinationState.LIVE, awaitChange(relay, 1).destination().state());
            awaitOrDump(() -> relay.stream(session.session()).status().destinations().get(0).bytes() > 0,
                    "the bytes ffmpeg reports as total_size");
            DestinationStatus live = relay.stream(session.session()).status().destinations().get(0);
            assertEquals(DestinationState.LIVE, live.state());
            assertTrue(live.url().startsWith("rtmp://127.0.0.1:1935/live/"), live.url());
            assertNull(live.errorName());
            relay.text(session, "{\"type\":\"stop\"}");
            awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed");
            ended(relay); // the events are fired in order: every change came before
            assertEquals(List.of(DestinationState.LIVE, DestinationState.ENDED), changes(relay));
            assertEquals("ended", lastState(session), "the browser hears the end before destroyed");
            assertKeyNowhere(relay, session);
        }
    }

    @Test
    void aReconnectOfItsFfmpegIsAReconnectOfTheDestination() throws IOException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession session = started(relay);
            relay.binary(session, RecordedChunks.chromium().get(0)); // the header a new ffmpeg reads first
            awaitOrDump(() -> lastState(session).equals("live"), "live");
            relay.processes.get(0).loseRtmpServer();
            awaitOrDump(() -> lastState(session).equals("reconnecting"), "a destinations message that says reconnecting");
            DestinationChanged reconnecting = awaitChange(relay, 2);
            assertEquals(DestinationState.RECONNECTING, reconnecting.destination().state());
            assertEquals(1, reconnecting.destination().reconnects());
            assertEquals("RTMP_CONNECTION_FAILED", reconnecting.destination().errorName());
            awaitOrDump(() -> relay.processes.size() == 2, "a new ffmpeg after the pause (1 s)");
            awaitOrDump(() -> changes(relay).size() == 3, "live again");
            assertEquals(List.of(DestinationState.LIVE, DestinationState.RECONNECTING, DestinationState.LIVE),
                    changes(relay));
            assertEquals(1, relay.stream(session.session()).status().destinations().get(0).reconnects());
            assertKeyNowhere(relay, session);
        }
    }

    @Test
    void aFatalErrorOfItsFfmpegFailsTheDestinationBeforeTheStreamEnds() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession session = started(relay);
            awaitOrDump(() -> lastState(session).equals("live"), "live");
            relay.processes.get(0).crash();
            awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed");
            ended(relay);
            assertEquals(List.of(DestinationState.LIVE, DestinationState.FAILED), changes(relay));
            DestinationStatus failed = awaitChange(relay, 2).destination();
            assertEquals("FFMPEG_UNEXPECTED_END", failed.errorName());
            assertTrue(failed.errorMessage().contains("Invalid data"), failed.errorMessage());
            assertEquals("failed", lastState(session), "the browser hears it before destroyed");
            List<Object> fired = relay.fired;
            assertTrue(fired.indexOf(awaitChange(relay, 2)) < fired.indexOf(ended(relay)), "failed, then ended");
            assertKeyNowhere(relay, session);
        }
    }

    @Test
    void aServerThatRefusesBeforeTheFirstFrameFailsTheDestination() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            relay.progressEvery(Duration.ofSeconds(60)); // no frame ever goes out
            FakeSession session = started(relay);
            relay.processes.get(0).loseRtmpServer();
            awaitOrDump(() -> session.count("\"destroyed\"") == 1, "destroyed");
            ended(relay);
            assertEquals(List.of(DestinationState.FAILED), changes(relay));
            assertEquals("RTMP_CONNECTION_FAILED", awaitChange(relay, 1).destination().errorName());
            assertEquals(1, relay.processes.size(), "no reconnect for a stream that never went live");
            assertKeyNowhere(relay, session);
        }
    }

    @Test
    void theNumbersOfEachSecondRideInProgressAndADestinationsMessageComesOnlyWithAChange() {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession session = started(relay);
            awaitOrDump(() -> withDestinations(session, "progress").size() >= 3, "three progress reports");
            JsonObject last = withDestinations(session, "progress").get(2);
            assertEquals(1, last.getJsonArray("destinations").size(), last.toString());
            assertEquals("live", last.getJsonArray("destinations").getJsonObject(0).getString("state"));
            assertTrue(last.getJsonArray("destinations").getJsonObject(0).getJsonNumber("bytes").longValue() > 0,
                    last.toString());
            assertEquals(changes(relay).size(), withDestinations(session, "destinations").size(),
                    "one destinations message per change of state, none per report: " + session.sent());
            assertKeyNowhere(relay, session);
        }
    }

    /** The messages of this type that carry a destinations list. */
    private static List<JsonObject> withDestinations(FakeSession session, String type) {
        return session.sent().stream().map(text -> Json.createReader(new StringReader(text)).readObject())
                .filter(m -> m.getString("type").equals(type) && m.containsKey("destinations")).toList();
    }

    /** The state in the last destinations message, checked to hold one entry; empty before the first. */
    private static String lastState(FakeSession session) {
        List<JsonObject> messages = session.sent().stream()
                .map(text -> Json.createReader(new StringReader(text)).readObject())
                .filter(m -> m.getString("type").equals("destinations")).toList();
        if (messages.isEmpty()) {
            return "";
        }
        var destinations = messages.get(messages.size() - 1).getJsonArray("destinations");
        assertEquals(1, destinations.size(), "one entry: " + destinations);
        return destinations.getJsonObject(0).getString("state");
    }

    private static List<DestinationState> changes(RelayUnderTest relay) {
        return relay.fired.stream().filter(DestinationChanged.class::isInstance)
                .map(e -> ((DestinationChanged) e).destination().state()).toList();
    }

    private static DestinationChanged awaitChange(RelayUnderTest relay, int nth) {
        awaitOrDump(() -> changes(relay).size() >= nth, "DestinationChanged #" + nth);
        return relay.fired.stream().filter(DestinationChanged.class::isInstance).map(DestinationChanged.class::cast)
                .skip(nth - 1L).findFirst().orElseThrow();
    }

    private static void assertKeyNowhere(RelayUnderTest relay, FakeSession session) {
        for (String message : session.sent()) {
            assertFalse(message.contains(KEY), "the stream key in a message: " + message);
        }
        for (Object event : relay.fired) {
            assertFalse(event.toString().contains(KEY), "the stream key in an event: " + event);
        }
        relay.registry.streams().forEach(stream -> assertFalse(stream.status().toString().contains(KEY)));
    }
}
