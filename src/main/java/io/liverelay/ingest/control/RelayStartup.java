package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.config.control.ServerLogLevel;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.error.entity.RelayException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * At deployment: reads the settings (a wrong one fails the deployment with its name), applies the log level,
 * reads the RTMPS authorities once (a bundle that cannot be read fails the deployment too), and finds ffmpeg in
 * the background so that the first stream does not wait for it and a missing ffmpeg is in the log before anyone
 * streams.
 */
@ApplicationScoped
public class RelayStartup {

    private static final System.Logger LOG = System.getLogger(RelayStartup.class.getName());

    @Inject
    RelayConfig config;

    @Inject
    FfmpegLocator locator;

    @Inject
    RtmpsTrust tls;

    @Resource
    ManagedExecutorService executor;

    void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
        ServerLogLevel.apply(config.serverLogLevel());
        logTls();
        logOrigins();
        logConnections();
        executor.execute(this::locate);
    }

    private void logOrigins() {
        if (config.allowedOrigins().isEmpty()) {
            LOG.log(Level.INFO, "WebSocket: only pages of the relay's own origin may stream (relay.ws.allowedOrigins"
                    + " is unset)");
        } else if (config.allowedOrigins().contains("*")) {
            LOG.log(Level.WARNING, "WebSocket: pages of any web site may stream through this relay"
                    + " (relay.ws.allowedOrigins=*)");
        } else {
            LOG.log(Level.INFO, "WebSocket: pages of {0} may stream", config.allowedOrigins());
        }
    }

    private void logConnections() {
        new ClientAddress(config.trustedProxies()); // a wrong entry fails the deployment here, with the option's name
        LOG.log(Level.INFO, "WebSocket: at most {0} connections, {1} per client address (0: no limit); {2}",
                config.maxConnections(), config.maxConnectionsPerAddress(), config.trustedProxies().isEmpty()
                        ? "the client address is the socket's peer (relay.ws.trustedProxies is unset)"
                        : "from " + config.trustedProxies() + " the client address is read from "
                                + config.clientAddressHeader());
        if (config.maxConnections() == 0 || config.maxConnectionsPerAddress() == 0) {
            LOG.log(Level.WARNING, "WebSocket: a connection limit is off (0), so one client can hold connections"
                    + " without bound");
        }
    }

    private void logTls() {
        tls.factory(); // built here, once, so that a bundle it cannot read stops the deployment with its name
        if (!config.tlsVerify()) {
            LOG.log(Level.WARNING, "relay.tls.verify=false: RTMPS certificates are not checked, so anyone between"
                    + " this server and an ingest can read the stream keys");
        } else if (config.tlsCaFile().isEmpty()) {
            LOG.log(Level.ERROR, "No certificate authorities found to check RTMPS servers against: every RTMPS"
                    + " start will fail until relay.tls.caFile names a PEM bundle");
        } else {
            LOG.log(Level.INFO, "RTMPS certificates are checked against {0}", config.tlsCaFile().get());
        }
    }

    private void locate() {
        try {
            locator.ffmpeg();
        } catch (RelayException e) {
            // already logged by the locator; each start will report FFMPEG_NOT_FOUND to its client
        }
    }
}
