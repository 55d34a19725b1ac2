package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.control.FfmpegProcess;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import java.time.Duration;

/**
 * One destination of a stream with several: its state, its current ffmpeg and what it has sent. Changed only on
 * the stream's lane; other threads read the {@link #status()} published after each change, with the counters that
 * move all the time (bytes, skipped media) read live.
 */
final class DestinationLink {

    final int index;
    final Destination destination;
    final StartPreparation.CommandSource again;
    final FlvFanout.Outlet outlet;
    DestinationState state = DestinationState.CONNECTING;
    FfmpegProcess process;
    long generation;
    int attempt;
    int reconnects;
    boolean everLive;
    RelayError lastError;
    String lastMessage;
    private Progress latest = Progress.NONE;
    private volatile long bytes;
    private volatile double bitrateKbps;
    private volatile DestinationStatus published;

    DestinationLink(int index, Destination destination, StartPreparation.CommandSource again,
            FlvFanout.Outlet outlet) {
        this.index = index;
        this.destination = destination;
        this.again = again;
        this.outlet = outlet;
        publish();
    }

    /** A report of the current ffmpeg: returns the bytes it sent since the previous one. */
    long progressed(Progress report) {
        long added = Math.max(0, report.bytesOut() - latest.bytesOut());
        latest = report;
        bytes += added;
        bitrateKbps = report.bitrateKbps();
        return added;
    }

    /** A new ffmpeg counts from zero. */
    void restarted() {
        latest = Progress.NONE;
        bitrateKbps = 0;
    }

    /** Whether the latest report shows media reaching the RTMP server. */
    boolean sending() {
        return latest.frames() > 0 || latest.bytesOut() > 0;
    }

    /** The pause before the next try: 1 s, 2 s, 4 s … capped. */
    Duration nextDelay(Duration maxDelay) {
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(attempt - 1, 20));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    void failedWith(RelayError error, String message) {
        lastError = error;
        lastMessage = destination.redact(message);
    }

    void publish() {
        published = new DestinationStatus(index, destination.masked(), state, 0, 0, reconnects, 0,
                lastError == null ? null : lastError.name(), lastMessage);
    }

    DestinationStatus status() {
        DestinationStatus p = published;
        return new DestinationStatus(p.index(), p.url(), p.state(), bytes,
                p.state() == DestinationState.LIVE ? bitrateKbps : 0, p.reconnects(), outlet.skippedBytes(),
                p.errorName(), p.errorMessage());
    }
}
