package io.liverelay.ingest.entity;

import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.time.Instant;
import java.util.List;

/**
 * The seed's {@code ConnectionStatus}, as the admin API and {@code Connections} give it: one browser
 * connection and, once a start was accepted, its ffmpeg, and with several destinations each one's state (ours, not
 * the seed's). Never holds a stream key.
 */
public record ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg,
        @JsonbTypeAdapter(DestinationsJson.class) List<DestinationStatus> destinations) {

    public ConnectionStatus {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** A connection with one destination, or none yet. */
    public ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg) {
        this(uuid, remoteAddress, openedAt, ffmpeg, List.of());
    }

    /**
     * {@code lastFrameSentTime} is epoch milliseconds; {@code pid} is null once ffmpeg ended; {@code bytesDropped}
     * is media received while the RTMP server was away that no ffmpeg got (more than the reconnect buffer holds,
     * or a stop before the next try).
     */
    public record Ffmpeg(StreamState status, String mode, String mimeType, long framesSent, Long lastFrameSentTime,
            double fps, double bitrateKbps, Long pid, Instant startedAt, long bytesReceived, long bytesDropped, Options options) {
    }

    /** What the stream was started with; {@code rtmp} is masked. */
    public record Options(String rtmp, int framerate, int audioSampleRate, int audioBitsPerSecond,
            int videoBitsPerSecond) {
    }
}
