package io.liverelay.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the relay's ffmpeg processes: live ffmpegs descending from this JVM that are not its direct children
 * (the server under test is a child JVM, its ffmpegs are grandchildren; the test's own ffmpegs are children).
 */
public final class FfmpegProcesses {

    private static final Duration POLL = Duration.ofMillis(100);

    private FfmpegProcesses() {
    }

    public static List<ProcessHandle> relayFfmpegs() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.parent().map(ProcessHandle::pid).orElse(-1L) != self)
                .filter(FfmpegProcesses::isFfmpeg)
                .toList();
    }

    /** Waits until no relay ffmpeg is left; fails listing the survivors' command lines, stream keys masked. */
    public static void awaitNone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> left = relayFfmpegs();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ffmpeg to end", e);
            }
            left = relayFfmpegs();
        }
        if (!left.isEmpty()) {
            throw new AssertionError(left.size() + " relay ffmpeg process(es) still running after " + timeout + ":"
                    + left.stream().map(p -> "\n  " + describe(p)).collect(Collectors.joining()));
        }
    }

    /** "pid 123 (parent 45): ffmpeg ... rtmp://***" with everything after a scheme's "://" masked. */
    public static String describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String commandLine = info.commandLine()
                .or(() -> info.command().map(c -> c + " " + String.join(" ", info.arguments().orElse(new String[0]))))
                .orElse("(command line unavailable)");
        String parent = process.parent().map(p -> Long.toString(p.pid())).orElse("?");
        return "pid " + process.pid() + " (parent " + parent + "): " + mask(commandLine);
    }

    static String mask(String commandLine) {
        return commandLine.replaceAll("(?i)(rtmps?://)\\S*", "$1***");
    }

    private static boolean isFfmpeg(ProcessHandle process) {
        return process.info().command()
                .map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("ffmpeg") || name.startsWith("ffmpeg-") || name.startsWith("ffmpeg."))
                .isPresent();
    }
}
