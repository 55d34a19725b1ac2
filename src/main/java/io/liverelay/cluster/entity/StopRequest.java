package io.liverelay.cluster.entity;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An operator's stop, asked of the node that runs the stream: the whole stream, or only the destination numbered
 * {@code destination} (from 0, as in the admin API).
 */
public record StopRequest(String streamId, OptionalInt destination) {

    public StopRequest {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(destination, "destination");
        if (destination.isPresent() && destination.getAsInt() < 0) {
            throw new IllegalArgumentException("a destination's number is 0 or more: " + destination.getAsInt());
        }
    }

    public static StopRequest ofStream(String streamId) {
        return new StopRequest(streamId, OptionalInt.empty());
    }

    public static StopRequest ofDestination(String streamId, int index) {
        return new StopRequest(streamId, OptionalInt.of(index));
    }
}
