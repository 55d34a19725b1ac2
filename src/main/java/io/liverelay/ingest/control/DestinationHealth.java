package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;

/**
 * One destination of a stream as the broadcaster, the operator and observers see it, whatever publishes to it: a
 * connection of a fan-out ({@link DestinationLink}) or the only destination's own ffmpeg ({@link SoleDestination}).
 * Its state and last error change only on the stream's lane and are published after each change; the counters that
 * move all the time (bytes, the rate, skipped media) are read live by {@link #status()}, from any thread.
 */
abstract class DestinationHealth {

    final int index;
    final Destination destination; // null for the server's recording
    DestinationState state = DestinationState.CONNECTING;
    int reconnects;
    RelayError lastError;
    String lastMessage;
    private long bytesAtTick;
    private long tickNanos;
    private volatile double bitrateKbps;
    private volatile DestinationStatus published;

    DestinationHealth(int index, Destination destination) {
        this.index = index;
        this.destination = destination;
        publish();
    }

    /** Bytes sent to this destination so far. Any thread. */
    abstract long bytes();

    /** Media this destination did not get (it fell behind, or was away). Any thread. */
    abstract long skippedBytes();

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

    /** Nothing is being sent any more (the connection or the ffmpeg ended): the rate is zero until the next tick. */
    void rateStopped() {
        bitrateKbps = 0;
    }

    /** The error in words, never with the stream key. */
    void failedWith(RelayError error, String message) {
        lastError = error;
        lastMessage = destination == null ? message : destination.redact(message);
    }

    /** The server's recording, not an RTMP server. */
    boolean recording() {
        return destination == null;
    }

    /** How the log and the browser name it: the masked URL, or {@code recording} (its path stays on the server). */
    final String label() {
        return destination == null ? "recording" : destination.masked();
    }

    /** On the lane, after a change of its state or last error. */
    final void publish() {
        published = new DestinationStatus(index, label(), state, 0, 0, reconnects, 0,
                lastError == null ? null : lastError.name(), lastMessage);
    }

    DestinationStatus status() {
        DestinationStatus p = published;
        return new DestinationStatus(p.index(), p.url(), p.state(), bytes(),
                p.state() == DestinationState.LIVE ? bitrateKbps : 0, p.reconnects(), skippedBytes(),
                p.errorName(), p.errorMessage());
    }
}
