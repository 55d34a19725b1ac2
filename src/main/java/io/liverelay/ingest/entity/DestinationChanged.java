package io.liverelay.ingest.entity;

/**
 * CDI event: one destination of a stream changed its state (connecting, live, reconnecting, failed, stopped,
 * ended). Fired in order for each stream, after the change, by the stream's event lane.
 */
public record DestinationChanged(String streamId, DestinationStatus destination) {
}
