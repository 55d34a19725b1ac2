package io.liverelay.ingest.entity;

/** CDI event: the stream's RTMP server went away mid-stream and the relay tries again ({@code attempt} from 1). */
public record StreamReconnecting(String streamId, int attempt, String cause) {
}
