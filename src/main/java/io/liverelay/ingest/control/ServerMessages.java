package io.liverelay.ingest.control;

import io.liverelay.ffmpeg.entity.Progress;
import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.entity.VideoMode;
import io.liverelay.ingest.entity.DestinationStatus;
import io.liverelay.ingest.entity.DestinationsJson;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/** The JSON text of each server-to-client message of docs/protocol.md. */
final class ServerMessages {

    // looked up once: Json.* searches the class path for a provider on every call
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServerMessages() {
    }

    /** A stream's resume token and grace period, offered in {@code started} and {@code resumed}. */
    record ResumeOffer(String token, long graceSeconds) {

        @Override
        public String toString() {
            return "ResumeOffer[token=(hidden), graceSeconds=" + graceSeconds + "]";
        }
    }

    /** {@code offer}: null when the stream cannot be resumed (MP4, or resume turned off). */
    static String started(String id, VideoMode mode, ResumeOffer offer) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("type", "started").add("id", id)
                .add("mode", mode.wireName());
        return offered(json, offer).build().toString();
    }

    static String resumed(String id, VideoMode mode, ResumeOffer offer, boolean paused, java.time.Duration gap) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("type", "resumed").add("id", id)
                .add("mode", mode.wireName());
        return offered(json, offer).add("paused", paused).add("gapMs", gap.toMillis()).build().toString();
    }

    private static JsonObjectBuilder offered(JsonObjectBuilder json, ResumeOffer offer) {
        if (offer != null) {
            json.add("resumeToken", offer.token()).add("resumeGraceSeconds", offer.graceSeconds());
        }
        return json;
    }

    static String error(RelayError error, String message) {
        return JSON.createObjectBuilder().add("type", "error")
                .add("error", JSON.createObjectBuilder()
                        .add("name", error.name())
                        .add("message", message)
                        .add("fatal", error.fatal()))
                .build().toString();
    }

    /** The progress, and each destination's state and numbers when the stream has any. */
    static String progress(Progress p, List<DestinationStatus> destinations) {
        var message = JSON.createObjectBuilder().add("type", "progress")
                .add("frames", p.frames())
                .add("fps", p.fps())
                .add("bitrateKbps", p.bitrateKbps())
                .add("outTimeMs", p.outTimeMs())
                .add("speed", p.speed());
        if (!destinations.isEmpty()) {
            message.add("destinations", DestinationsJson.array(destinations));
        }
        return message.build().toString();
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

    static String pong() {
        return "{\"type\":\"pong\"}";
    }

    static String destroyed() {
        return "{\"type\":\"destroyed\"}";
    }
}
