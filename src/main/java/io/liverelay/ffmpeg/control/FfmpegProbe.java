package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks an ffmpeg for its version, with a bounded wait: a binary that cannot answer is not usable. */
final class FfmpegProbe {

    private static final long TIMEOUT_SECONDS = 15;

    private FfmpegProbe() {
    }

    static Optional<String> version(Path ffmpeg) {
        Process process = null;
        try {
            process = new ProcessBuilder(List.of(ffmpeg.toString(), "-hide_banner", "-version"))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String firstLine;
            try (InputStream out = process.getInputStream()) {
                firstLine = new String(out.readNBytes(4096), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            int copyright = firstLine.indexOf(" Copyright");
            return Optional.of(copyright > 0 ? firstLine.substring(0, copyright) : firstLine);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
