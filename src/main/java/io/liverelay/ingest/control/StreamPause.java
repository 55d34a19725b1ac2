package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.media.control.ClusterClock;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.LongSupplier;

/**
 * A stream's pauses, and the clock they move. A recorder leaves its pauses out of its timeline, but a live ingest
 * expects timestamps to follow the wall clock: after a pause of 3 s the media goes on 3 s later, as a viewer lived
 * it. The relay measures each pause itself (from the client's {@code pause} to its {@code resume}) and moves the
 * Matroska/WebM clusters that follow; MP4 keeps the recorder's clock.
 */
final class StreamPause {

    private static final Logger LOG = System.getLogger(StreamPause.class.getName());

    private final String streamId;
    private final ClusterClock clock; // null for MP4, which keeps the recorder's clock
    private final LongSupplier nanoTime;
    private long pausedAt;
    private boolean paused;
    private boolean failureLogged;

    StreamPause(String streamId, StreamConfig config, LongSupplier nanoTime) {
        this.streamId = streamId;
        this.clock = config.matroska() ? new ClusterClock() : null;
        this.nanoTime = nanoTime;
    }

    void pause() {
        if (!paused) {
            paused = true;
            pausedAt = nanoTime.getAsLong();
        }
    }

    void resume() {
        if (paused) {
            paused = false;
            long nanos = nanoTime.getAsLong() - pausedAt;
            if (clock != null) {
                clock.shift(nanos);
            }
            LOG.log(Level.DEBUG, "Stream {0} resumed after {1} ms", streamId, nanos / 1_000_000);
        }
    }

    boolean paused() {
        return paused;
    }

    /** How far the clusters that start now are moved: every pause so far (0 for MP4). */
    long shiftNanos() {
        return clock == null ? 0 : clock.shiftNanos();
    }

    /** The media to pass on: the chunk, with its clusters moved by every pause so far (possibly a few bytes held). */
    byte[] media(byte[] chunk) {
        if (clock == null) {
            return chunk;
        }
        byte[] out = clock.feed(chunk);
        if (clock.failed() && !failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "Stream {0}: its Matroska could not be followed; pauses stay out of its timeline",
                    streamId);
        }
        return out;
    }
}
