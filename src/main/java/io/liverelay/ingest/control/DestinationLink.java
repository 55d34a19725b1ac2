package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import java.time.Duration;

/**
 * One destination of a stream with several: its state, its current connection and what it has sent. Changed only
 * on the stream's lane; other threads read the {@link #status()} published after each change, with the counters
 * that move all the time (bytes, skipped media) read live.
 */
final class DestinationLink {

    /** The destination checked again (its name resolved anew) before a reconnect. */
    @FunctionalInterface
    interface Recheck {
        Destination destination() throws io.liverelay.error.entity.RelayException;
    }

    final int index;
    final Destination destination; // null for the server's recording
    final Recheck again;
    final FlvFanout.Outlet outlet;
    DestinationState state = DestinationState.CONNECTING;
    volatile Egress egress; // read by status snapshots
    long generation;
    int attempt;
    int reconnects;
    boolean everLive;
    boolean stalled; // the relay ended the connection because the server took nothing
    RelayError lastError;
    String lastMessage;
    private long bytesBefore; // sent by the connections before the current one
    private long bytesAtTick;
    private long tickNanos;
    private volatile double bitrateKbps;
    private volatile DestinationStatus published;

    DestinationLink(int index, Destination destination, Recheck again, FlvFanout.Outlet outlet) {
        this.index = index;
        this.destination = destination;
        this.again = again;
        this.outlet = outlet;
        publish();
    }

    /** Bytes sent to this destination over all its connections. Any thread. */
    long bytes() {
        Egress current = egress;
        return bytesBefore + (current == null ? 0 : current.bytesSent());
    }

    /** Once a second or so: the rate since the last tick; returns the bytes sent since then. */
    long tick(long nanoTime) {
        long now = bytes();
        long added = Math.max(0, now - bytesAtTick);
        if (tickNanos != 0 && nanoTime > tickNanos) {
            bitrateKbps = added * 8.0 / ((nanoTime - tickNanos) / 1_000_000.0);
        }
        bytesAtTick = now;
        tickNanos = nanoTime;
        return added;
    }

    /** The connection ended: what it sent is kept, the next one counts from zero. */
    void connectionEnded() {
        Egress ended = egress;
        if (ended != null) {
            bytesBefore += ended.bytesSent();
        }
        egress = null;
        bitrateKbps = 0;
    }

    /** The pause before the next try: 1 s, 2 s, 4 s … capped. */
    Duration nextDelay(Duration maxDelay) {
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(attempt - 1, 20));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    void failedWith(RelayError error, String message) {
        lastError = error;
        lastMessage = destination == null ? message : destination.redact(message);
    }

    /** The server's recording, not an RTMP server. */
    boolean recording() {
        return destination == null;
    }

    /** How the log and the browser name it: the masked URL, or {@code recording} (its path stays on the server). */
    String label() {
        return destination == null ? "recording" : destination.masked();
    }

    void publish() {
        published = new DestinationStatus(index, label(), state, 0, 0, reconnects, 0,
                lastError == null ? null : lastError.name(), lastMessage);
    }

    DestinationStatus status() {
        DestinationStatus p = published;
        return new DestinationStatus(p.index(), p.url(), p.state(), bytes(),
                p.state() == DestinationState.LIVE ? bitrateKbps : 0, p.reconnects(), outlet.skippedBytes(),
                p.errorName(), p.errorMessage());
    }
}
