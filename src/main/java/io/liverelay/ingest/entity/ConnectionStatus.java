package io.liverelay.ingest.entity;

import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.time.Instant;
import java.util.List;

/**
 * The seed's {@code ConnectionStatus}, as the admin API and {@code Connections} give it: one browser
 * connection and, once a start was accepted, its ffmpeg and each of its destinations' state, one or several (ours,
 * not the seed's). {@code detached}: its connection was lost and it waits, until {@code resumeDeadline}, for its browser
 * to resume it (then {@code remoteAddress} and {@code openedAt} are the lost connection's). Never holds a stream key
 * or a resume token.
 */
public record ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg,
        @JsonbTypeAdapter(DestinationsJson.class) List<DestinationStatus> destinations, boolean detached,
        Instant resumeDeadline) {

    public ConnectionStatus {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** A connection with no destination listed, as before a start was accepted. */
    public ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg) {
        this(uuid, remoteAddress, openedAt, ffmpeg, List.of());
    }

    /** A connection that is attached to its browser. */
    public ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg,
            List<DestinationStatus> destinations) {
        this(uuid, remoteAddress, openedAt, ffmpeg, destinations, false, null);
    }

    /** {@code resumeDeadline}: null while the stream's browser is connected. */
    public ConnectionStatus(String uuid, String remoteAddress, Instant openedAt, Ffmpeg ffmpeg,
            List<DestinationStatus> destinations, Instant resumeDeadline) {
        this(uuid, remoteAddress, openedAt, ffmpeg, destinations, resumeDeadline != null, resumeDeadline);
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
