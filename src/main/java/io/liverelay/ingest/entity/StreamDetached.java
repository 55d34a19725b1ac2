package io.liverelay.ingest.entity;

import java.time.Instant;

/**
 * CDI event: the stream's connection was lost (not closed by its page); its ffmpeg and destinations go on, and the
 * stream ends at {@code deadline} unless its browser resumes it before.
 */
public record StreamDetached(String streamId, Instant deadline) {
}
