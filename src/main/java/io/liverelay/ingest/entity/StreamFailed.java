package io.liverelay.ingest.entity;

import io.liverelay.error.entity.RelayError;

/** CDI event: a named error on this stream (the seed's {@code error} event); the message holds no secret. */
public record StreamFailed(String streamId, RelayError error, String message) {
}
