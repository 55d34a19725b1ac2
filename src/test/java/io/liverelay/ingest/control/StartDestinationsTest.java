package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ingest.entity.StartRequest;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A start with several destinations: each checked on its own, a refused one named by its place, a bounded list. */
class StartDestinationsTest {

    private final StartValidator validator = new StartValidator(new DestinationPolicy(),
            Optional.of(Pattern.compile("^rtmp://(a|b|c)\\.example/")), 3);

    private static StartRequest request(String rtmp) throws RelayException {
        return StartValidator.read(Json.createReader(new StringReader(
                "{\"rtmp\":" + rtmp + ",\"framerate\":30,\"audioSampleRate\":48000}")).readObject(),
                new StartRequest("id", "127.0.0.1", null, Map.of()));
    }

    @Test
    void aListGivesOneDestinationEachInOrder() throws RelayException {
        StreamConfig config = validator.validate(request(
                "[\"rtmp://a.example/live/key-aaaaaaaa\",\"rtmp://b.example/live/key-bbbbbbbb\"]"));
        assertTrue(config.simulcast());
        assertEquals(List.of("key-aaaaaaaa", "key-bbbbbbbb"),
                config.destinations().stream().map(d -> d.streamKey()).toList());
    }

    @Test
    void oneUrlIsTheSeedsStreamAsBefore() throws RelayException {
        StreamConfig config = validator.validate(request("\"rtmp://a.example/live/key-aaaaaaaa\""));
        assertFalse(config.simulcast());
        assertEquals("key-aaaaaaaa", config.destination().streamKey());
    }

    @Test
    void aRefusedDestinationIsNamedByItsPlace() throws RelayException {
        StartRequest request = request("[\"rtmp://a.example/live/key-aaaaaaaa\",\"rtmp://evil.example/live/x\"]");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(request));
        assertEquals(RelayError.RTMP_URL_REJECTED, e.error());
        assertTrue(e.getMessage().startsWith("Destination 2 of 2: "), e.getMessage());
    }

    @Test
    void aBadUrlIsNamedByItsPlaceToo() throws RelayException {
        StartRequest request = request("[\"rtmp://a.example/live/key-aaaaaaaa\",\"rtmp://b.example/live/k\","
                + "\"http://c.example/live/key\"]");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(request));
        assertTrue(e.getMessage().startsWith("Destination 3 of 3: "), e.getMessage());
    }

    @Test
    void moreThanTheServerAllowsIsRefused() throws RelayException {
        StartRequest request = request("[\"rtmp://a.example/l/1\",\"rtmp://a.example/l/2\",\"rtmp://a.example/l/3\","
                + "\"rtmp://a.example/l/4\"]");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(request));
        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains("at most 3 destinations"), e.getMessage());
    }

    @Test
    void theSameDestinationTwiceIsRefused() throws RelayException {
        StartRequest request = request("[\"rtmp://a.example/live/key-aaaaaaaa\",\"rtmp://a.example/live/key-aaaaaaaa\"]");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(request));
        assertTrue(e.getMessage().contains("same as destination 1"), e.getMessage());
    }

    @Test
    void aListMustHoldStringsAndSomething() {
        assertEquals(RelayError.INVALID_PARAMETERS,
                assertThrows(RelayException.class, () -> request("[]")).error());
        assertEquals(RelayError.INVALID_PARAMETERS,
                assertThrows(RelayException.class, () -> request("[\"rtmp://a.example/l/1\", 7]")).error());
        String hundredAndOne = "[" + "\"rtmp://a.example/l/1\",".repeat(100) + "\"rtmp://a.example/l/1\"]";
        assertEquals(RelayError.INVALID_PARAMETERS,
                assertThrows(RelayException.class, () -> request(hundredAndOne)).error());
    }

    @Test
    void aHookAddsADestinationTheClientRuleDoesNotApplyTo() throws RelayException {
        StartRequest request = request("\"rtmp://a.example/live/key-aaaaaaaa\"");
        request.addDestination("rtmp://recording.internal/live/archive");
        StreamConfig config = validator.validate(request);
        assertEquals(2, config.destinations().size());
        assertTrue(request.removeDestination("rtmp://a.example/live/key-aaaaaaaa"));
        assertEquals("archive", validator.validate(request).destination().streamKey());
    }
}
