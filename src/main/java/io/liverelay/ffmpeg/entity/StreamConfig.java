package io.liverelay.ffmpeg.entity;

import io.liverelay.destination.entity.Destination;

/**
 * A start request after validation: every value is in range, the destination was accepted, and the mimeType was
 * read once into {@code media}, which decides the container and what is copied.
 */
public record StreamConfig(
        Destination destination,
        String mimeType,
        int framerate,
        int audioSampleRate,
        int audioBitsPerSecond,
        int videoBitsPerSecond,
        MediaType media) {

    /**
     * Reads {@code mimeType} itself, for settings made in code (tests, the benchmark); one the relay cannot read is a
     * programming error there, since the validator refuses it from a browser.
     */
    public StreamConfig(Destination destination, String mimeType, int framerate, int audioSampleRate,
            int audioBitsPerSecond, int videoBitsPerSecond) {
        this(destination, mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond,
                read(mimeType));
    }

    public VideoMode videoMode() {
        return media.videoMode();
    }

    /** The recorder names AAC ({@code mp4a}): it goes to RTMP as it is, without a decode and an encode. */
    public boolean audioIsAac() {
        return media.audioIsAac();
    }

    /** The same settings, to be published to {@code checked} (the destination resolved again). */
    public StreamConfig to(Destination checked) {
        return new StreamConfig(checked, mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond,
                media);
    }

    /** The container ffmpeg must read: Matroska (also WebM) unless the recorder makes MP4. */
    public String inputFormat() {
        return media.container().ffmpegFormat();
    }

    /** Whether the recorder writes Matroska (WebM included), whose clusters the relay follows. */
    public boolean matroska() {
        return media.container() == MediaType.Container.MATROSKA;
    }

    private static MediaType read(String mimeType) {
        try {
            return MediaType.parse(mimeType);
        } catch (MediaType.Unknown e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
