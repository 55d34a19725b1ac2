package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ingest.entity.ClientMessage;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageParserTest {

    @Test
    void startWithConfig() throws RelayException {
        ClientMessage message = MessageParser.parse(
                "{\"type\":\"start\",\"config\":{\"rtmp\":\"rtmp://h/live/k\",\"framerate\":25}}");

        var start = assertInstanceOf(ClientMessage.Start.class, message);
        assertEquals("rtmp://h/live/k", start.config().getString("rtmp"));
        assertEquals(25, start.config().getInt("framerate"));
        assertEquals(2, start.config().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"start\"}", "{\"type\":\"start\",\"config\":null}"})
    void startWithoutConfigHasAnEmptyConfig(String text) throws RelayException {
        var start = assertInstanceOf(ClientMessage.Start.class, MessageParser.parse(text));

        assertTrue(start.config().isEmpty(), start.config().toString());
    }

    @Test
    void stop() throws RelayException {
        assertInstanceOf(ClientMessage.Stop.class, MessageParser.parse("{\"type\":\"stop\"}"));
    }

    @Test
    void pauseAndResume() throws RelayException {
        assertInstanceOf(ClientMessage.Pause.class, MessageParser.parse("{\"type\":\"pause\"}"));
        assertInstanceOf(ClientMessage.Resume.class, MessageParser.parse("{\"type\":\"resume\"}"));
    }

    @Test
    void aResumeWithATokenCarriesOnALostStreamAndNeverPrintsTheToken() throws RelayException {
        var reattach = assertInstanceOf(ClientMessage.Reattach.class, MessageParser.parse(
                "{\"type\":\"resume\",\"id\":\"abc\",\"token\":\"secret-token\",\"mimeType\":\"video/webm\"}"));
        assertEquals("abc", reattach.id());
        assertEquals("secret-token", reattach.token());
        assertEquals("video/webm", reattach.mimeType());
        assertFalse(reattach.toString().contains("secret-token"), reattach.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"resume\",\"token\":\"t\"}", "{\"type\":\"resume\",\"id\":\"a\",\"token\":1}",
        "{\"type\":\"resume\",\"id\":\"\",\"token\":\"t\"}", "{\"type\":\"resume\",\"id\":\"a\",\"token\":null}"})
    void aResumeWithoutAUsableIdOrTokenIsRefusedByName(String text) {
        RelayException refused = assertThrows(RelayException.class, () -> MessageParser.parse(text));
        assertEquals(RelayError.RESUME_FAILED, refused.error());
    }

    @Test
    void unknownTypeIsEchoed() {
        RelayException e = assertThrows(RelayException.class, () -> MessageParser.parse("{\"type\":\"rewind\"}"));

        assertEquals(RelayError.UNKNOWN_MESSAGE_TYPE, e.error());
        assertTrue(e.getMessage().contains("'rewind'"), e.getMessage());
        assertTrue(e.getMessage().contains("'pause' or 'resume'"), e.getMessage());
    }

    @Test
    void longUnknownTypeIsShortenedTo32Characters() {
        String name = "0123456789abcdefghijklmnopqrstuvWXYZ-this-part-is-never-echoed";

        RelayException e = assertThrows(RelayException.class,
                () -> MessageParser.parse("{\"type\":\"" + name + "\"}"));

        assertEquals(RelayError.UNKNOWN_MESSAGE_TYPE, e.error());
        assertTrue(e.getMessage().contains("'0123456789abcdefghijklmnopqrstuv…'"), e.getMessage());
        assertFalse(e.getMessage().contains("WXYZ"), e.getMessage());
        assertFalse(e.getMessage().contains("never-echoed"), e.getMessage());
    }

    @Test
    void typeOfExactly32CharactersIsEchoedWhole() {
        String name = "x".repeat(32);

        RelayException e = assertThrows(RelayException.class,
                () -> MessageParser.parse("{\"type\":\"" + name + "\"}"));

        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertFalse(e.getMessage().contains("…"), e.getMessage());
    }

    @Test
    void controlCharactersAreNotEchoed() {
        RelayException e = assertThrows(RelayException.class,
                () -> MessageParser.parse("{\"type\":\"a\\nb\\u0000c\"}"));

        assertEquals(RelayError.UNKNOWN_MESSAGE_TYPE, e.error());
        assertTrue(e.getMessage().contains("'a?b?c'"), e.getMessage());
    }

    @Test
    void typeIsCaseSensitive() {
        RelayException e = assertThrows(RelayException.class, () -> MessageParser.parse("{\"type\":\"START\"}"));

        assertEquals(RelayError.UNKNOWN_MESSAGE_TYPE, e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{",
        "{\"type\":",
        "{type:\"stop\"}",
        "[{\"type\":\"stop\"}]",
        "[]",
        "42",
        "\"stop\"",
        "null",
        "{}",
        "{\"kind\":\"stop\"}",
        "{\"type\":1}",
        "{\"type\":null}",
        "{\"type\":[\"stop\"]}",
        "{\"type\":{\"name\":\"stop\"}}",
        "{\"type\":\"start\",\"config\":\"rtmp://h/live/k\"}",
        "{\"type\":\"start\",\"config\":[]}",
        "{\"type\":\"start\",\"config\":5}"})
    void invalidMessage(String text) {
        RelayException e = assertThrows(RelayException.class, () -> MessageParser.parse(text));

        assertEquals(RelayError.INVALID_MESSAGE, e.error(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"stop\"} x", "{\"type\":\"stop\"}{\"type\":\"start\"}"})
    void trailingTextIsInvalid(String text) {
        RelayException e = assertThrows(RelayException.class, () -> MessageParser.parse(text));

        assertEquals(RelayError.INVALID_MESSAGE, e.error());
    }
}
