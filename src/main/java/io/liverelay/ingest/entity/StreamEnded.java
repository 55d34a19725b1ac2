package io.liverelay.ingest.entity;

/** CDI event: the stream's ffmpeg ended and was reaped (the client's {@code destroyed}). */
public record StreamEnded(String streamId, int exitCode, boolean requested) {
}
