package io.liverelay.ingest.control;

import jakarta.enterprise.context.ApplicationScoped;
import io.liverelay.error.entity.RelayError;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Totals since the application started, for the admin summary and the metrics. */
@ApplicationScoped
public class RelayStats {

    private final Instant startedAt = Instant.now();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final Map<RelayError, LongAdder> connectionsRefused = new EnumMap<>(Map.of(
            RelayError.TOO_MANY_CONNECTIONS, new LongAdder(), RelayError.SERVER_BUSY, new LongAdder()));

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void sent(long bytes) {
        bytesSent.add(bytes);
    }

    void refused(RelayError limit) {
        connectionsRefused.get(limit).increment();
    }

    /** Bytes ffmpeg sent to RTMP servers, as its progress reports count them. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** WebSockets refused for a connection limit: {@code TOO_MANY_CONNECTIONS} or {@code SERVER_BUSY}. */
    public long connectionsRefused(RelayError limit) {
        LongAdder count = connectionsRefused.get(limit);
        return count == null ? 0 : count.sum();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }
}
