package io.liverelay.ingest.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serial executor: the tasks given to one lane run one at a time, in the order they were given, on threads of a
 * shared pool, and a lane with nothing to do holds no thread. Whoever submits never waits and holds no lock of
 * the lane's: a task is queued and, when the lane was idle, one drain is started on the pool. The counter makes
 * the drain the only one: it runs until the counter says the queue is empty, so a task submitted meanwhile is
 * run by that same drain. When the pool refuses (the application is stopping) the submitter runs the drain
 * itself, still alone on the lane, so that a stop always happens.
 */
final class StreamLane {

    private static final Logger LOG = System.getLogger(StreamLane.class.getName());

    private final Executor pool;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    StreamLane(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    /** Queues a task; it runs after every task submitted before it. */
    void submit(Runnable task) {
        tasks.add(task);
        if (queued.getAndIncrement() == 0) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drain();
            }
        }
    }

    /** Tasks given and not yet finished, the running one included. */
    int backlog() {
        return queued.get();
    }

    private void drain() {
        do {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "A task of " + name + " failed; the lane goes on", e);
            }
        } while (queued.decrementAndGet() > 0);
    }
}
