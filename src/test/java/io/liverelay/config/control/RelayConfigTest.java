package io.liverelay.config.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.config.entity.AacCoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    static RelayConfig config(Map<String, String> values) {
        RelayConfig config = new RelayConfig();
        config.read(new Settings(values::get, name -> null));
        return config;
    }

    @Test
    void defaultsAreSafe() {
        RelayConfig config = config(Map.of());
        assertEquals(50, config.maxFfmpegInstances());
        assertTrue(config.rtmpUrlRegexp().isEmpty());
        assertEquals(List.of(), config.allowedOrigins());
        assertEquals(Duration.ofSeconds(300), config.idleTimeout());
        assertEquals("info", config.serverLogLevel());
        assertEquals(false, config.sendErrorDetails());
        assertEquals(false, config.sendFfmpegOutput());
    }

    @Test
    void certificatesAreCheckedByDefaultAgainstTheSystemsAuthorities() {
        RelayConfig config = config(Map.of());

        assertTrue(config.tlsVerify());
        assertEquals(TrustedAuthorities.systemBundle(), config.tlsCaFile());
        assertTrue(config.tlsCaFile().isPresent(), "Debian keeps its bundle in /etc/ssl/certs");
    }

    @Test
    void aCaFileThatCannotBeReadFailsTheDeployment() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("relay.tls.caFile", "/nonexistent/ca.pem")));

        assertTrue(e.getMessage().contains("relay.tls.caFile"), e.getMessage());
    }

    @Test
    void originsAreAListWithoutBlanks() {
        RelayConfig config = config(Map.of("relay.ws.allowedOrigins", " https://a.example , ,https://b.example"));
        assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
    }

    @Test
    void aBrokenRegexpStopsTheDeploymentNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("relay.rtmpUrlRegexp", "^rtmp://(")));
        assertTrue(e.getMessage().contains("relay.rtmpUrlRegexp"), e.getMessage());
    }

    @Test
    void theAacCoderIsFastUnlessTwoloopIsAskedAndNothingElseIsTaken() {
        assertEquals(AacCoder.FAST, config(Map.of()).aacCoder());
        assertEquals(AacCoder.TWOLOOP, config(Map.of("relay.audio.aacCoder", "twoloop")).aacCoder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("relay.audio.aacCoder", "anmr")));
        assertTrue(e.getMessage().contains("relay.audio.aacCoder"), e.getMessage());
    }

    @Test
    void theSeedsLogLevelNamesMapOntoJavaLogging() {
        assertEquals(Level.FINEST, ServerLogLevel.parse("silly"));
        assertEquals(Level.FINE, ServerLogLevel.parse("debug"));
        assertEquals(Level.WARNING, ServerLogLevel.parse("WARN"));
        assertEquals(Level.SEVERE, ServerLogLevel.parse("fatal"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerLogLevel.parse("loud"));
        assertTrue(e.getMessage().contains("relay.serverLogs.minLevel"), e.getMessage());
        ServerLogLevel.apply("error");
        assertEquals(Level.SEVERE, Logger.getLogger("io.liverelay").getLevel());
        ServerLogLevel.apply("info");
        assertEquals(Level.INFO, Logger.getLogger("io.liverelay").getLevel());
    }
}
