package io.liverelay.ffmpeg.control;

import io.liverelay.config.control.RelayConfig;
import io.liverelay.ffmpeg.control.FfmpegProbe.Answer;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import io.liverelay.ffmpeg.entity.FfmpegBinary.Source;
import io.liverelay.ffmpeg.entity.FfmpegVersion;
import io.liverelay.error.entity.RelayError;
import io.liverelay.error.entity.RelayException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the ffmpeg to run, once: {@code relay.ffmpeg.path} if set, else {@code ffmpeg} on PATH, else the static
 * one bundled in the WAR. Each candidate must answer {@code -version} and be 4.4 or newer; which one is used, and
 * why one could not be, is logged. The one used is asked whether it can make a silent track (lavfi's
 * {@code anullsrc}); if not, that is a warning, and only starts without sound are refused.
 */
@ApplicationScoped
public class FfmpegLocator {

    private static final Logger LOG = System.getLogger(FfmpegLocator.class.getName());

    @Inject
    RelayConfig config;

    private volatile FfmpegBinary found;
    private volatile String failure;
    Supplier<String> pathVariable = () -> System.getenv("PATH"); // a test's own PATH
    ProcessLauncher launcher = ProcessLauncher.SYSTEM; // a test's stand-in for the listings

    public FfmpegBinary ffmpeg() throws RelayException {
        FfmpegBinary binary = found;
        if (binary == null) {
            synchronized (this) {
                if (found == null) {
                    try {
                        found = withAbilities(locate());
                    } catch (RelayException e) {
                        failure = e.getMessage();
                        throw e;
                    }
                    LOG.log(Level.INFO, "Using {0} from {1} ({2})", found.version(), found.path(), found.source());
                    if (found.source() == Source.BUNDLED) {
                        LOG.log(Level.WARNING, "No ffmpeg on the PATH: running the static ffmpeg bundled in the WAR"
                                + " ({0}), a zero-install default with no security updates. It parses media that"
                                + " anonymous browsers send: in production install a maintained ffmpeg from the"
                                + " operating system or set relay.ffmpeg.path (docs/security.md).", found.version());
                    }
                }
                binary = found;
            }
        }
        return binary;
    }

    /** "ffmpeg version 5.1.9 (PATH)", or why there is none yet. */
    public String describe() {
        FfmpegBinary binary = found;
        if (binary != null) {
            return binary.version() + " (" + binary.source() + ")";
        }
        String why = failure;
        return why == null ? "not located yet" : why;
    }

    /** The ffmpeg streams run, once it was found; empty before that, or when none is usable. Never searches. */
    public Optional<FfmpegBinary> located() {
        return Optional.ofNullable(found);
    }

    private FfmpegBinary locate() throws RelayException {
        Optional<String> configured = config.ffmpegPath();
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            return usable(path, FfmpegProbe.ask(path), Source.CONFIGURED)
                    .orElseThrow(() -> notFound("relay.ffmpeg.path=" + configured.get() + " is not usable"));
        }
        Optional<FfmpegBinary> onPath = onPath(pathVariable.get());
        if (onPath.isPresent()) {
            return onPath.get();
        }
        BundledFfmpeg.Extracted bundled = BundledFfmpeg.extract();
        if (bundled.path() == null) {
            throw notFound(bundled.problem());
        }
        return usable(bundled.path(), FfmpegProbe.ask(bundled.path()), Source.BUNDLED)
                .orElseThrow(() -> notFound("the bundled ffmpeg does not run here (is " + bundled.path().getParent()
                        + " on a noexec mount? set -Djava.io.tmpdir to another folder, or relay.ffmpeg.path)"));
    }

    private FfmpegBinary withAbilities(FfmpegBinary binary) {
        List<String> lacks = FfmpegAbilities.lackedForSilence(launcher, binary.path(),
                Duration.ofSeconds(FfmpegProbe.TIMEOUT_SECONDS));
        if (!lacks.isEmpty()) {
            LOG.log(Level.WARNING, "The ffmpeg at {0} does not list {1} (-formats, -filters): it cannot add the silent"
                    + " AAC track a stream without sound gets, so such starts are refused with {2}; streams with"
                    + " sound are not affected. Use an ffmpeg built with libavfilter''s lavfi input and anullsrc"
                    + " (Debian''s and the bundled one have both).", binary.path(), String.join(" and ", lacks),
                    RelayError.FFMPEG_NO_SILENCE);
        }
        return new FfmpegBinary(binary.path(), binary.version(), binary.source(), lacks);
    }

    private static Optional<FfmpegBinary> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<FfmpegBinary> binary = usable(candidate, FfmpegProbe.ask(candidate), Source.PATH);
                if (binary.isPresent()) {
                    return binary;
                }
            }
        }
        return Optional.empty();
    }

    /** The binary if it answered and is recent enough; else the reason, logged in one line. */
    private static Optional<FfmpegBinary> usable(Path path, Answer answer, Source source) {
        if (!answer.ran()) {
            LOG.log(Level.WARNING, "Skipping the ffmpeg at {0} ({1}): {2}", path, source, answer.problem());
            return Optional.empty();
        }
        FfmpegBinary binary = new FfmpegBinary(path, answer.version(), source);
        try {
            if (binary.release().atLeast(FfmpegVersion.OLDEST_SUPPORTED)) {
                return Optional.of(binary);
            }
        } catch (IllegalArgumentException e) {
            // an unreadable version line: below
        }
        LOG.log(Level.WARNING, "Skipping the ffmpeg at {0} ({1}): \"{2}\" is older than {3}, the oldest the relay"
                + " runs", path, source, answer.version(), FfmpegVersion.OLDEST_SUPPORTED);
        return Optional.empty();
    }

    private static RelayException notFound(String why) {
        LOG.log(Level.ERROR, "No usable ffmpeg: {0}", why);
        return new RelayException(RelayError.FFMPEG_NOT_FOUND, RelayError.FFMPEG_NOT_FOUND.summary());
    }
}
