package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg echoes what the browser put in its media (Matroska tags, track names) in its log: a line of megabytes must
 * not reach the heap, the log or the browser whole. Lines are cut, the cut is said, and the stream key is masked
 * before the cut, so a key that straddles it cannot leave in part.
 */
class FfmpegLineCapTest {

    private static final String KEY = "live_123456789_SuperSecretKey";

    @Test
    void aHugeLineIsCutAfterItsKeyWasMasked() throws Exception {
        String straddling = "x".repeat(FfmpegProcess.MAX_LINE_CHARS - 10) + KEY + " tail";
        String huge = "[matroska @ 0x1] title: " + "A".repeat(3_000) + KEY + "B".repeat(4_000_000);
        String output = straddling + "\n" + huge + "\n" + "a short line with " + KEY + "\n";
        List<String> lines = run(output);

        assertEquals(3, lines.size(), "every line arrives, cut or not");
        for (String line : lines) {
            assertTrue(line.length() <= FfmpegProcess.MAX_LINE_CHARS + 40, "cut to the cap: " + line.length());
            assertFalse(line.contains("SuperSecret"), () -> "no part of the key: " + line);
        }
        assertTrue(lines.get(1).endsWith("characters cut]"), "the cut is said");
        assertTrue(lines.get(1).contains(String.valueOf(huge.replace(KEY, "***").length() - FfmpegProcess.MAX_LINE_CHARS)),
                "and how much: " + lines.get(1).substring(FfmpegProcess.MAX_LINE_CHARS - 20));
        assertEquals("a short line with " + "***", lines.get(2));
    }

    private static List<String> run(String output) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<ExitReport> exit = new CompletableFuture<>();
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            FfmpegProcess.start(command -> new Printed(output), List.of("ffmpeg"), new ChunkPipe(1024),
                    new FfmpegProcess.Listener() {
                        public void onLine(String line) {
                            lines.add(line);
                        }

                        public void onProgress(Progress progress) {
                        }

                        public void onExit(ExitReport report) {
                            exit.complete(report);
                        }
                    }, line -> line.replace(KEY, "***"), Duration.ofSeconds(2), Duration.ofSeconds(2), executor);
            ExitReport report = exit.get(30, TimeUnit.SECONDS);
            assertFalse(report.lastLines().toString().contains("SuperSecret"));
            return lines;
        } finally {
            executor.shutdownNow();
        }
    }

    /** A process that prints the given text and exits with 0. */
    private static final class Printed extends Process {
        private final InputStream out;

        Printed(String text) {
            out = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return out;
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public void destroy() {
        }

        @Override
        public boolean isAlive() {
            return false;
        }

        @Override
        public long pid() {
            return 42;
        }
    }
}
