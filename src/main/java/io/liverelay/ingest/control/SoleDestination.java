package io.liverelay.ingest.control;

import io.liverelay.destination.entity.Destination;
import java.util.function.LongSupplier;

/**
 * The destination of a stream with only one, which its ffmpeg publishes to itself ({@link StreamFfmpeg}): the bytes
 * are what ffmpeg reports as written ({@code total_size}), added up over its generations; the skipped media is what
 * no ffmpeg got while the RTMP server was away. Changed on the stream's lane, read from any thread.
 */
final class SoleDestination extends DestinationHealth {

    private final LongSupplier skipped;
    private volatile long bytes; // written on the lane only

    SoleDestination(Destination destination, LongSupplier skipped) {
        super(0, destination);
        this.skipped = skipped;
    }

    /** On the lane: ffmpeg's report said it wrote this much more since its previous one. */
    void sent(long newBytes, long nanoTime) {
        bytes += newBytes;
        tick(nanoTime);
    }

    @Override
    long bytes() {
        return bytes;
    }

    @Override
    long skippedBytes() {
        return skipped.getAsLong();
    }
}
