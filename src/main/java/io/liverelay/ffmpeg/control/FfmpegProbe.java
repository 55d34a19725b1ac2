package io.liverelay.ffmpeg.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks an ffmpeg for its version, with a bounded wait: a binary that cannot answer is not usable, and says why. */
final class FfmpegProbe {

    static final long TIMEOUT_SECONDS = 15;

    /** Either the first line of {@code -version} without its copyright, or why there is none. */
    record Answer(String version, String problem) {
        boolean ran() {
            return version != null;
        }
    }

    private FfmpegProbe() {
    }

    static Answer ask(Path ffmpeg) {
        Process process = null;
        try {
            process = new ProcessBuilder(List.of(ffmpeg.toString(), "-hide_banner", "-version"))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readNBytes(4096), StandardCharsets.UTF_8);
            }
            String firstLine = output.lines().findFirst().orElse("").strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return new Answer(null, ffmpeg + " did not answer -version within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !firstLine.startsWith("ffmpeg version")) {
                // a dynamically linked build whose libraries are missing says so here: "error while loading ..."
                return new Answer(null, ffmpeg + " -version exited with " + process.exitValue() + ": "
                        + (firstLine.isEmpty() ? "no output" : firstLine));
            }
            int copyright = firstLine.indexOf(" Copyright");
            return new Answer((copyright > 0 ? firstLine.substring(0, copyright) : firstLine).strip(), null);
        } catch (IOException e) {
            return new Answer(null, "cannot execute " + ffmpeg + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted while asking " + ffmpeg + " for its version");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
