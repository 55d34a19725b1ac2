package io.liverelay.hostile;

import io.liverelay.testsupport.FfmpegProcesses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Looks for relay ffmpegs that appear while a case runs, even briefly: a refused destination must never get
 * as far as a process. Sampling, so one shorter than the interval could slip by; the cases add proofs that do
 * not sample (the trap's connection count, the file that must not exist).
 */
final class ProcessWatch implements AutoCloseable {

    private static final long INTERVAL_NANOS = 25_000_000;

    private final Set<Long> known;
    private final Map<Long, String> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ProcessWatch(Set<Long> known) {
        this.known = known;
        this.thread = new Thread(this::watch, "ffmpeg-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static ProcessWatch start(Set<Long> known) {
        return new ProcessWatch(known);
    }

    /** Every new relay ffmpeg seen so far, described with its stream key masked. */
    List<String> seen() {
        return List.copyOf(seen.values());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        sample(); // one last look
    }

    private void watch() {
        while (running) {
            sample();
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    private void sample() {
        for (ProcessHandle process : FfmpegProcesses.relayFfmpegs()) {
            if (!known.contains(process.pid())) {
                seen.putIfAbsent(process.pid(), FfmpegProcesses.describe(process));
            }
        }
    }
}
