package io.liverelay.ingest.entity;

/** A stream's ffmpeg as the seed's {@code ConnectionStatus} names it. */
public enum StreamState {
    /** Connected, no ffmpeg yet. */
    CREATED,
    /** ffmpeg runs and takes media. */
    RUNNING,
    /** The RTMP server went away: waiting to try again, holding the media meanwhile (ours, not the seed's). */
    RECONNECTING,
    /** Asked to stop: ffmpeg finishes what it has. */
    ENDING,
    /** ffmpeg has ended and was reaped. */
    ENDED
}
