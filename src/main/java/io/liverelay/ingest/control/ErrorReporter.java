package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.StreamFailed;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Tells one stream's error to the server log, the browser and the application's observers, each what it may
 * know: the browser gets server details only with {@code relay.clientLogs.sendErrorDetails}.
 */
final class ErrorReporter {

    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final String streamId;
    private final SessionOutbox outbox;
    private final StreamServices services;

    ErrorReporter(String streamId, SessionOutbox outbox, StreamServices services) {
        this.streamId = streamId;
        this.outbox = outbox;
        this.services = services;
    }

    /** {@code detailed} must hold no secret: it reaches the log and observers as it is. */
    void report(RelayError error, String detailed) {
        String toClient = error.messageIsForClient() || services.config().sendErrorDetails() ? detailed
                : error.summary();
        LOG.log(error.fatal() ? Level.WARNING : Level.INFO, "Stream {0}: {1}: {2}", streamId, error, detailed);
        outbox.send(ServerMessages.error(error, toClient));
        services.events().fire(new StreamFailed(streamId, error, detailed));
    }
}
