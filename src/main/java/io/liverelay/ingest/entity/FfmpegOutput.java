package io.liverelay.ingest.entity;

/** CDI event: one line of a stream's ffmpeg log, stream key masked (the seed's {@code ffmpegOutput}). */
public record FfmpegOutput(String streamId, String line) {
}
