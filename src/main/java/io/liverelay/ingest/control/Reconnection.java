package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.media.control.MatroskaScanner;
import io.liverelay.media.control.ResumeBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's way back after its RTMP server went away: it follows the media to know the header and the
 * cluster starts, decides whether to retry (only a stream that was live, only for RTMP failures, a bounded
 * number of times), spaces the tries out (1 s, 2 s, 4 s … capped) and holds the media that arrives meanwhile.
 * A stream refused at its start is never retried: a wrong key stays wrong.
 */
final class Reconnection {

    private final MatroskaScanner scanner;
    private final int maxAttempts;
    private final Duration maxDelay;
    private final long bufferBytes;
    private int attempt;
    private boolean everLive;
    private ResumeBuffer buffer;
    private volatile long droppedBytes; // written on the stream's lane, read by status snapshots

    Reconnection(StreamConfig stream, RelayConfig config) {
        this.scanner = stream.matroska() ? new MatroskaScanner() : null;
        this.maxAttempts = config.reconnectAttempts();
        this.maxDelay = config.reconnectMaxDelay();
        this.bufferBytes = config.reconnectBufferBytes();
    }

    /** Media on its way to a running ffmpeg. */
    void observe(byte[] chunk) {
        if (scanner != null) {
            scanner.feed(chunk);
        }
    }

    /** Media that arrived while no ffmpeg runs. */
    void hold(byte[] chunk) {
        int[] clusters = scanner.feed(chunk);
        buffer.add(chunk, clusters);
    }

    void wentLive() {
        everLive = true;
        attempt = 0;
    }

    boolean shouldRetry(RelayError error) {
        return error == RelayError.RTMP_CONNECTION_FAILED && everLive && attempt < maxAttempts
                && scanner != null && !scanner.failed() && scanner.header().isPresent();
    }

    /** Starts the next try; returns how long to wait before it. */
    Duration begin() {
        attempt++;
        if (buffer != null) {
            droppedBytes += buffer.bytes() + buffer.droppedBytes();
        }
        buffer = new ResumeBuffer(bufferBytes);
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(attempt - 1, 20));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** What the new ffmpeg reads first: the header, then the held media from a cluster start on. */
    List<byte[]> replay() {
        List<byte[]> replay = new ArrayList<>();
        replay.add(scanner.header().orElseThrow());
        replay.addAll(buffer.chunks());
        droppedBytes += buffer.droppedBytes();
        buffer = null;
        return replay;
    }

    /** The stream ends while media is held: all of it is lost. Returns how much. */
    long abandon() {
        if (buffer == null) {
            return 0;
        }
        long lost = buffer.bytes() + buffer.droppedBytes();
        droppedBytes += lost;
        buffer = null;
        return lost;
    }

    /** Media taken from the buffer that no ffmpeg took after all. */
    void lost(long bytes) {
        droppedBytes += bytes;
    }

    int attempt() {
        return attempt;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** Media lost to outages so far: received while no ffmpeg could take it and not replayed. */
    long droppedBytes() {
        return droppedBytes;
    }

    static String gaveUp(int attempts) {
        return "The RTMP server could not be reached again after " + attempts + " tries.";
    }
}
