package io.liverelay.ingest.control;

import java.util.function.LongSupplier;

/**
 * One connection's silence, as {@link IdleSweep} sees it: every message stamps it; once silent for the timeout
 * the stream is told (it reports {@code IDLE_TIMEOUT}, closes its socket after that, stops ffmpeg); a socket
 * still open one sweep later (a peer that vanished without a close, a send that never completes) is closed.
 */
public final class IdleWatch {

    /** What the sweep needs of a WebSocket session. */
    public interface Connection {
        boolean isOpen();

        void close();
    }

    private final Connection connection;
    private final Runnable onIdle;
    private final LongSupplier clock;
    private volatile long lastNanos;
    private long idleSince = -1; // only the sweep's thread touches it

    IdleWatch(Connection connection, Runnable onIdle, LongSupplier clock) {
        this.connection = connection;
        this.onIdle = onIdle;
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
    }

    /** A message arrived. */
    public void touch() {
        lastNanos = clock.getAsLong();
    }

    /** False once there is nothing left to watch. */
    boolean check(long now, long timeoutNanos, long periodNanos) {
        if (!connection.isOpen()) {
            return false;
        }
        if (idleSince < 0) {
            if (now - lastNanos >= timeoutNanos) {
                idleSince = now;
                onIdle.run();
            }
            return true;
        }
        if (now - idleSince >= periodNanos) {
            connection.close();
            return false;
        }
        return true;
    }
}
