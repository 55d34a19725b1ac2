package io.liverelay.ingest.entity;

import java.time.Duration;

/**
 * ffmpeg sent the stream's first frame to the RTMP server, {@code sinceStart} after the browser's start message:
 * what a broadcaster waits before going live (hooks, checks, DNS, ffmpeg's start and its RTMP handshake, the
 * first keyframe). Fired once per stream, not again after a reconnect.
 */
public record StreamPublishing(String streamId, Duration sinceStart) {
}
