package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import java.time.Duration;

/**
 * One destination of a stream with several: its current connection and what it has sent, besides the state all
 * destinations share ({@link DestinationHealth}). Changed only on the stream's lane; other threads read the
 * {@link #status()} published after each change, with the counters that move all the time (bytes, skipped media)
 * read live.
 */
final class DestinationLink extends DestinationHealth {

    /** The destination checked again (its name resolved anew) before a reconnect. */
    @FunctionalInterface
    interface Recheck {
        Destination destination() throws io.liverelay.error.entity.RelayException;
    }

    final Recheck again;
    final FlvFanout.Outlet outlet;
    volatile Egress egress; // read by status snapshots
    long generation;
    int attempt;
    boolean everLive;
    boolean stalled; // the relay ended the connection because the server took nothing
    private long bytesBefore; // sent by the connections before the current one

    DestinationLink(int index, Destination destination, Recheck again, FlvFanout.Outlet outlet) {
        super(index, destination);
        this.again = again;
        this.outlet = outlet;
    }

    /** Bytes sent to this destination over all its connections. Any thread. */
    @Override
    long bytes() {
        Egress current = egress;
        return bytesBefore + (current == null ? 0 : current.bytesSent());
    }

    /** Media it skipped to the next keyframe, having fallen behind or been away. Any thread. */
    @Override
    long skippedBytes() {
        return outlet.skippedBytes();
    }

    /** The connection ended: what it sent is kept, the next one counts from zero. */
    void connectionEnded() {
        Egress ended = egress;
        if (ended != null) {
            bytesBefore += ended.bytesSent();
        }
        egress = null;
        rateStopped();
    }

    /** The pause before the next try: 1 s, 2 s, 4 s … capped. */
    Duration nextDelay(Duration maxDelay) {
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(attempt - 1, 20));
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
