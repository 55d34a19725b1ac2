package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.PayaraMicro;
import io.liverelay.testsupport.RawWebSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The relay's default, with {@code relay.ws.allowedOrigins} unset: only its own pages may stream. Every other
 * site's page is refused at the handshake (403) before any stream exists; a client that sends no Origin (not a
 * browser's page) passes. On a Payara Micro of its own, since the Arquillian container sets a list.
 */
class SameOriginIT {

    private static PayaraMicro server;

    @BeforeAll
    static void serverWithTheDefaultRule() throws Exception {
        Map<String, String> options = new HashMap<>(PayaraMicro.arquillianOptions());
        options.remove("relay.ws.allowedOrigins");
        server = PayaraMicro.start(Files.createTempDirectory("same-origin"), options);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "the relay's own page, OWN, 101",
        "no Origin (not a browser's page), , 101",
        "another web site, https://evil.example, 403",
        "the relay's host on another port, http://127.0.0.1:1, 403",
        "another loopback name, http://localhost:PORT, 403",
        "a sandboxed frame, null, 403"})
    void onlyTheRelaysOwnPagesMayOpenTheStream(String who, String origin, int status) {
        int port = server.baseUri().getPort();
        String own = "http://127.0.0.1:" + port;
        String sent = origin == null ? null : origin.replace("OWN", own).replace("PORT", Integer.toString(port));

        try (RawWebSocket socket = RawWebSocket.open(URI.create("ws://127.0.0.1:" + port + "/relay/stream"), sent)) {
            assertEquals(status, socket.status(), who);
            if (status == 101) {
                socket.sendText("{\"type\":\"rewind\"}");
                assertEquals("UNKNOWN_MESSAGE_TYPE", socket.awaitMessage("error", Duration.ofSeconds(10))
                        .getJsonObject("error").getString("name"), "the relay answers on an accepted socket");
            }
        }
        assertTrue(server.log().contains("only pages of the relay's own origin may stream"), "the log says the rule");
    }
}
