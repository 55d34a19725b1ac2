package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client address policy on plain strings: no socket, no DNS. */
class ClientAddressTest {

    private final ClientAddress none = new ClientAddress(List.of());
    private final ClientAddress behindNginx = new ClientAddress(List.of("10.0.0.0/8", "127.0.0.1"));

    @Test
    void withoutTrustedProxiesTheHeaderMeansNothing() {
        assertEquals("203.0.113.5", none.resolve("203.0.113.5", "198.51.100.1"));
        assertEquals("127.0.0.1", none.resolve("127.0.0.1", "198.51.100.1"));
    }

    @Test
    void aPeerThatIsNoTrustedProxyKeepsItsOwnAddress() {
        assertEquals("203.0.113.5", behindNginx.resolve("203.0.113.5", "198.51.100.1"));
        assertEquals("unknown", behindNginx.resolve("unknown", "198.51.100.1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "198.51.100.1|198.51.100.1",
        // what a client wrote itself is left of what the proxy appended: never reached
        "6.6.6.6, 198.51.100.1|198.51.100.1",
        // a chain of trusted proxies is walked past
        "198.51.100.1, 10.1.2.3|198.51.100.1",
        "6.6.6.6, 198.51.100.1, 10.1.2.3, 10.9.9.9|198.51.100.1",
        // ports and brackets, as some proxies write them
        "198.51.100.1:4711|198.51.100.1",
        "[2001:db8::7]:4711|2001:db8:0:0:0:0:0:7",
        "2001:db8::7|2001:db8:0:0:0:0:0:7",
        // garbage on the right: the proxy's own address is all that is known
        "not-an-address|127.0.0.1",
        "198.51.100.1, evil.example|127.0.0.1",
        "''|127.0.0.1",
        // garbage further left is never read
        "evil.example, 198.51.100.1|198.51.100.1",
        // only trusted proxies: the leftmost of them
        "10.1.2.3, 10.4.5.6|10.1.2.3",
        // a name is never resolved, a short form of IPv4 is no address
        "localhost|127.0.0.1",
        "1.2.3|127.0.0.1"})
    void behindATrustedProxyTheRightmostUntrustedEntryIsTheClient(String header, String client) {
        assertEquals(client, behindNginx.resolve("127.0.0.1", header));
    }

    @Test
    void noHeaderFromATrustedProxyIsTheProxyItself() {
        assertEquals("10.1.2.3", behindNginx.resolve("10.1.2.3", null));
    }

    @Test
    void aWrongEntryNamesTheOption() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new ClientAddress(List.of("proxy.internal")));
        assertTrue(wrong.getMessage().contains("relay.ws.trustedProxies"), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("proxy.internal"), wrong.getMessage());
    }

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource({
        "203.0.113.5, 203.0.113.5",
        "2001:db8:1:2::1, 2001:db8:1:2::/64",
        "2001:db8:1:2:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
        "::ffff:203.0.113.5, 203.0.113.5"})
    void theLimitCountsAnIpv4AddressOrAnIpv6Slash64(String address, String key) {
        assertEquals(key, ClientAddress.limitKey(address));
    }

    @Test
    void anUnknownAddressIsCountedOnlyInTheTotal() {
        assertNull(ClientAddress.limitKey("unknown"));
    }
}
