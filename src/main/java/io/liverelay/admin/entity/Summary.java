package io.liverelay.admin.entity;

import java.time.Instant;

/** {@code GET /api/admin/summary}: the relay at a glance. */
public record Summary(int activeStreams, int connections, int ffmpegProcesses, long bytesReceived,
        long uptimeSeconds, Instant startedAt, String ffmpeg) {
}
