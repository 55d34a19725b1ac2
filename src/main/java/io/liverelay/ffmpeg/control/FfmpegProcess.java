package io.liverelay.ffmpeg.control;

import io.liverelay.ffmpeg.entity.ExitReport;
import io.liverelay.ffmpeg.entity.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * One running ffmpeg and the three tasks that supervise it, all on the given (managed) executor: the writer
 * copies the {@link ChunkPipe} to stdin in order; the reader follows the merged stdout/stderr for progress
 * and log lines until EOF, then reaps the process and reports how it ended; the stopper, only once a stop
 * is asked for, escalates from closing stdin to SIGTERM to SIGKILL with bounded waits. When ffmpeg writes
 * media to stdout, a fourth task reads it and the log comes from stderr alone.
 */
public final class FfmpegProcess {

    /** What the supervisor reports; called on the supervisor's threads, so implementations must not block long. */
    public interface Listener {
        void onLine(String line);

        void onProgress(Progress progress);

        void onExit(ExitReport report);
    }

    /** Reads what ffmpeg writes to stdout when that is media: called once, on a supervisor thread, until EOF. */
    @FunctionalInterface
    public interface MediaOutput {
        void read(InputStream stdout) throws IOException;
    }

    private static final int KEPT_LINES = 20;
    /** The longest log line passed on; ffmpeg echoes tags the browser chose, of any length. */
    static final int MAX_LINE_CHARS = 2000;
    /** What is read of a line before the rest is dropped: enough to mask a key that straddles the cut. */
    private static final int MAX_READ_CHARS = 64 * 1024;

    private final Process process;
    private final ChunkPipe pipe;
    private final Listener listener;
    private final UnaryOperator<String> redactor;
    private final Duration stopGrace;
    private final Duration terminateGrace;
    private final Executor executor;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Void> mediaRead = new CompletableFuture<>();
    private MediaOutput media;

    private FfmpegProcess(Process process, ChunkPipe pipe, Listener listener, UnaryOperator<String> redactor,
            Duration stopGrace, Duration terminateGrace, Executor executor) {
        this.process = process;
        this.pipe = pipe;
        this.listener = listener;
        this.redactor = redactor;
        this.stopGrace = stopGrace;
        this.terminateGrace = terminateGrace;
        this.executor = executor;
    }

    /**
     * Launches ffmpeg and its writer and reader tasks. If the executor refuses the tasks the process is
     * killed before the exception leaves, so nothing is left running.
     */
    public static FfmpegProcess start(ProcessLauncher launcher, List<String> command, ChunkPipe pipe,
            Listener listener, UnaryOperator<String> redactor, Duration stopGrace, Duration terminateGrace,
            Executor executor) throws IOException {
        return start(launcher, command, pipe, listener, redactor, stopGrace, terminateGrace, executor, null);
    }

    /**
     * As {@link #start(ProcessLauncher, List, ChunkPipe, Listener, UnaryOperator, Duration, Duration, Executor)}, with
     * ffmpeg's media on stdout going to {@code media} (a fourth task), its log and progress on stderr. The exit is
     * reported only after {@code media} has read to the end, so that whatever ffmpeg wrote is passed on first.
     */
    public static FfmpegProcess start(ProcessLauncher launcher, List<String> command, ChunkPipe pipe,
            Listener listener, UnaryOperator<String> redactor, Duration stopGrace, Duration terminateGrace,
            Executor executor, MediaOutput media) throws IOException {
        Process process = media == null ? launcher.launch(command) : launcher.launchWithOwnStdout(command);
        FfmpegProcess supervised = new FfmpegProcess(process, pipe, listener, redactor, stopGrace, terminateGrace,
                executor);
        supervised.media = media;
        try {
            executor.execute(supervised::writeStdin);
            if (media != null) {
                executor.execute(supervised::readMedia);
            } else {
                supervised.mediaRead.complete(null);
            }
            executor.execute(supervised::readOutput);
        } catch (RuntimeException e) {
            pipe.abort();
            process.destroyForcibly();
            throw new IOException("the executor refused ffmpeg's supervising tasks", e);
        }
        return supervised;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most the given time for ffmpeg to exit; true when it has. */
    public boolean awaitExit(long timeout, TimeUnit unit) {
        try {
            return process.waitFor(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Graceful stop: ffmpeg gets what is queued, then end of input, then bounded waits before signals. */
    public void stop() {
        if (stopRequested.compareAndSet(false, true)) {
            pipe.finish();
            try {
                executor.execute(this::escalate);
            } catch (RuntimeException e) {
                kill(); // no thread to wait with (the application is stopping): do not leave ffmpeg behind
            }
        }
    }

    /** SIGTERM now, when there is no time for a graceful stop: ffmpeg stops reading and closes its output. */
    public void terminate() {
        stopRequested.set(true);
        process.destroy();
    }

    /** Immediate stop for failures: queued media is dropped and the process is killed. */
    public void kill() {
        stopRequested.set(true);
        pipe.abort();
        killed.set(true);
        process.destroyForcibly();
    }

    private void writeStdin() {
        try (OutputStream stdin = process.getOutputStream()) {
            byte[] chunk;
            while ((chunk = pipe.take()) != null) {
                stdin.write(chunk);
                stdin.flush();
            }
        } catch (IOException e) {
            pipe.abort(); // ffmpeg closed its input: it is ending, the reader reports why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void readMedia() {
        try (InputStream stdout = process.getInputStream()) {
            media.read(stdout);
        } catch (IOException | RuntimeException e) {
            keep("relay: reading ffmpeg's media failed: " + e.getMessage());
            process.destroyForcibly(); // nobody reads its output any more: it would block on a full pipe
        } finally {
            mediaRead.complete(null);
        }
    }

    private void readOutput() {
        ProgressParser progress = new ProgressParser(Clock.systemUTC());
        InputStream text = media == null ? process.getInputStream() : process.getErrorStream();
        try (InputStreamReader out = new InputStreamReader(text, StandardCharsets.UTF_8)) {
            BoundedLineReader lines = new BoundedLineReader(out, MAX_READ_CHARS);
            String line;
            while ((line = lines.readLine()) != null) {
                if (ProgressParser.isProgressLine(line)) {
                    progress.accept(line).ifPresent(listener::onProgress);
                } else if (!line.isBlank()) {
                    String safe = cut(redactor.apply(line), lines.dropped());
                    keep(safe);
                    listener.onLine(safe);
                }
            }
        } catch (IOException e) {
            keep("relay: reading ffmpeg's output failed: " + e.getMessage());
        } finally {
            pipe.abort();
            ExitReport report = reap();
            awaitMedia();
            listener.onExit(report);
        }
    }

    /**
     * At most {@link #MAX_LINE_CHARS} of a line, and how much was cut. Cut only after the redactor ran on all that
     * was read, so a stream key that straddles the cut is masked whole first and no part of it is left.
     */
    static String cut(String redacted, long droppedWhileReading) {
        long over = redacted.length() - MAX_LINE_CHARS + droppedWhileReading;
        if (over <= 0) {
            return redacted;
        }
        return redacted.substring(0, Math.min(redacted.length(), MAX_LINE_CHARS)) + " … [" + over
                + " characters cut]";
    }

    /** Waits for the exit after the output closed; a process that lingers is killed so it cannot escape. */
    private ExitReport reap() {
        try {
            if (!process.waitFor(terminateGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                killed.set(true);
                process.destroyForcibly();
                process.waitFor(terminateGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        synchronized (lastLines) {
            return new ExitReport(code, stopRequested.get(), killed.get(), List.copyOf(lastLines));
        }
    }

    /** The media reader ends at the process's exit; a reader that does not is bounded like the exit itself. */
    private void awaitMedia() {
        try {
            mediaRead.get(terminateGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            keep("relay: ffmpeg's media was not read to its end");
        }
    }

    private void escalate() {
        try {
            if (process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            process.destroy();
            if (process.waitFor(terminateGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            killed.set(true);
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killed.set(true);
            process.destroyForcibly();
        }
    }

    private void keep(String line) {
        synchronized (lastLines) {
            if (lastLines.size() == KEPT_LINES) {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
        }
    }
}
