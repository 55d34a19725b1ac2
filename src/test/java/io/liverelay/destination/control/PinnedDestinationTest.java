package io.liverelay.destination.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The address that passed the rule is the one ffmpeg connects to; the name stays for RTMP's tcUrl and for TLS.
 * Names resolve through a table that can change its answer between two look-ups, as a rebinding DNS server
 * would; no DNS query, no socket.
 */
class PinnedDestinationTest {

    private final List<Map<String, String>> answers = new ArrayList<>();

    private InetAddress[] resolve(String host) throws UnknownHostException {
        String address = answers.isEmpty() ? null : answers.remove(0).get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
    }

    private DestinationPolicy policy(List<String> allowed) {
        return new DestinationPolicy(new AddressRule(allowed, this::resolve));
    }

    @Test
    void ffmpegGetsTheAddressThatPassedAndTheNameStaysInTheTcUrl() throws RelayException {
        answers.add(Map.of("live.example", "203.0.114.7"));

        Destination destination = policy(List.of()).check("rtmp://live.example/app/SECRET-KEY");

        assertEquals("rtmp://203.0.114.7/app/SECRET-KEY", destination.secret());
        assertEquals("rtmp://live.example:1935/app", destination.tcUrl());
        assertEquals("live.example", destination.host());
    }

    @Test
    void aNameThatPointsInsideBeforeAReconnectIsRefusedThen() throws RelayException {
        answers.add(Map.of("rebind.example", "198.51.99.20"));
        answers.add(Map.of("rebind.example", "127.0.0.1"));
        DestinationPolicy policy = policy(List.of());

        assertEquals("rtmp://198.51.99.20/live/k", policy.check("rtmp://rebind.example/live/k").secret());
        RelayException again = assertThrows(RelayException.class, () -> policy.check("rtmp://rebind.example/live/k"));
        assertEquals(RelayError.RTMP_URL_REJECTED, again.error());
    }

    @Test
    void anAllowedOrTrustedNameIsPinnedToo() throws RelayException {
        answers.add(Map.of("localhost", "127.0.0.1"));
        answers.add(Map.of("hook.example", "10.0.0.5"));

        assertEquals("rtmps://127.0.0.1:1936/live/k", policy(List.of("localhost")).check("rtmps://localhost:1936/live/k")
                .secret());
        assertEquals("rtmp://10.0.0.5/live/k", policy(List.of()).check("rtmp://hook.example/live/k", true).secret());
    }

    @Test
    void ipv6IsWrittenInBrackets() throws RelayException {
        answers.add(Map.of("v6.example", "2001:db8::7"));

        Destination destination = policy(List.of("2001:db8::/32")).check("rtmps://v6.example:443/live/k?x=1");

        assertEquals("rtmps://[2001:db8:0:0:0:0:0:7]:443/live/k?x=1", destination.secret());
        assertEquals("rtmps://v6.example:443/live", destination.tcUrl());
    }

    @ParameterizedTest
    @CsvSource({
        "rtmp://h/live/key, rtmp://h:1935/live",
        "rtmps://h/live2/key, rtmps://h:443/live2",
        "rtmp://h:1940/app/instance/key, rtmp://h:1940/app/instance",
        "rtmp://h/app/mp4:key/more, rtmp://h:1935/app",
        "rtmp://h/onlyapp, rtmp://h:1935/"})
    void theTcUrlNamesTheApplicationAsFfmpegSplitsThePath(String url, String tcUrl) {
        assertEquals(tcUrl, new Destination(java.net.URI.create(url), "").tcUrl());
    }
}
