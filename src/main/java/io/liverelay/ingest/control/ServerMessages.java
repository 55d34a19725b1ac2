package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.entity.VideoMode;
import io.liverelay.ingest.entity.DestinationStatus;
import io.liverelay.ingest.entity.DestinationsJson;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/** The JSON text of each server-to-client message of docs/protocol.md. */
final class ServerMessages {

    // looked up once: Json.* searches the class path for a provider on every call
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServerMessages() {
    }

    static String started(String id, VideoMode mode) {
        return JSON.createObjectBuilder().add("type", "started").add("id", id).add("mode", mode.wireName())
                .build().toString();
    }

    static String error(RelayError error, String message) {
        return JSON.createObjectBuilder().add("type", "error")
                .add("error", JSON.createObjectBuilder()
                        .add("name", error.name())
                        .add("message", message)
                        .add("fatal", error.fatal()))
                .build().toString();
    }

    static String progress(Progress p) {
        return JSON.createObjectBuilder().add("type", "progress")
                .add("frames", p.frames())
                .add("fps", p.fps())
                .add("bitrateKbps", p.bitrateKbps())
                .add("outTimeMs", p.outTimeMs())
                .add("speed", p.speed())
                .build().toString();
    }

    static String ffmpegOutput(String line) {
        return JSON.createObjectBuilder().add("type", "ffmpegOutput").add("message", line).build().toString();
    }

    static String reconnecting(int attempt, int maxAttempts, java.time.Duration delay) {
        return JSON.createObjectBuilder().add("type", "reconnecting").add("attempt", attempt)
                .add("maxAttempts", maxAttempts).add("delayMs", delay.toMillis()).build().toString();
    }

    /** Each destination of the stream: its state, its numbers and its last error. */
    static String destinations(List<DestinationStatus> destinations) {
        return JSON.createObjectBuilder().add("type", "destinations")
                .add("destinations", DestinationsJson.array(destinations)).build().toString();
    }

    static String live() {
        return "{\"type\":\"live\"}";
    }

    static String destroyed() {
        return "{\"type\":\"destroyed\"}";
    }
}
