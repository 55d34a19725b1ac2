package io.liverelay.testsupport;

import java.nio.file.Path;

/**
 * A generated media file shaped like a browser's MediaRecorder output; {@code mimeType} is what
 * {@code recorder.mimeType} would report and {@code frameCount} was counted by ffprobe.
 */
public record Fixture(
        Path path,
        String videoCodec,
        int width,
        int height,
        int fps,
        long frameCount,
        double durationSeconds,
        String mimeType) {

    /** Text that appears in the x264 "options:" SEI only when the fixture's own H.264 is copied, not re-encoded. */
    public String x264Marker() {
        if (!"h264".equals(videoCodec)) {
            throw new IllegalStateException(videoCodec + " fixture has no x264 marker");
        }
        return MediaFixtures.X264_MARKER;
    }
}
