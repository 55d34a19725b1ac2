package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.control.DestinationPolicy;
import io.liverelay.destination.entity.Destination;
import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.error.entity.RelayError;
import io.liverelay.testsupport.Tools;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real ffmpeg that fails to reach an RTMP server prints the URL; the key never leaves the supervisor. */
class FfmpegRedactionTest {

    private static final String KEY = "live_123456789_SuperSecretKey";

    @Test
    void everyLineIsRedactedBeforeAnyoneSeesItAndTheFailureIsNamed() throws Exception {
        Destination destination = new DestinationPolicy().check("rtmp://127.0.0.1:1/app/" + KEY);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<ExitReport> exit = new CompletableFuture<>();
        List<String> command = List.of(Tools.ffmpeg().toString(), "-hide_banner", "-loglevel", "level+info",
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-f", "flv", destination.secret());
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            FfmpegProcess.start(ProcessLauncher.SYSTEM, command, new ChunkPipe(1024 * 1024),
                    new FfmpegProcess.Listener() {
                        public void onLine(String line) {
                            lines.add(line);
                        }

                        public void onProgress(Progress progress) {
                        }

                        public void onExit(ExitReport report) {
                            exit.complete(report);
                        }
                    }, destination::redact, Duration.ofSeconds(2), Duration.ofSeconds(2), executor);
            ExitReport report = exit.get(30, TimeUnit.SECONDS);

            assertTrue(lines.stream().anyMatch(l -> l.contains("rtmp://127.0.0.1:1/app/")),
                    "ffmpeg names the destination, so the test can see redaction work: " + lines);
            assertFalse(lines.toString().contains(KEY), lines.toString());
            assertFalse(report.lastLines().toString().contains(KEY));
            ExitClassifier.Verdict verdict = ExitClassifier.classify(report);
            assertEquals(RelayError.RTMP_CONNECTION_FAILED, verdict.error());
            assertFalse(verdict.cause().contains(KEY), verdict.cause());
        } finally {
            executor.shutdownNow();
        }
    }
}
