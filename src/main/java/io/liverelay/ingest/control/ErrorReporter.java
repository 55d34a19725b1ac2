package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.ingest.entity.StreamFailed;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Tells one stream's error to the server log, the browser and the application's observers, each what it may
 * know: the browser gets server details only with {@code relay.clientLogs.sendErrorDetails}.
 */
final class ErrorReporter {

    /** Client errors allowed within {@link #WINDOW_NANOS}; one more closes the connection. */
    static final int BUDGET = 20;
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final Logger LOG = System.getLogger(RelayStream.class.getName());

    private final String streamId;
    private final ClientLink outbox;
    private final StreamServices services;
    private final StreamNotices notices;
    private final long[] recent = new long[BUDGET]; // when the last BUDGET client errors happened, a ring
    private int clientErrors;

    ErrorReporter(String streamId, ClientLink outbox, StreamServices services, StreamNotices notices) {
        this.streamId = streamId;
        this.outbox = outbox;
        this.services = services;
        this.notices = notices;
    }

    /**
     * {@code detailed} must hold no secret: it reaches the log and observers as it is. The client's own mistakes
     * (non-fatal errors) are logged at INFO once per connection, then at DEBUG: a client that sends thousands of
     * bad messages costs the log a line or two.
     */
    void report(RelayError error, String detailed) {
        String toClient = error.messageIsForClient() || services.config().sendErrorDetails() ? detailed
                : error.summary();
        Level level = error.fatal() ? Level.WARNING : clientErrors++ == 0 ? Level.INFO : Level.DEBUG;
        LOG.log(level, "Stream {0}: {1}: {2}", streamId, error, detailed);
        outbox.send(ServerMessages.error(error, toClient));
        notices.fire(new StreamFailed(streamId, error, detailed));
    }

    /** A client error (non-fatal) just happened at {@code now}: true when it is one too many in the window. */
    boolean overBudget(long now) {
        int slot = (clientErrors - 1) % BUDGET;
        long oldest = recent[slot]; // the error BUDGET errors ago, in the slot this one takes
        recent[slot] = now;
        return clientErrors > BUDGET && now - oldest < WINDOW_NANOS;
    }
}
