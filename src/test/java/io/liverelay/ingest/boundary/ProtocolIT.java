package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.FfmpegProcesses;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Misuse of the wire protocol gets a named error back, never a stack trace or a silent close. */
class ProtocolIT extends DeployedRelay {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                 | INVALID_MESSAGE",
        "[1,2]                    | INVALID_MESSAGE",
        "{\"kind\":\"start\"}     | INVALID_MESSAGE",
        "{\"type\":\"dance\"}     | UNKNOWN_MESSAGE_TYPE"})
    void aBadTextMessageIsNamedAndTheConnectionStaysUsable(String message, String expected) {
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendText(message);
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals(expected, error.getString("name"));
            assertFalse(error.getBoolean("fatal"));

            client.sendText("{\"type\":\"dance\"}");
            assertEquals("UNKNOWN_MESSAGE_TYPE",
                    client.awaitMessage("error", WAIT).getJsonObject("error").getString("name"),
                    "the connection still answers");
        }
    }

    @Test
    void mediaBeforeStartIsRefusedByName() {
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendBinary(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3});
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("NOT_STARTED", error.getString("name"));
        }
    }

    @Test
    void aSecondStartIsRefusedAndTheFirstStreamGoesOn() throws Exception {
        try (RtmpSink sink = RtmpSink.start(Files.createTempDirectory("sink"), "second-start-key");
                RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            JsonObject config = StreamToRtmpIT.config(sink.url(), MediaFixtures.h264Opus(), 2_500_000);
            client.sendStart(config);
            client.awaitMessage("started", WAIT);
            client.sendStart(config);
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("ALREADY_STARTED", error.getString("name"));
            assertFalse(error.getBoolean("fatal"));
            assertEquals(1, FfmpegProcesses.relayFfmpegs().size(), "one stream, one ffmpeg");
            client.sendStop();
            client.awaitMessage("destroyed", WAIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"framerate\":30,\"audioSampleRate\":44100}                                   | INVALID_PARAMETERS",
        "{\"rtmp\":\"rtmp://127.0.0.1/live/k\",\"framerate\":\"fast\",\"audioSampleRate\":44100} | INVALID_PARAMETERS",
        "{\"rtmp\":\"file:/tmp/x.flv\",\"framerate\":30,\"audioSampleRate\":44100}      | RTMP_URL_REJECTED",
        "{\"rtmp\":\"-y\",\"framerate\":30,\"audioSampleRate\":44100}                   | RTMP_URL_REJECTED"})
    void aBadStartIsFatalByNameAndStartsNoFfmpeg(String config, String expected) {
        try (RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base))) {
            client.sendText("{\"type\":\"start\",\"config\":" + config + "}");
            JsonObject error = client.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals(expected, error.getString("name"));
            assertTrue(error.getBoolean("fatal"));
            client.awaitMessage("destroyed", WAIT);
            assertEquals(1000, client.awaitClose(WAIT));
            assertTrue(client.messages().stream().noneMatch(m -> m.getString("type").equals("started")));
        }
    }

    static JsonObject json(String text) {
        return Json.createReader(new java.io.StringReader(text)).readObject();
    }
}
