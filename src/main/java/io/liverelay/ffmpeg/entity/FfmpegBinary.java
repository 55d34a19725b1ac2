package io.liverelay.ffmpeg.entity;

import java.nio.file.Path;

/** An ffmpeg that answered {@code -version}, and where it was found. */
public record FfmpegBinary(Path path, String version, Source source) {

    public enum Source {
        /** {@code relay.ffmpeg.path} */
        CONFIGURED,
        /** the first {@code ffmpeg} on the server's PATH */
        PATH,
        /** extracted from the WAR's org.bytedeco:ffmpeg jar */
        BUNDLED
    }
}
