package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.error.entity.RelayError;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real ffmpeg from PATH (and coreutils' sleep) under the supervisor, on a plain thread pool. */
class FfmpegProcessTest {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    private ExecutorService executor;
    private final List<Process> launched = new CopyOnWriteArrayList<>();
    private final ProcessLauncher launcher = command -> {
        Process process = ProcessLauncher.SYSTEM.launch(command);
        launched.add(process);
        return process;
    };

    @BeforeEach
    void startPool() {
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void nothingOutlivesTheTest() throws InterruptedException {
        List<Process> alive = launched.stream().filter(Process::isAlive).toList();
        for (Process process : alive) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "supervising tasks still running");
        assertEquals(List.of(), alive, "processes alive after the test");
    }

    @Test
    void stopLetsFfmpegFinishWhatItGot(@TempDir Path dir) throws Exception {
        byte[] media = Files.readAllBytes(matroska(dir));
        ChunkPipe pipe = new ChunkPipe(media.length);
        for (int at = 0; at < media.length; at += 4096) {
            assertTrue(pipe.offer(Arrays.copyOfRange(media, at, Math.min(media.length, at + 4096))));
        }
        Recorder recorder = new Recorder();
        FfmpegProcess ffmpeg = start(copyToNull(), pipe, recorder, GRACE, GRACE);

        ffmpeg.stop();

        ExitReport report = recorder.awaitExit();
        quiesce();
        assertAll(
                () -> assertEquals(1, recorder.exits.get()),
                () -> assertEquals(0, report.exitCode(), () -> "lines: " + report.lastLines()),
                () -> assertTrue(report.requested()),
                () -> assertFalse(report.killed()),
                () -> assertFalse(recorder.progress.isEmpty(), "no progress reported"),
                () -> assertEquals(30, recorder.progress.get(recorder.progress.size() - 1).frames()),
                () -> assertTrue(recorder.lines.stream().anyMatch(l -> l.startsWith("[info] ")), "no log lines"),
                () -> assertFalse(ffmpeg.isAlive()));
    }

    @Test
    void garbageEndsFfmpegUnaskedAndIsExplained() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        Arrays.fill(garbage, (byte) 0xff); // not an EBML header: the demuxer gives up without waiting for EOF
        ChunkPipe pipe = new ChunkPipe(1024 * 1024);
        assertTrue(pipe.offer(garbage));
        Recorder recorder = new Recorder();
        UnaryOperator<String> redactor = line -> line.replace("EBML", "E*ML");
        FfmpegProcess ffmpeg = start(copyToNull(), pipe, recorder, redactor, GRACE, GRACE);

        ExitReport report = recorder.awaitExit();

        ExitClassifier.Verdict verdict = ExitClassifier.classify(report);
        assertAll(
                () -> assertFalse(report.requested()),
                () -> assertFalse(report.killed()),
                () -> assertNotEquals(0, report.exitCode()),
                () -> assertEquals(RelayError.FFMPEG_UNEXPECTED_END, verdict.error()),
                () -> assertTrue(verdict.cause().contains("Invalid data found when processing input"),
                        verdict.cause()),
                () -> assertTrue(report.lastLines().stream().anyMatch(l -> l.contains("E*ML header parsing failed")),
                        () -> "not redacted: " + report.lastLines()),
                () -> assertTrue(report.lastLines().stream().noneMatch(l -> l.contains("EBML"))),
                () -> assertFalse(ffmpeg.isAlive()));
    }

    @Test
    void killEndsFfmpegAtOnce() throws Exception {
        Recorder recorder = new Recorder();
        FfmpegProcess ffmpeg = start(copyToNull(), new ChunkPipe(1024), recorder, GRACE, GRACE);
        assertFalse(ffmpeg.awaitExit(300, TimeUnit.MILLISECONDS), "ffmpeg waits for its input");

        ffmpeg.kill();

        assertTrue(ffmpeg.awaitExit(5, TimeUnit.SECONDS));
        ExitReport report = recorder.awaitExit();
        assertAll(
                () -> assertTrue(report.killed()),
                () -> assertTrue(report.requested()),
                () -> assertFalse(ProcessHandle.of(ffmpeg.pid()).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void processThatIgnoresEndOfInputIsTerminatedAfterTheGrace() throws Exception {
        assumeTrue(onPath("sleep").isPresent(), "no sleep on PATH");
        Recorder recorder = new Recorder();
        FfmpegProcess sleeper = start(List.of("sleep", "30"), new ChunkPipe(1024), recorder, SHORT, SHORT);
        long started = System.nanoTime();

        sleeper.stop();

        assertTrue(sleeper.awaitExit(3, TimeUnit.SECONDS), "still running 3 s after stop()");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ExitReport report = recorder.awaitExit();
        assertAll(
                () -> assertTrue(took.toMillis() >= 900, () -> "did not wait for the grace: " + took),
                () -> assertTrue(report.requested()),
                () -> assertFalse(report.killed(), "SIGTERM was enough"),
                () -> assertEquals(143, report.exitCode()));
    }

    @Test
    void processThatIgnoresSigtermIsKilledAfterBothGraces() throws Exception {
        assumeTrue(onPath("sh").isPresent() && onPath("sleep").isPresent(), "no sh or sleep on PATH");
        Recorder recorder = new Recorder();
        // an ignored signal stays ignored across exec, so sleep itself ignores SIGTERM and no child is orphaned
        FfmpegProcess stubborn = start(List.of("sh", "-c", "trap '' TERM; exec sleep 30"), new ChunkPipe(1024),
                recorder, SHORT, SHORT);
        long started = System.nanoTime();

        stubborn.stop();

        assertTrue(stubborn.awaitExit(4, TimeUnit.SECONDS), "still running 4 s after stop()");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ExitReport report = recorder.awaitExit();
        assertAll(
                () -> assertTrue(took.toMillis() >= 1900, () -> "killed before both graces passed: " + took),
                () -> assertTrue(report.killed()),
                () -> assertEquals(137, report.exitCode()));
    }

    @Test
    void refusedTasksLeaveNoProcessBehind() {
        assumeTrue(onPath("sleep").isPresent(), "no sleep on PATH");
        ChunkPipe pipe = new ChunkPipe(1024);

        assertThrows(IOException.class, () -> FfmpegProcess.start(launcher, List.of("sleep", "30"), pipe,
                new Recorder(), UnaryOperator.identity(), GRACE, GRACE, task -> {
                    throw new RejectedExecutionException("stopping");
                }));

        assertEquals(1, launched.size());
        assertTrue(awaitGone(launched.get(0)), "the launched process still runs");
        assertFalse(pipe.offer(new byte[1]), "the pipe was not aborted");
    }

    @Test
    void stopWithoutAThreadToWaitOnKills() throws Exception {
        assumeTrue(onPath("sleep").isPresent(), "no sleep on PATH");
        AtomicInteger accepted = new AtomicInteger();
        Recorder recorder = new Recorder();
        FfmpegProcess sleeper = FfmpegProcess.start(launcher, List.of("sleep", "30"), new ChunkPipe(1024),
                recorder, UnaryOperator.identity(), GRACE, GRACE, task -> {
                    if (accepted.incrementAndGet() > 2) { // the writer and the reader, then the pool stops
                        throw new RejectedExecutionException("stopping");
                    }
                    executor.execute(task);
                });

        sleeper.stop();

        assertTrue(sleeper.awaitExit(2, TimeUnit.SECONDS));
        assertTrue(recorder.awaitExit().killed());
    }

    private FfmpegProcess start(List<String> command, ChunkPipe pipe, Recorder recorder, Duration stopGrace,
            Duration terminateGrace) throws IOException {
        return start(command, pipe, recorder, UnaryOperator.identity(), stopGrace, terminateGrace);
    }

    private FfmpegProcess start(List<String> command, ChunkPipe pipe, Recorder recorder,
            UnaryOperator<String> redactor, Duration stopGrace, Duration terminateGrace) throws IOException {
        return FfmpegProcess.start(launcher, command, pipe, recorder, redactor, stopGrace, terminateGrace, executor);
    }

    /** Lets the supervisor's tasks finish, so that a late second onExit would have been seen. */
    private void quiesce() throws InterruptedException {
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Like the relay's command, reading Matroska on stdin and reporting progress on stdout, but writing nothing. */
    private static List<String> copyToNull() {
        return List.of(ffmpeg().toString(), "-hide_banner", "-loglevel", "level+info", "-nostats",
                "-stats_period", "1", "-progress", "pipe:1", "-f", "matroska", "-i", "pipe:0",
                "-c", "copy", "-f", "null", "-");
    }

    /** One second (30 frames) of small MPEG-4 video in Matroska, made by ffmpeg for this test. */
    private static Path matroska(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("one-second.mkv");
        Path log = dir.resolve("ffmpeg.log");
        Process process = new ProcessBuilder(List.of(ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30", "-t", "1",
                "-c:v", "mpeg4", "-f", "matroska", file.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("making the fixture took too long");
        }
        assertEquals(0, process.exitValue(), () -> "making the fixture failed: " + read(log));
        return file;
    }

    private static Path ffmpeg() {
        Optional<Path> ffmpeg = onPath("ffmpeg");
        assumeTrue(ffmpeg.isPresent(), "no ffmpeg on PATH");
        return ffmpeg.get();
    }

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    private static boolean awaitGone(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Records what the supervisor reports, from its threads. */
    private static final class Recorder implements FfmpegProcess.Listener {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final AtomicInteger exits = new AtomicInteger();
        private final AtomicReference<ExitReport> first = new AtomicReference<>();
        private final CountDownLatch exited = new CountDownLatch(1);

        @Override
        public void onLine(String line) {
            lines.add(line);
        }

        @Override
        public void onProgress(Progress latest) {
            progress.add(latest);
        }

        @Override
        public void onExit(ExitReport report) {
            exits.incrementAndGet();
            first.compareAndSet(null, report);
            exited.countDown();
        }

        ExitReport awaitExit() throws InterruptedException {
            if (!exited.await(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("onExit was not called; lines so far: " + new ArrayList<>(lines));
            }
            return first.get();
        }
    }
}
