package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.FfmpegOutput;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream's CDI events, fired in order on a lane of their own: the stream never waits for an observer, and an
 * observer may call {@code Connections} (or anything that reads or stops streams) without deadlocking a stream.
 * A slow observer delays only the later events of the same stream. Lifecycle events are few and always fired;
 * ffmpeg's log lines are skipped while more than {@value #MAX_OUTPUT_WAITING} wait.
 */
final class StreamNotices {

    static final int MAX_OUTPUT_WAITING = 256;

    private final LifecycleEvents events;
    private final StreamLane lane;
    private final AtomicLong outputWaiting = new AtomicLong();

    StreamNotices(LifecycleEvents events, Executor pool, String streamId) {
        this.events = events;
        this.lane = new StreamLane(pool, "the events of stream " + streamId);
    }

    /** A lifecycle event: fired after every event given before it. */
    void fire(Object event) {
        lane.submit(() -> events.fire(event));
    }

    /** A line of ffmpeg's log, unless too many lines already wait for slow observers. */
    void output(FfmpegOutput line) {
        if (outputWaiting.incrementAndGet() > MAX_OUTPUT_WAITING) {
            outputWaiting.decrementAndGet();
            return;
        }
        lane.submit(() -> {
            outputWaiting.decrementAndGet();
            events.fire(line);
        });
    }
}
