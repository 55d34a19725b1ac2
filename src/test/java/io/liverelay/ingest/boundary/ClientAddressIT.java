package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liverelay.testsupport.AdminClient;
import io.liverelay.testsupport.RawWebSocket;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The client address header reaches each session through its own handshake, on every server: arquillian.xml
 * trusts 127.0.0.1 as a reverse proxy, and the X-Forwarded-For values are documentation addresses (a header's
 * value, never a destination). A container that shared one map between handshakes would mix them up.
 */
class ClientAddressIT extends DeployedRelay {

    private static final int CONCURRENT = 40;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void handshakesAtTheSameMomentKeepTheirOwnClientAddresses() throws Exception {
        URI ws = RelayDeployment.streamUri(base);
        String origin = "http://127.0.0.1:" + base.getPort();
        Map<String, Integer> expected = new TreeMap<>();
        List<RawWebSocket> held = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<RawWebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                String address = "198.51.100." + (100 + i);
                expected.put(address, 1);
                opening.add(pool.submit(() -> RawWebSocket.open(ws, origin, Map.of("X-Forwarded-For", address))));
            }
            for (Future<RawWebSocket> socket : opening) {
                held.add(socket.get());
                assertEquals(101, held.get(held.size() - 1).status());
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            Map<String, Integer> seen;
            while (!(seen = byAddress()).equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(expected, seen, "connections by client address in the admin API");
        } finally {
            pool.shutdownNow();
            held.forEach(RawWebSocket::close);
        }
    }

    private Map<String, Integer> byAddress() throws Exception {
        HttpResponse<String> response = AdminClient.as(base, AdminClient.ADMIN, AdminClient.ADMIN_PASSWORD)
                .get("api/admin/connections");
        assertEquals(200, response.statusCode());
        Map<String, Integer> count = new TreeMap<>();
        for (JsonValue connection : Json.createReader(new StringReader(response.body())).readArray()) {
            String address = connection.asJsonObject().getString("remoteAddress", "");
            if (address.startsWith("198.51.100.")) { // another test's connection may still be closing
                count.merge(address, 1, Integer::sum);
            }
        }
        return count;
    }
}
