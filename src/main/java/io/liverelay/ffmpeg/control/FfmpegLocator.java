package io.liverelay.ffmpeg.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ffmpeg.entity.FfmpegBinary.Source;
import io.liverelay.ingest.entity.RelayError;
import io.liverelay.ingest.entity.RelayException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the ffmpeg to run, once: {@code relay.ffmpeg.path} if set, else {@code ffmpeg} on PATH, else the
 * one bundled in the WAR. Each candidate must answer {@code -version}; which one is used is logged.
 */
@ApplicationScoped
public class FfmpegLocator {

    private static final Logger LOG = System.getLogger(FfmpegLocator.class.getName());

    @Inject
    RelayConfig config;

    private volatile FfmpegBinary found;

    public FfmpegBinary ffmpeg() throws RelayException {
        FfmpegBinary binary = found;
        if (binary == null) {
            synchronized (this) {
                if (found == null) {
                    found = locate();
                    LOG.log(Level.INFO, "Using {0} from {1} ({2})", found.version(), found.path(), found.source());
                }
                binary = found;
            }
        }
        return binary;
    }

    /** "ffmpeg version 5.1.9 (PATH)", or why there is none yet. */
    public String describe() {
        FfmpegBinary binary = found;
        return binary == null ? "not located yet" : binary.version() + " (" + binary.source() + ")";
    }

    private FfmpegBinary locate() throws RelayException {
        Optional<String> configured = config.ffmpegPath();
        if (configured.isPresent()) {
            return FfmpegProbe.version(Path.of(configured.get()))
                    .map(v -> new FfmpegBinary(Path.of(configured.get()), v, Source.CONFIGURED))
                    .orElseThrow(() -> notFound("relay.ffmpeg.path=" + configured.get() + " does not run"));
        }
        Optional<FfmpegBinary> onPath = onPath("ffmpeg");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        return BundledFfmpeg.extract()
                .flatMap(p -> FfmpegProbe.version(p).map(v -> new FfmpegBinary(p, v, Source.BUNDLED)))
                .orElseThrow(() -> notFound("no ffmpeg on PATH and the bundled one is unusable on this platform"));
    }

    static Optional<FfmpegBinary> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<String> version = FfmpegProbe.version(candidate);
                if (version.isPresent()) {
                    return Optional.of(new FfmpegBinary(candidate, version.get(), Source.PATH));
                }
            }
        }
        return Optional.empty();
    }

    private static RelayException notFound(String why) {
        LOG.log(Level.ERROR, "No usable ffmpeg: {0}", why);
        return new RelayException(RelayError.FFMPEG_NOT_FOUND, RelayError.FFMPEG_NOT_FOUND.summary());
    }
}
