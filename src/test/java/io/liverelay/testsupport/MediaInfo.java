package io.liverelay.testsupport;

import jakarta.json.JsonObject;

/**
 * What ffprobe found in a media file. Absent values are {@code null} (codecs), 0 (numbers) or NaN (duration);
 * {@code videoBitRate} is the video stream's bit rate, or the container's when the stream has none.
 */
public record MediaInfo(
        String videoCodec,
        int width,
        int height,
        long videoPackets,
        String audioCodec,
        int audioSampleRate,
        long audioPackets,
        double durationSeconds,
        long videoBitRate,
        JsonObject json) {

    public boolean hasVideo() { return videoCodec != null; }

    public boolean hasAudio() { return audioCodec != null; }
}
