package io.liverelay.ingest.entity;

import java.time.Duration;

/**
 * CDI event: a browser resumed the stream on a new connection from {@code remoteAddress}, {@code gap} after the
 * old one was lost (zero when the server had not yet noticed the loss: the new connection took over).
 */
public record StreamResumed(String streamId, String remoteAddress, Duration gap) {
}
