package io.liverelay.hostile;

import static io.liverelay.hostile.Harness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.RawWebSocket;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Connection limits on the deployed WAR. arquillian.xml trusts 127.0.0.1 as a reverse proxy, so a test names
 * the client address in X-Forwarded-For (documentation addresses: a header's value, never a destination).
 */
final class ConnectionCases {

    /** relay.ws.maxConnectionsPerAddress in arquillian.xml. */
    static final int PER_ADDRESS = 30;

    private ConnectionCases() {
    }

    /**
     * One address opens as many connections as it may, then one more: that one hears TOO_MANY_CONNECTIONS and
     * is closed with 1008 once it sends (or by the container when it stays silent), a neighbour still connects, and a closed connection makes room again.
     */
    static void oneAddressPastItsLimit(Harness h) throws Exception {
        String address = "198.51.100.77";
        List<RawWebSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(open(h, address));
            }
            awaitFrom(h, Map.of(address, PER_ADDRESS));

            try (RawWebSocket over = open(h, address)) {
                JsonObject error = over.awaitMessage("error", WAIT);
                assertTrue(error != null, "the connection past the limit hears why");
                assertEquals("TOO_MANY_CONNECTIONS", error.getJsonObject("error").getString("name"));
                assertTrue(error.getJsonObject("error").getBoolean("fatal"));
                over.sendText(Churn.start(h.nowhere())); // as a browser does right after opening
                assertNull(over.nextMessage(WAIT));
                assertEquals(1008, over.closeCode(), "a refused connection that sends is closed");
            }
            try (RawWebSocket silent = open(h, address)) {
                assertTrue(silent.awaitMessage("error", WAIT) != null, "the connection past the limit hears why");
                long waiting = System.nanoTime();
                assertNull(silent.nextMessage(WAIT));
                assertTrue(System.nanoTime() - waiting < WAIT.toNanos(),
                        "a refused connection that says nothing is closed by the container");
            }
            held.add(open(h, "198.51.100.78"));
            awaitFrom(h, Map.of(address, PER_ADDRESS, "198.51.100.78", 1));

            held.remove(0).close();
            awaitFrom(h, Map.of(address, PER_ADDRESS - 1, "198.51.100.78", 1));
            held.add(open(h, address));
            awaitFrom(h, Map.of(address, PER_ADDRESS, "198.51.100.78", 1));
        } finally {
            held.forEach(RawWebSocket::close);
        }
        awaitFrom(h, Map.of());
    }

    private static RawWebSocket open(Harness h, String address) {
        RawWebSocket ws = RawWebSocket.open(h.ws, "http://127.0.0.1:" + h.ws.getPort(),
                Map.of("X-Forwarded-For", address));
        assertEquals(101, ws.status());
        return ws;
    }

    /** Waits until the admin API lists exactly these connections from 198.51.100.0/24 (the canary is elsewhere). */
    private static void awaitFrom(Harness h, Map<String, Integer> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> seen;
        while (!(seen = fromDocumentationRange(h)).equals(new TreeMap<>(expected))
                && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofMillis(200));
        }
        assertEquals(new TreeMap<>(expected), seen, "connections by client address in the admin API");
    }

    /** Waits until the admin API lists {@code count} connections from {@code address}. */
    static void awaitFrom(Harness h, String address, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen;
        while ((seen = from(h, address)) != count && System.nanoTime() < deadline) {
            Harness.pause(Duration.ofMillis(200));
        }
        assertEquals(count, seen, "connections from " + address + " in the admin API (refused ones are not listed)");
    }

    private static long from(Harness h, String address) throws Exception {
        return AdminApi.connections(h.base).stream()
                .filter(c -> address.equals(c.asJsonObject().getString("remoteAddress", ""))).count();
    }

    private static Map<String, Integer> fromDocumentationRange(Harness h) throws Exception {
        return AdminApi.connections(h.base).stream().map(JsonValue::asJsonObject)
                .map(c -> c.getString("remoteAddress", "")).filter(a -> a.startsWith("198.51.100."))
                .collect(Collectors.toMap(Function.identity(), a -> 1, Integer::sum, TreeMap::new));
    }
}
