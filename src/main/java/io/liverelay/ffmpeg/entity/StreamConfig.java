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
        return media().videoMode();
    }

    /** The recorder names AAC ({@code mp4a}): it goes to RTMP as it is, without a decode and an encode. */
    public boolean audioIsAac() {
        return media().audioIsAac();
    }

    /** The same settings, to be published to {@code checked} (the destination resolved again). */
    public StreamConfig to(Destination checked) {
        return new StreamConfig(checked, mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond);
    }

    /** The container ffmpeg must read: Matroska (also WebM) unless the recorder makes MP4. */
    public String inputFormat() {
        return media().container().ffmpegFormat();
    }

    /** Whether the recorder writes Matroska (WebM included), whose clusters the relay follows. */
    public boolean matroska() {
        return media().container() == MediaType.Container.MATROSKA;
    }

    /**
     * The mimeType as {@link MediaType} reads it. The validator refused every mimeType it cannot read, so a
     * StreamConfig made by hand with one is a programming error.
     */
    public MediaType media() {
        try {
            return MediaType.parse(mimeType);
        } catch (MediaType.Unknown e) {
            throw new IllegalStateException("a StreamConfig with a mimeType that was not validated", e);
        }
    }
}
