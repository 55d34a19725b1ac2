package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connections are bounded per client address and in total: the one past a limit hears a named error and is
 * closed, starts no ffmpeg and takes no slot; a closed connection makes room again at once.
 */
class ConnectionLimitsTest {

    @Test
    void oneAddressGetsNoMoreThanItsShareAndOtherAddressesStillConnect() throws InterruptedException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxConnectionsPerAddress", "3"))) {
            List<FakeSession> mine = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                mine.add(relay.connect("203.0.113.5"));
            }
            mine.forEach(session -> assertTrue(session.isOpen()));

            FakeSession fourth = relay.connect("203.0.113.5");
            awaitRefused(relay, fourth, "TOO_MANY_CONNECTIONS", CloseCodes.VIOLATED_POLICY);
            assertEquals(0, relay.processes.size(), "a refused connection starts no ffmpeg");
            assertEquals(3, relay.registry.streams().size());

            FakeSession neighbour = relay.connect("203.0.113.6");
            assertTrue(neighbour.isOpen(), "another address is not affected");

            mine.get(0).close(new jakarta.websocket.CloseReason(CloseCodes.NORMAL_CLOSURE, "bye"));
            awaitOrDump(() -> relay.registry.streams().size() == 3, "the closed connection is gone");
            FakeSession again = relay.connect("203.0.113.5");
            assertTrue(again.isOpen(), "a closed connection frees its place at once");
            assertEquals(0, again.count("\"error\""));
        }
    }

    @Test
    void theServerAsAWholeHoldsNoMoreThanItsTotal() throws InterruptedException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxConnections", "4"))) {
            for (int i = 0; i < 4; i++) {
                assertTrue(relay.connect("198.51.100." + (i + 1)).isOpen());
            }
            FakeSession fifth = relay.connect("198.51.100.9");
            awaitRefused(relay, fifth, "SERVER_BUSY", CloseCodes.TRY_AGAIN_LATER);
            assertEquals(4, relay.registry.streams().size());
        }
    }

    @Test
    void everyIpv6AddressOfOneSlash64CountsAsOneClient() throws InterruptedException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxConnectionsPerAddress", "2"))) {
            relay.connect("2001:db8:1:2::1");
            relay.connect("2001:db8:1:2:ffff::7");
            awaitRefused(relay, relay.connect("2001:db8:1:2:abcd::9"), "TOO_MANY_CONNECTIONS",
                    CloseCodes.VIOLATED_POLICY);
            assertTrue(relay.connect("2001:db8:1:3::1").isOpen(), "the next /64 is someone else");
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsCounted() throws InterruptedException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxConnectionsPerAddress", "1",
                "relay.ws.trustedProxies", "127.0.0.1"))) {
            assertTrue(relay.connect("127.0.0.1", "203.0.113.5").isOpen());
            assertTrue(relay.connect("127.0.0.1", "203.0.113.6").isOpen(), "one proxy, two clients");
            awaitRefused(relay, relay.connect("127.0.0.1", "203.0.113.5"), "TOO_MANY_CONNECTIONS",
                    CloseCodes.VIOLATED_POLICY);
            assertEquals("203.0.113.6", relay.registry.streams().get(1).status().remoteAddress());
        }
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddressWithAHeader() throws InterruptedException {
        try (RelayUnderTest relay = new RelayUnderTest(Map.of("relay.ws.maxConnectionsPerAddress", "1",
                "relay.ws.trustedProxies", "10.0.0.1"))) {
            assertTrue(relay.connect("203.0.113.5", "198.51.100.1").isOpen());
            awaitRefused(relay, relay.connect("203.0.113.5", "198.51.100.2"), "TOO_MANY_CONNECTIONS",
                    CloseCodes.VIOLATED_POLICY);
            assertEquals("203.0.113.5", relay.registry.streams().get(0).status().remoteAddress());
        }
    }

    /**
     * The refused connection hears why at once, but is not closed from inside the open (on Payara that lost the
     * next connection's messages): its next message closes it, or the container after a short silence.
     */
    private void awaitRefused(RelayUnderTest relay, FakeSession session, String error, CloseCodes code)
            throws InterruptedException {
        awaitOrDump(() -> session.count("\"" + error + "\"") == 1, "the connection past the limit hears " + error);
        assertTrue(session.sent().get(0).contains("\"fatal\":true"), session.sent()::toString);
        Thread.sleep(200);
        assertTrue(session.isOpen(), "not closed inside the open nor right after its error");
        assertEquals(StreamRegistry.REFUSED_LINGER_MS, session.maxIdleTimeout(), "the container closes it if silent");
        relay.text(session, RelayUnderTest.start()); // ignored: it starts nothing
        awaitOrDump(() -> !session.isOpen(), "a refused connection that sends is closed");
        assertEquals(code.getCode(), session.closeReason().getCloseCode().getCode());
        assertEquals(1, session.sent().size(), "nothing but the error: " + session.sent());
    }
}
