package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    private static final List<String> ALLOWED = List.of("https://example.com", "http://127.0.0.1:8080");

    @Test
    void withoutAListTheHandshakeLeavesOriginsToTheSameOriginFilterAndAStarLetsEveryOneIn() {
        assertTrue(OriginCheck.allowed(List.of(), "https://anywhere.example"), "SameOriginFilter decides");
        assertTrue(OriginCheck.allowed(List.of("*"), "https://anywhere.example"));
        assertTrue(OriginCheck.allowed(List.of("*"), null));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "http://127.0.0.1:8080, http, 127.0.0.1:8080",
        "https://relay.example, https, relay.example",
        "https://relay.example:443, https, relay.example",
        "https://relay.example, https, relay.example:443",
        "http://RELAY.example, http, relay.EXAMPLE",
        "http://[::1]:8080, http, [::1]:8080",
        "https://relay.example, wss, relay.example"})
    void byDefaultThePageMustComeFromWhereTheRequestWasSent(String origin, String scheme, String host) {
        assertTrue(OriginCheck.sameOrigin(origin, scheme, host));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "https://evil.example, https, relay.example",
        "http://relay.example, https, relay.example",
        "https://relay.example:8443, https, relay.example",
        "http://127.0.0.1:8081, http, 127.0.0.1:8080",
        "https://relay.example.evil.example, https, relay.example",
        "null, https, relay.example",
        "http://localhost:8080, http, 127.0.0.1:8080"})
    void aPageOfAnyOtherOriginIsNotTheRelaysOwn(String origin, String scheme, String host) {
        assertFalse(OriginCheck.sameOrigin(origin, scheme, host));
        assertFalse(OriginCheck.sameOrigin(origin, scheme, ""));
    }

    @Test
    void aListedOriginMayConnect() {
        assertTrue(OriginCheck.allowed(ALLOWED, "https://example.com"));
        assertTrue(OriginCheck.allowed(ALLOWED, "http://127.0.0.1:8080"));
    }

    @Test
    void aPortWildcardAllowsAnyPortOfThatSchemeAndHostOnly() {
        List<String> local = List.of("http://127.0.0.1:*");
        assertTrue(OriginCheck.allowed(local, "http://127.0.0.1:8080"));
        assertTrue(OriginCheck.allowed(local, "http://127.0.0.1:49152"));
        assertFalse(OriginCheck.allowed(local, "http://127.0.0.1"));
        assertFalse(OriginCheck.allowed(local, "http://127.0.0.1:80.evil.example"));
        assertFalse(OriginCheck.allowed(local, "https://127.0.0.1:8080"));
        assertFalse(OriginCheck.allowed(local, "http://127.0.0.10:8080"));
    }

    @Test
    void anythingElseIsRefusedIncludingLookAlikes() {
        assertFalse(OriginCheck.allowed(ALLOWED, null), "no Origin header");
        assertFalse(OriginCheck.allowed(ALLOWED, "https://evil.example"));
        assertFalse(OriginCheck.allowed(ALLOWED, "https://example.com.evil.example"));
        assertFalse(OriginCheck.allowed(ALLOWED, "http://example.com"), "scheme counts");
        assertFalse(OriginCheck.allowed(ALLOWED, "http://127.0.0.1:8081"), "port counts");
        assertFalse(OriginCheck.allowed(ALLOWED, "null"));
    }

    @Test
    void theClientAddressHeaderIsFoundInAnyCaseAndEveryLineCounts() {
        Map<String, List<String>> headers = Map.of("x-forwarded-for", List.of("6.6.6.6", "198.51.100.1"),
                "Host", List.of("127.0.0.1"));
        assertEquals("6.6.6.6,198.51.100.1", OriginCheck.header(headers, "X-Forwarded-For"));
        assertNull(OriginCheck.header(headers, "X-Real-IP"));
    }
}
