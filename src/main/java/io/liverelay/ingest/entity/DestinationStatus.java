package io.liverelay.ingest.entity;

/**
 * One destination of a stream as the broadcaster, the operator and observers see it; {@code url} is masked.
 * {@code skippedBytes}: media this destination did not get, because it fell behind (it skips to the next
 * keyframe) or was away. {@code errorName} and {@code errorMessage}: its last error, or null.
 */
public record DestinationStatus(int index, String url, DestinationState state, long bytes, double bitrateKbps,
        int reconnects, long skippedBytes, String errorName, String errorMessage) {
}
