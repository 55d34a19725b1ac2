package io.liverelay.ingest.entity;

import io.liverelay.ffmpeg.entity.VideoMode;

/** CDI event: ffmpeg runs for this stream; {@code destination} is masked, never the stream key. */
public record StreamStarted(String streamId, String destination, VideoMode mode, long pid) {
}
