package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.ingest.entity.DestinationChanged;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a stream tells about its destinations, one or several alike: on each change of state the browser gets every
 * destination and observers the one that changed; about once a second the browser gets the numbers, inside the
 * {@code progress} message, which it may miss when its connection is slow. Called on the stream's lane; sends and events leave without waiting.
 */
final class DestinationUpdates {

    private final String streamId;
    private final ClientLink outbox;
    private final StreamNotices notices;
    private final Supplier<List<DestinationStatus>> all;

    DestinationUpdates(String streamId, ClientLink outbox, StreamNotices notices,
            Supplier<List<DestinationStatus>> all) {
        this.streamId = streamId;
        this.outbox = outbox;
        this.notices = notices;
        this.all = all;
    }

    /** The destination is now in {@code state}, with the last error it was given. */
    void change(DestinationHealth destination, DestinationState state) {
        destination.state = state;
        destination.publish();
        outbox.send(ServerMessages.destinations(all.get()));
        notices.fire(new DestinationChanged(streamId, destination.status()));
    }

    /**
     * About once a second: the stream's progress with every destination's fresh numbers in the same message. One
     * message rather than two: each WebSocket message costs the container a timer reset (Tyrus), which was a tenth
     * of what a second destination cost (BENCHMARKS.md).
     */
    void progress(Progress total) {
        outbox.sendDroppable(ServerMessages.progress(total, all.get()));
    }
}
