package io.liverelay.destination.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address rule decides on resolved addresses. Names resolve through a table here, never through DNS,
 * and no socket is opened: a refused destination is proven without sending it anything.
 */
class AddressRuleTest {

    private static final Map<String, String> NAMES = Map.of(
            "ingest.example", "203.0.114.7",
            "rebind.example", "10.1.2.3",
            "two-faced.example", "198.51.99.1,192.168.1.10",
            "metadata.example", "169.254.169.254",
            "v6-private.example", "fd00:ec2::254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String listed = NAMES.get(host);
        if (listed != null) {
            String[] parts = listed.split(",");
            InetAddress[] addresses = new InetAddress[parts.length];
            for (int i = 0; i < parts.length; i++) {
                addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(parts[i]).getAddress());
            }
            return addresses;
        }
        if (Cidr.looksLikeAddress(host)) {
            return new InetAddress[] {InetAddress.getByName(host)}; // a literal: parsed, not looked up
        }
        throw new UnknownHostException(host);
    }

    private static void check(List<String> allowed, String url) throws RelayException {
        new DestinationPolicy(new AddressRule(allowed, AddressRuleTest::resolve)).check(url);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rtmp://127.0.0.1/live/k", "rtmp://127.1/live/k", "rtmp://127.0.0.2:1935/live/k", "rtmp://[::1]/live/k",
        "rtmp://0.0.0.0/live/k", "rtmp://10.0.0.1/live/k", "rtmp://172.16.5.4/live/k", "rtmp://192.168.0.10/live/k",
        "rtmp://100.64.0.1/live/k", "rtmp://169.254.169.254/live/k", "rtmp://[fe80::1]/live/k",
        "rtmp://[fd00:ec2::254]/live/k", "rtmp://[::ffff:10.0.0.1]/live/k", "rtmp://224.0.0.1/live/k",
        "rtmp://255.255.255.255/live/k", "rtmp://240.0.0.1/live/k", "rtmp://rebind.example/live/k",
        "rtmp://metadata.example/live/k", "rtmp://v6-private.example/live/k", "rtmp://two-faced.example/live/k",
        "rtmp://unknown.example/live/k", "rtmp://2130706433/live/k", "rtmp://0x7f.1/live/k",
        "rtmp://0177.0.0.2/live/k", "rtmp://0300.0250.0.1/live/k", "rtmp://010.0.0.1/live/k",
        "rtmp://127.0.0.02/live/k", "rtmp://[::127.0.0.2]/live/k", "rtmp://[::a9fe:a9fe]/live/k"})
    void internalOrUnresolvableDestinationsAreRefused(String url) {
        RelayException e = assertThrows(RelayException.class, () -> check(List.of(), url));
        assertEquals(RelayError.RTMP_URL_REJECTED, e.error());
        assertTrue(e.getMessage().startsWith("RTMP URL rejected: "), e.getMessage());
    }

    /**
     * The browser learns that a destination is refused, never why: "cannot be resolved" against "private" would
     * let a page map the names that exist inside the server's network. The server log keeps the reason.
     */
    @Test
    void anUnknownNameAndAnInternalOneAreRefusedInTheSameWords() {
        String unknown = assertThrows(RelayException.class, () -> check(List.of(), "rtmp://unknown.example/live/k"))
                .getMessage();
        String internal = assertThrows(RelayException.class, () -> check(List.of(), "rtmp://metadata.example/live/k"))
                .getMessage();
        String loopback = assertThrows(RelayException.class, () -> check(List.of(), "rtmp://127.0.0.1/live/k"))
                .getMessage();
        assertEquals(unknown, internal);
        assertEquals(unknown, loopback);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rtmp://ingest.example/live/k", "rtmps://198.51.99.1:443/app/k", "rtmp://[2a00:1450::1]/live/k"})
    void publicDestinationsPass(String url) {
        assertDoesNotThrow(() -> check(List.of(), url));
    }

    @ParameterizedTest(name = "{0} allowed by {1}")
    @CsvSource({
        "rtmp://127.0.0.1:1935/live/k, 127.0.0.1",
        "rtmp://10.20.30.40/live/k, 10.0.0.0/8",
        "rtmp://rebind.example/live/k, rebind.example",
        "rtmp://[::1]/live/k, ::1"})
    void theOperatorMayAllowAnInternalDestination(String url, String allowed) {
        assertDoesNotThrow(() -> check(List.of(allowed), url));
    }

    @ParameterizedTest(name = "{0} not allowed by 127.0.0.1")
    @ValueSource(strings = {"rtmp://127.0.0.2/live/k", "rtmp://[::1]/live/k", "rtmp://10.0.0.1/live/k"})
    void allowingOneLoopbackAddressAllowsNoOther(String url) {
        assertThrows(RelayException.class, () -> check(List.of("127.0.0.1"), url));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rtmp://127.0.0.1/live/k", "rtmp://169.254.169.254/latest/meta-data"})
    void aUrlChosenByTheServerIsTrusted(String url) {
        DestinationPolicy policy = new DestinationPolicy(new AddressRule(List.of(), AddressRuleTest::resolve));
        assertDoesNotThrow(() -> policy.check(url, true));
    }
}
