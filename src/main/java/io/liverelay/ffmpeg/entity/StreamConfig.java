package io.liverelay.ffmpeg.entity;

import io.liverelay.destination.entity.Destination;

/** A start request after validation: every value is in range and the destination was accepted. */
public record StreamConfig(
        Destination destination,
        String mimeType,
        int framerate,
        int audioSampleRate,
        int audioBitsPerSecond,
        int videoBitsPerSecond) {

    public VideoMode videoMode() {
        return VideoMode.forMimeType(mimeType);
    }

    /** The recorder names AAC ({@code mp4a}): it goes to RTMP as it is, without a decode and an encode. */
    public boolean audioIsAac() {
        return mimeType.toLowerCase(java.util.Locale.ROOT).contains("mp4a");
    }

    /** The container ffmpeg must read: Matroska (also WebM) unless the recorder makes MP4. */
    /** The same settings, to be published to {@code checked} (the destination resolved again). */
    public StreamConfig to(Destination checked) {
        return new StreamConfig(checked, mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond);
    }

    public String inputFormat() {
        return mimeType.toLowerCase(java.util.Locale.ROOT).startsWith("video/mp4") ? "mp4" : "matroska";
    }
}
