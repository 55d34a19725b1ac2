package io.liverelay.ffmpeg.entity;

import java.nio.file.Path;

/** An ffmpeg that answered {@code -version}, and where it was found. */
public record FfmpegBinary(Path path, String version, Source source) {

    public enum Source {
        /** {@code relay.ffmpeg.path} */
        CONFIGURED,
        /** the first {@code ffmpeg} on the server's PATH */
        PATH,
        /** the static build carried in the WAR (not in the slim WAR), written to a private temporary folder */
        BUNDLED
    }

    /** The release, for options that differ between releases. */
    public FfmpegVersion release() {
        return FfmpegVersion.parse(version);
    }
}
