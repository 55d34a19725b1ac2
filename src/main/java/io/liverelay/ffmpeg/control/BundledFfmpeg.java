package io.liverelay.ffmpeg.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;

/** The ffmpeg shipped in the WAR by org.bytedeco:ffmpeg (GPL build: libx264, rtmp, rtmps), extracted once. */
final class BundledFfmpeg {

    private static final Logger LOG = System.getLogger(BundledFfmpeg.class.getName());

    private BundledFfmpeg() {
    }

    static Optional<Path> extract() {
        try {
            return Optional.of(Path.of(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)));
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "The bundled ffmpeg could not be extracted: {0}", e.toString());
            return Optional.empty();
        }
    }
}
