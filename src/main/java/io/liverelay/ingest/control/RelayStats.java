package io.liverelay.ingest.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** Totals since the application started, for the admin summary. */
@ApplicationScoped
public class RelayStats {

    private final Instant startedAt = Instant.now();
    private final LongAdder bytesReceived = new LongAdder();

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }
}
