package io.liverelay.ffmpeg.entity;

import java.time.Instant;

/** One block of ffmpeg's {@code -progress} report: what has gone out to the RTMP server so far. */
public record Progress(long frames, double fps, double bitrateKbps, long outTimeMs, double speed, long bytesOut,
        Instant at) {

    public static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0, Instant.EPOCH);

    /** The same report counting frames across ffmpeg restarts. */
    public Progress withFrames(long total) {
        return new Progress(total, fps, bitrateKbps, outTimeMs, speed, bytesOut, at);
    }
}
