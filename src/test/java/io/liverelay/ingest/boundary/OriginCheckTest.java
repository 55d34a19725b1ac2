package io.liverelay.ingest.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    private static final List<String> ALLOWED = List.of("https://example.com", "http://127.0.0.1:8080");

    @Test
    void withoutAListEveryOriginMayConnect() {
        assertTrue(OriginCheck.allowed(List.of(), "https://anywhere.example"));
        assertTrue(OriginCheck.allowed(List.of(), null));
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
}
