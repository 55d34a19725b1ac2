package io.liverelay.demo.entity;

import java.time.Instant;
import java.util.Optional;

/**
 * What the demo's RTMP sink sees: whether a stream is arriving, its video and audio as the sink's ffmpeg
 * describes them, and what it counted (frames, frame rate over the last report, bit rate, media seconds).
 * When no stream arrives, {@code video} and {@code audio} describe the last one, if any.
 */
public record SinkStatus(State state, Optional<Video> video, Optional<Audio> audio, long frames, double fps,
        double bitrateKbps, double seconds, double speed, Optional<Instant> pictureAt) {

    public enum State {
        /** No publisher: the sink waits for one. */
        WAITING,
        /** A publisher is sending and the sink reported progress in the last few seconds. */
        RECEIVING
    }

    /** e.g. h264, High, 1280x720, 30 fps as declared by the stream. */
    public record Video(String codec, String profile, int width, int height, double declaredFps) {
    }

    /** e.g. aac, LC, 48000 Hz, stereo. */
    public record Audio(String codec, String profile, int sampleRate, String channels) {
    }

    public static SinkStatus waiting(Optional<Video> last, Optional<Audio> lastAudio, Optional<Instant> pictureAt) {
        return new SinkStatus(State.WAITING, last, lastAudio, 0, 0, 0, 0, 0, pictureAt);
    }
}
