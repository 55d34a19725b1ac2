package io.liverelay.ffmpeg.entity;

import io.liverelay.destination.entity.Destination;
import java.util.List;

/**
 * A start request after validation: every value is in range, every destination was accepted, and the mimeType was
 * read once into {@code media}, which decides the container and what is copied. {@code audio} is what the browser
 * (or a hook) said about sound; {@link #silentAudio()} weighs it with what the mimeType says.
 */
public record StreamConfig(
        List<Destination> destinations,
        String mimeType,
        int framerate,
        int audioSampleRate,
        int audioBitsPerSecond,
        int videoBitsPerSecond,
        MediaType media,
        boolean audio) {

    public StreamConfig {
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("a stream needs a destination");
        }
        destinations = List.copyOf(destinations);
    }

    /** One destination: the seed's kind of stream; its sound is what the mimeType says (the seed had no flag). */
    public StreamConfig(Destination destination, String mimeType, int framerate, int audioSampleRate,
            int audioBitsPerSecond, int videoBitsPerSecond, MediaType media) {
        this(List.of(destination), mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond,
                media, true);
    }

    /** The first destination; the only one of most streams. */
    public Destination destination() {
        return destinations.get(0);
    }

    /** Several destinations: one ffmpeg converts, and the relay passes its output on to each. */
    public boolean simulcast() {
        return destinations.size() > 1;
    }

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

    /**
     * The recording has no sound, by the browser's word or by a mimeType that names codecs and no audio: ffmpeg adds
     * a silent AAC track, since some ingests (YouTube) refuse a stream without one.
     */
    public boolean silentAudio() {
        return !audio || media.namesNoAudio();
    }

    /** The same settings, to be published to {@code checked} alone (a destination resolved again). */
    public StreamConfig to(Destination checked) {
        return new StreamConfig(List.of(checked), mimeType, framerate, audioSampleRate, audioBitsPerSecond, videoBitsPerSecond,
                media, audio);
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
