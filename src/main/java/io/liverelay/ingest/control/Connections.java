package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.ConnectionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The seed's {@code getConnections()}, injectable anywhere in the application: the live connections and
 * their ffmpeg, as snapshots that never hold a stream key.
 */
@ApplicationScoped
public class Connections {

    @Inject
    StreamRegistry registry;

    public List<ConnectionStatus> getConnections() {
        return registry.streams().stream().map(RelayStream::status).toList();
    }

    public Optional<ConnectionStatus> getConnection(String uuid) {
        return registry.find(uuid).map(RelayStream::status);
    }

    /** Media received from browsers that their ffmpegs have not taken yet, over every stream. */
    public long bytesQueued() {
        return registry.streams().stream().mapToLong(RelayStream::queuedBytes).sum();
    }

    /** Stops a stream as an operator; the broadcaster is told. False when there is no such connection. */
    public boolean stop(String uuid) {
        Optional<RelayStream> stream = registry.find(uuid);
        stream.ifPresent(RelayStream::stopByAdmin);
        return stream.isPresent();
    }
}
