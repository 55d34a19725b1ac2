package io.liverelay.monitoring.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who reads /metrics without logging in: no socket, no DNS. */
class MetricsAccessTest {

    @Test
    void nobodyByDefault() {
        MetricsAccess closed = new MetricsAccess(List.of());
        assertFalse(closed.open("127.0.0.1"));
        assertFalse(closed.open("10.0.0.5"));
    }

    @Test
    void listedAddressesAndRangesOnly() {
        MetricsAccess prometheus = new MetricsAccess(List.of("10.1.0.0/16", "::1"));
        assertTrue(prometheus.open("10.1.2.3"));
        assertTrue(prometheus.open("0:0:0:0:0:0:0:1"));
        assertFalse(prometheus.open("10.2.0.1"));
        assertFalse(prometheus.open("127.0.0.1"), "loopback is not special");
        assertFalse(prometheus.open("localhost"), "a name is never resolved");
        assertFalse(prometheus.open("unknown"));
    }

    @Test
    void aWrongEntryNamesTheOption() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new MetricsAccess(List.of("prometheus.internal")));
        assertTrue(wrong.getMessage().contains("relay.metrics.allowedAddresses"), wrong.getMessage());
    }
}
