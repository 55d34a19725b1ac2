package io.liverelay.recording.entity;

import java.time.Instant;

/** One recording on the server: its file name (the stream's id), its size and when it was last written. */
public record Recording(String name, String streamId, long bytes, Instant modified) {
}
