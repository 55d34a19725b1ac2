package io.liverelay.ingest.control;

import io.liverelay.error.entity.RelayError;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

/**
 * How many WebSockets the relay holds open, in total ({@code relay.ws.maxConnections}) and per client address
 * ({@code relay.ws.maxConnectionsPerAddress}; see {@link ClientAddress#limitKey}); {@code 0} means no limit.
 * A connection counts from its admission until its stream has ended. Refusals are logged at most once a minute,
 * with how many there were, so that a flood of connections does not flood the log.
 */
final class ConnectionLimits {

    private static final Logger LOG = System.getLogger(ConnectionLimits.class.getName());
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final int total;
    private final int perAddress;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;
    private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
    private int notLogged;

    ConnectionLimits(int total, int perAddress) {
        this.total = total;
        this.perAddress = perAddress;
    }

    /** Counts the connection in, or names the limit it is over (and counts nothing). */
    synchronized RelayError admit(String key, String address) {
        RelayError over = null;
        if (total > 0 && open >= total) {
            over = RelayError.SERVER_BUSY;
        } else if (perAddress > 0 && key != null && byAddress.getOrDefault(key, 0) >= perAddress) {
            over = RelayError.TOO_MANY_CONNECTIONS;
        }
        if (over != null) {
            logRefusal(over, address);
            return over;
        }
        open++;
        if (key != null) {
            byAddress.merge(key, 1, Integer::sum);
        }
        return null;
    }

    /** The admitted connection {@code key} counted under has ended. */
    synchronized void release(String key) {
        open--;
        if (key != null) {
            byAddress.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    synchronized int open() {
        return open;
    }

    /** The words the refused client hears: what is full and what to do. */
    String message(RelayError over) {
        return over == RelayError.SERVER_BUSY
                ? "The server holds " + total + " connections, as many as it allows: try again later."
                : "Your address already has " + perAddress + " connections open, as many as the server allows:"
                        + " close one before opening another.";
    }

    private void logRefusal(RelayError over, String address) {
        long now = System.nanoTime();
        if (now - lastLogged < LOG_EVERY_NANOS) {
            notLogged++;
            return;
        }
        String limit = over == RelayError.SERVER_BUSY ? "relay.ws.maxConnections=" + total
                : "relay.ws.maxConnectionsPerAddress=" + perAddress;
        LOG.log(Level.WARNING, "WebSocket from {0} refused ({1}: {2} open in total){3}", address, limit, open,
                notLogged == 0 ? "" : "; " + notLogged + " more refused since the last such line");
        lastLogged = now;
        notLogged = 0;
    }
}
