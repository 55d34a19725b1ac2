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
import java.util.ArrayList;
import java.util.List;
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

    /**
     * relay.maxTranscodes is 2 in arquillian.xml. The streams get no media, so each ffmpeg waits on its input
     * and never reaches the (absent) RTMP server.
     */
    @Test
    void transcodesPastTheirLimitAreRefusedByNameWhileCopiesStillStart() throws Exception {
        String nowhere = "rtmp://127.0.0.1:" + closedPort() + "/live/limit-key";
        JsonObject vp8 = StreamToRtmpIT.config(nowhere, MediaFixtures.vp8Opus(), 1_000_000);
        List<RelayClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                clients.add(started(vp8, "transcode"));
            }
            RelayClient third = connect(clients);
            third.sendStart(vp8);
            JsonObject error = third.awaitMessage("error", WAIT).getJsonObject("error");
            assertEquals("TOO_MANY_STREAMS", error.getString("name"));
            assertTrue(error.getBoolean("fatal"));
            assertTrue(error.getString("message").contains("limit of 2 streams it must re-encode"),
                    error.getString("message"));
            third.awaitMessage("destroyed", WAIT);

            clients.add(started(StreamToRtmpIT.config(nowhere, MediaFixtures.h264Opus(), 1_000_000), "copy"));
            assertEquals(3, FfmpegProcesses.relayFfmpegs().size(), "two transcodes and a copy, nothing else");

            RelayClient first = clients.remove(0);
            first.sendStop();
            first.awaitMessage("destroyed", WAIT);
            first.close();
            clients.add(started(vp8, "transcode")); // the ended stream gave its transcode slot back
        } finally {
            clients.forEach(RelayClient::close);
        }
        FfmpegProcesses.awaitNone(WAIT);
    }

    private RelayClient started(JsonObject config, String mode) {
        RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base));
        client.sendStart(config);
        assertEquals(mode, client.awaitMessage("started", WAIT).getString("mode"));
        return client;
    }

    private RelayClient connect(List<RelayClient> opened) {
        RelayClient client = RelayClient.connect(RelayDeployment.streamUri(base));
        opened.add(client);
        return client;
    }

    private static int closedPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static JsonObject json(String text) {
        return Json.createReader(new java.io.StringReader(text)).readObject();
    }
}
