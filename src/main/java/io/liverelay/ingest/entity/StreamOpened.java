package io.liverelay.ingest.entity;

/** CDI event: a browser connected (the seed's {@code connection} event). */
public record StreamOpened(String streamId, String remoteAddress) {
}
