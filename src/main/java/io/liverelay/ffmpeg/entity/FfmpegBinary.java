package io.liverelay.ffmpeg.entity;

import java.nio.file.Path;
import java.util.List;

/**
 * An ffmpeg that answered {@code -version}, where it was found, and what it {@code lacks} of what some streams
 * need, by ffmpeg's own names: {@code lavfi} and {@code anullsrc} make the silent track of a stream without sound.
 */
public record FfmpegBinary(Path path, String version, Source source, List<String> lacks) {

    public FfmpegBinary {
        lacks = List.copyOf(lacks);
    }

    /** One that lacks nothing, or whose abilities were not asked. */
    public FfmpegBinary(Path path, String version, Source source) {
        this(path, version, source, List.of());
    }

    /** Whether it can add a silent AAC track to a stream without sound. */
    public boolean addsSilence() {
        return lacks.isEmpty();
    }

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
