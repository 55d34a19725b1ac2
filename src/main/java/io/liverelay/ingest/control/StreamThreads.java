package io.liverelay.ingest.control;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where each stream's tasks run (its lanes, the start's preparation, ffmpeg's stdin writer and output reader, the
 * stopper): container threads (a ManagedThreadFactory) in a pool of our own that makes threads as streams need
 * them and lets idle ones go. The writer and reader block for a stream's whole life, so a server executor that
 * runs a few tasks and queues the rest will not do (WildFly's default: on two cores the third stream never
 * started); and one the WAR defines with {@code @ManagedExecutorDefinition} is, on Payara, a pool whose core size
 * is its maximum: every task made a thread that was never given back. {@link StreamRegistry} owns it, and shuts
 * it down only after its streams have stopped: as a bean of its own, the container could destroy it first and
 * leave the graceful stop no thread to run on.
 */
final class StreamThreads implements Executor {

    /** A few tasks per stream at most; relay.maxFfmpegInstances bounds the streams. */
    static final int MAX_TASKS = 4096;
    private static final long IDLE_SECONDS = 10;

    private final ThreadPoolExecutor pool;

    StreamThreads(ThreadFactory threads) {
        pool = new ThreadPoolExecutor(0, MAX_TASKS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /** Refuses new tasks; running ones end with their streams. */
    void shutdown() {
        pool.shutdown();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }
}
