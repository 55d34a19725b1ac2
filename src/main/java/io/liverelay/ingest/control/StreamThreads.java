package io.liverelay.ingest.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * Where each stream's tasks run (its start, ffmpeg's stdin writer and output reader, the stopper): a
 * ManagedExecutorService the application defines for itself. The writer and reader block for the stream's
 * whole life, so the server's default executor will not do: WildFly's runs two tasks per core and queues the
 * rest without bound (on two cores the third stream never started).
 */
@ManagedExecutorDefinition(name = StreamThreads.NAME, maxAsync = StreamThreads.MAX_TASKS)
@ApplicationScoped
public class StreamThreads implements Executor {

    static final String NAME = "java:app/concurrent/LiveRelayStreams";
    /** Three tasks per stream at most; relay.maxFfmpegInstances bounds the streams. */
    static final int MAX_TASKS = 4096;

    @Resource(lookup = NAME)
    ManagedExecutorService executor;

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }
}
