package io.liverelay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A child process that is stopped on {@link #close()} and, failing that, when the JVM exits. */
public final class ManagedProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(
                new Thread(() -> List.copyOf(LIVE).forEach(ManagedProcess::close), "managed-process-reaper"));
    }

    private final Process process;
    private final List<String> command;

    private ManagedProcess(Process process, List<String> command) {
        this.process = process;
        this.command = command;
    }

    /** Starts the builder's command (never through a shell) with stdin closed, so ffmpeg sees EOF there. */
    public static ManagedProcess start(ProcessBuilder builder) {
        try {
            var started = new ManagedProcess(builder.start(), List.copyOf(builder.command()));
            LIVE.add(started);
            started.process.getOutputStream().close();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    public Process process() { return process; }

    public long pid() { return process.pid(); }

    public List<String> command() { return command; }

    public boolean isAlive() { return process.isAlive(); }

    /** Waits for the process to end on its own; true if it did within the timeout. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        }
    }

    /** SIGTERM first (ffmpeg then finishes its output), SIGKILL after a grace period, then any leftover children. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!awaitQuietly(GRACE)) {
                process.destroyForcibly();
                awaitQuietly(GRACE);
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(this);
    }

    private boolean awaitQuietly(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
