package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.config.control.Settings;
import io.liverelay.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTMPS trust is read once per application, and a bundle it cannot read stops the start-up by its name. */
class RtmpsTrustTest {

    @TempDir
    Path dir;

    @Test
    void everyStartGetsTheFactoryBuiltOnce() {
        Path ca = TestCertificates.create(dir).caCertificate();
        RtmpsTrust trust = trust(Map.of("relay.tls.caFile", ca.toString()));
        SSLSocketFactory first = trust.factory().orElseThrow();
        assertSame(first, trust.factory().orElseThrow(), "the same factory, not the bundle parsed again");
        assertNotSame(first, trust(Map.of("relay.tls.caFile", ca.toString())).factory().orElseThrow(),
                "one per application: another application builds its own");
    }

    @Test
    void withCheckingOffEveryStartGetsTheSameUncheckedFactory() {
        RtmpsTrust trust = trust(Map.of("relay.tls.verify", "false"));
        assertSame(trust.factory().orElseThrow(), trust.factory().orElseThrow());
    }

    @Test
    void aBundleWithoutCertificatesFailsTheStartUpByTheOptionsName() throws Exception {
        Path garbage = Files.writeString(dir.resolve("not-pem.crt"), "not a certificate\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trust(Map.of("relay.tls.caFile", garbage.toString())));
        assertTrue(e.getMessage().startsWith("relay.tls.caFile:"), e.getMessage());
    }

    private static RtmpsTrust trust(Map<String, String> options) {
        RelayConfig config = new RelayConfig();
        config.read(new Settings(options::get, name -> null));
        RtmpsTrust trust = new RtmpsTrust();
        trust.config = config;
        trust.init();
        return trust;
    }
}
