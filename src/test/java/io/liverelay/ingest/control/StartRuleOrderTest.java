package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ingest.entity.StartRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The seed's rtmpUrlRegexp applies to the browser's URL only, after the hooks, before required values. */
class StartRuleOrderTest {

    private final StartValidator validator = new StartValidator(new DestinationPolicy(),
            Optional.of(Pattern.compile("^rtmps?://live\\.example\\.com/app/")), 5);

    private static StartRequest request(String json) throws RelayException {
        JsonObject config = Json.createReader(new StringReader(json)).readObject();
        return StartValidator.read(config, new StartRequest("id", "127.0.0.1", null, Map.of()));
    }

    @Test
    void aBrowserUrlOutsideTheRuleIsRejected() throws RelayException {
        StartRequest start = request("{\"rtmp\":\"rtmp://elsewhere.example/app/k\",\"framerate\":30,"
                + "\"audioSampleRate\":44100}");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(start));
        assertEquals(RelayError.RTMP_URL_REJECTED, e.error());
    }

    @Test
    void aBrowserUrlInsideTheRuleIsAccepted() throws RelayException {
        StartRequest start = request("{\"rtmp\":\"rtmps://live.example.com/app/k\",\"framerate\":30,"
                + "\"audioSampleRate\":44100}");
        assertEquals("rtmps://live.example.com/app/k", validator.validate(start).destination().secret());
    }

    @Test
    void aHookSetUrlIsTrustedEvenOutsideTheRule() throws RelayException {
        StartRequest start = request("{\"rtmp\":\"rtmp://elsewhere.example/app/k\",\"framerate\":30,"
                + "\"audioSampleRate\":44100}");
        start.setRtmp("rtmp://ingest.internal.example/app/server-key");
        assertEquals("rtmp://ingest.internal.example/app/server-key", validator.validate(start).destination().secret());
    }

    @Test
    void theRuleComesBeforeTheRequiredValues() throws RelayException {
        StartRequest start = request("{\"rtmp\":\"rtmp://elsewhere.example/app/k\"}");
        assertEquals(RelayError.RTMP_URL_REJECTED,
                assertThrows(RelayException.class, () -> validator.validate(start)).error());
    }

    @Test
    void aHookMayFillWhatTheBrowserLeftOut() throws RelayException {
        StartRequest start = request("{}");
        start.setRtmp("rtmp://ingest.internal.example/app/server-key");
        start.setFramerate(25);
        start.setAudioSampleRate(48000);
        assertEquals(25, validator.validate(start).framerate());
    }

    @Test
    void requiredValuesAreNamedWhenNoHookFilledThem() throws RelayException {
        StartRequest start = request("{}");
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(start));
        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertEquals("Invalid start settings: Missing rtmp, framerate, audioSampleRate.", e.getMessage());
    }
}
