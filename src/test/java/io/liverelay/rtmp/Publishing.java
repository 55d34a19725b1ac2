package io.liverelay.rtmp;

import io.liverelay.media.entity.FlvTag;
import io.liverelay.rtmp.control.RtmpPublisher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a fixture's tags paced by their timestamps, as the fan-out would, and measures what it cost: CPU time
 * spent in {@code send} and {@code close} (not in pacing, which the fan-out pays once for all destinations) and in
 * the publisher's reading task. That is the cost of one more destination, which the budget is about.
 */
final class Publishing implements AutoCloseable {

    /** What one publish sent and cost. */
    record Run(long frames, long bytes, double wallSeconds, double cpuSeconds) {

        /** CPU seconds per minute of media: the measure of the budget (0.15 per extra destination). */
        double cpuPerStreamMinute(double mediaSeconds) {
            return cpuSeconds / (mediaSeconds / 60);
        }
    }

    /** Total thread CPU only: HotSpot reads user time from /proc, which would cost more than a send. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "rtmp-publisher-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong watchNanos = new AtomicLong();
    private final AtomicLong watchesEnded = new AtomicLong();

    /** The executor to give the publisher: it counts the reading task's CPU time once the task ends. */
    Executor executor() {
        return task -> pool.execute(() -> {
            long start = THREADS.getCurrentThreadCpuTime();
            try {
                task.run();
            } finally {
                watchNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                watchesEnded.incrementAndGet();
            }
        });
    }

    /** Sends every tag at {@code speed} times real time, then closes the publisher. */
    Run publish(RtmpPublisher publisher, List<FlvTag> tags, double speed) throws IOException, InterruptedException {
        long endedBefore = watchesEnded.get();
        long watchBefore = watchNanos.get();
        long cpu = 0;
        long start = System.nanoTime();
        long frames = 0;
        for (FlvTag tag : tags) {
            long due = start + (long) (tag.timestamp() * 1_000_000L / speed);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            publisher.send(tag);
            cpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
            frames += FlvFixture.isFrame(tag) ? 1 : 0;
        }
        long bytes = publisher.bytesSent();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        publisher.close();
        cpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
        double wall = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (watchesEnded.get() == endedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new Run(frames, bytes, wall, (cpu + watchNanos.get() - watchBefore) / 1e9);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
