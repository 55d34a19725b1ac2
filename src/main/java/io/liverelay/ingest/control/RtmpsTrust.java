package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.rtmp.control.RtmpTls;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How every RTMPS destination checks its server's certificate, built once per application: reading the
 * authorities (the system's bundle holds some 150) for each start cost every start the same parsing. A bundle
 * that cannot be read fails the deployment with the option's name, as an unreadable file already does.
 */
@ApplicationScoped
public class RtmpsTrust {

    @Inject
    RelayConfig config;

    private SSLSocketFactory factory;

    @PostConstruct
    void init() {
        factory = build(config.tlsVerify(), config.tlsCaFile());
    }

    /**
     * The factory for every RTMPS connection: the operator's authorities ({@code relay.tls.caFile}), or, only
     * when the operator turned checking off, one that trusts any certificate. Empty when checking is on and there
     * are no authorities to check against: such starts are refused.
     */
    public Optional<SSLSocketFactory> factory() {
        return Optional.ofNullable(factory);
    }

    private static SSLSocketFactory build(boolean verify, Optional<String> caFile) {
        try {
            if (!verify) {
                return RtmpTls.unverified();
            }
            return caFile.isEmpty() ? null : RtmpTls.trusting(Path.of(caFile.get()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("relay.tls.caFile: the certificate authorities in "
                    + caFile.orElse("(none)") + " could not be read: " + e.getMessage(), e);
        }
    }
}
