package io.liverelay.ingest.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where each stream's tasks run (its start, ffmpeg's stdin writer and output reader, the stopper): container
 * threads (a ManagedThreadFactory) in a pool of our own that makes threads as streams need them and lets idle
 * ones go. The writer and reader block for a stream's whole life, so a server executor that runs a few tasks
 * and queues the rest will not do (WildFly's default: on two cores the third stream never started); and one the
 * WAR defines with {@code @ManagedExecutorDefinition} is, on Payara, a pool whose core size is its maximum:
 * every task made a thread that was never given back (hundreds after a few hundred connections).
 */
@ApplicationScoped
public class StreamThreads implements Executor {

    /** Three tasks per stream at most; relay.maxFfmpegInstances bounds the streams. */
    static final int MAX_TASKS = 4096;
    private static final long IDLE_SECONDS = 10;

    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(0, MAX_TASKS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /** Refuses new tasks; running ones end with their streams, which StreamRegistry stops. */
    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }
}
