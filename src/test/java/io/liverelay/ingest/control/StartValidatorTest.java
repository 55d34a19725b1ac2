package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.ffmpeg.entity.VideoMode;
import io.liverelay.ingest.entity.StartRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartValidatorTest {

    private static final String MINIMAL =
            "{\"rtmp\":\"rtmp://ingest.example/live/abcdefghijkl\",\"framerate\":25,\"audioSampleRate\":48000}";

    private final StartValidator validator = new StartValidator(new DestinationPolicy());

    @Test
    void minimalConfigGetsDefaults() throws RelayException {
        StreamConfig config = validator.validate(json(MINIMAL));

        assertAll(
                () -> assertEquals("rtmp://ingest.example/live/abcdefghijkl", config.destination().secret()),
                () -> assertEquals("abcdefghijkl", config.destination().streamKey()),
                () -> assertEquals("video/webm", config.mimeType()),
                () -> assertEquals(25, config.framerate()),
                () -> assertEquals(48000, config.audioSampleRate()),
                () -> assertEquals(128_000, config.audioBitsPerSecond()),
                () -> assertEquals(2_500_000, config.videoBitsPerSecond()),
                () -> assertEquals(VideoMode.TRANSCODE, config.videoMode()));
    }

    @Test
    void everyFieldIsTaken() throws RelayException {
        StreamConfig config = validator.validate(json("{\"rtmp\":\"rtmps://a.rtmp.youtube.com/live2/abcd-efgh\","
                + "\"mimeType\":\"video/x-matroska;codecs=avc1,opus\",\"framerate\":60,\"audioSampleRate\":44100,"
                + "\"audioBitsPerSecond\":96000,\"videoBitsPerSecond\":6000000}"));

        assertAll(
                () -> assertEquals("rtmps://a.rtmp.youtube.com/live2/abcd-efgh", config.destination().secret()),
                () -> assertEquals("video/x-matroska;codecs=avc1,opus", config.mimeType()),
                () -> assertEquals(60, config.framerate()),
                () -> assertEquals(44100, config.audioSampleRate()),
                () -> assertEquals(96_000, config.audioBitsPerSecond()),
                () -> assertEquals(6_000_000, config.videoBitsPerSecond()),
                () -> assertEquals(VideoMode.COPY, config.videoMode()));
    }

    @Test
    void seedSpellingRtmpUrlIsAccepted() throws RelayException {
        StreamConfig config = validator.validate(
                json("{\"rtmpUrl\":\"rtmp://h/live/key\",\"framerate\":30,\"audioSampleRate\":44100}"));

        assertEquals("rtmp://h/live/key", config.destination().secret());
    }

    @Test
    void rtmpWinsOverRtmpUrl() throws RelayException {
        StreamConfig config = validator.validate(json("{\"rtmp\":\"rtmp://h/live/one\","
                + "\"rtmpUrl\":\"rtmp://h/live/two\",\"framerate\":30,\"audioSampleRate\":44100}"));

        assertEquals("rtmp://h/live/one", config.destination().secret());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                                              | rtmp, framerate, audioSampleRate",
        "{\"framerate\":30,\"audioSampleRate\":48000}                    | rtmp",
        "{\"rtmp\":null,\"framerate\":30,\"audioSampleRate\":48000}      | rtmp",
        "{\"rtmp\":\"rtmp://h/live/k\",\"audioSampleRate\":48000}        | framerate",
        "{\"rtmp\":\"rtmp://h/live/k\",\"framerate\":30}                 | audioSampleRate",
        "{\"rtmp\":\"rtmp://h/live/k\"}                                  | framerate, audioSampleRate"})
    void missingFieldsAreAllNamed(String config, String missing) {
        RelayException e = assertThrows(RelayException.class, () -> validator.validate(json(config)));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains("Missing " + missing + "."), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "framerate          | 0",
        "framerate          | 121",
        "framerate          | -30",
        "framerate          | 0.4",
        "framerate          | 1e400",
        "audioSampleRate    | 7999",
        "audioSampleRate    | 96001",
        "audioBitsPerSecond | 7999",
        "audioBitsPerSecond | 512001",
        "videoBitsPerSecond | 99999",
        "videoBitsPerSecond | 50000001",
        "framerate          | \"30\"",
        "audioSampleRate    | true",
        "audioBitsPerSecond | [128000]",
        "videoBitsPerSecond | {\"max\":1}"})
    void outOfRangeOrWrongTypeIsRefusedByName(String field, String value) {
        JsonObject config = with(field, value);

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains(field + " must be a number from"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "framerate          | 1        | 1",
        "framerate          | 120      | 120",
        "framerate          | 29.97    | 30",
        "audioSampleRate    | 8000     | 8000",
        "audioSampleRate    | 96000    | 96000",
        "audioBitsPerSecond | 8000     | 8000",
        "audioBitsPerSecond | 512000   | 512000",
        "videoBitsPerSecond | 100000   | 100000",
        "videoBitsPerSecond | 50000000 | 50000000"})
    void limitsAreInclusive(String field, String value, int expected) throws RelayException {
        StreamConfig config = validator.validate(with(field, value));

        int actual = switch (field) {
            case "framerate" -> config.framerate();
            case "audioSampleRate" -> config.audioSampleRate();
            case "audioBitsPerSecond" -> config.audioBitsPerSecond();
            default -> config.videoBitsPerSecond();
        };
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtmp", "mimeType"})
    void nonStringTextFieldIsRefusedByName(String field) {
        JsonObject config = with(field, "42");

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains(field + " must be a string"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "video", "video/", "webm", "video/webm codecs=vp8",
        "video/webm;codecs=vp8\n", "video/webm;codecs=vp8<script>", "application/octet-stream"})
    void implausibleMimeTypeIsRefused(String mimeType) {
        JsonObject config = with("mimeType", Json.createValue(mimeType).toString());

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains("mimeType"), e.getMessage());
    }

    @Test
    void aCodecTheRelayDoesNotKnowIsRefusedByName() {
        JsonObject config = with("mimeType", "\"video/webm;codecs=vp8,speex\"");

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains("\"speex\""), e.getMessage());
    }

    @Test
    void overlongMimeTypeIsRefused() {
        JsonObject config = with("mimeType", "\"video/webm;codecs=" + "v".repeat(120) + "\"");

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/webm;codecs=vp8,opus", "video/webm; codecs=\"vp9, opus\"",
        "video/x-matroska;codecs=avc1.42E01F,opus", "video/mp4;codecs=avc1,mp4a.40.2", "VIDEO/WEBM"})
    void recorderMimeTypesAreAccepted(String mimeType) throws RelayException {
        StreamConfig config = validator.validate(with("mimeType", Json.createValue(mimeType).toString()));

        assertEquals(mimeType, config.mimeType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/live/k", "file:/etc/passwd", "rtmp://h", "", "-y"})
    void badUrlIsRejected(String url) {
        JsonObject config = with("rtmp", Json.createValue(url).toString());

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.RTMP_URL_REJECTED, e.error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true  | video/webm;codecs=vp8,opus | false",
        "false | video/webm;codecs=vp8,opus | true",
        "null  | video/webm;codecs=vp8,opus | false",
        "true  | video/webm;codecs=vp8      | true",
        "false | video/webm                 | true",
        "true  | video/webm                 | false"})
    void audioIsReadAndWeighedWithTheMimeType(String audio, String mimeType, boolean silent) throws RelayException {
        JsonObject config = Json.createObjectBuilder(with("audio", audio)).add("mimeType", mimeType).build();

        StreamConfig validated = validator.validate(config);

        assertEquals(!"false".equals(audio), validated.audio(), "absent or null is taken as sound");
        assertEquals(silent, validated.silentAudio());
    }

    @Test
    void withoutAudioTheBrowserSaidNothing() throws RelayException {
        StartRequest request = StartValidator.read(json(MINIMAL), new StartRequest("s", "", null, Map.of()));

        assertEquals(Optional.empty(), request.audio());
        assertTrue(validator.validate(request).audio());
    }

    @Test
    void aHookMayTellThatThereIsNoSound() throws RelayException {
        StartRequest request = StartValidator.read(with("audio", "true"), new StartRequest("s", "", null, Map.of()));
        assertEquals(Optional.of(true), request.audio());

        request.setAudio(false);

        assertTrue(validator.validate(request).silentAudio());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"false\"", "0", "1", "[true]", "{\"on\":true}", "\"yes\""})
    void audioOfAnotherTypeIsRefusedByName(String value) {
        JsonObject config = with("audio", value);

        RelayException e = assertThrows(RelayException.class, () -> validator.validate(config));

        assertEquals(RelayError.INVALID_PARAMETERS, e.error());
        assertTrue(e.getMessage().contains("audio must be true or false"), e.getMessage());
    }

    private static JsonObject with(String field, String jsonValue) {
        return Json.createObjectBuilder(json(MINIMAL)).add(field, json("{\"v\":" + jsonValue + "}").get("v"))
                .build();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
