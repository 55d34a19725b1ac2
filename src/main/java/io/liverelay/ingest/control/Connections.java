package io.liverelay.ingest.control;

import io.liverelay.ingest.entity.ConnectionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** What became of an operator's stop of one destination. */
    public enum DestinationStop {
        STOPPED,
        /** No such stream, or no destination with that number. */
        UNKNOWN,
        /** Already done, or the last one still running: stop the stream instead. */
        REFUSED
    }

    /**
     * Stops one destination of a stream with several, as an operator; the others go on. Waits at most a few
     * seconds for the stream to answer.
     */
    public DestinationStop stopDestination(String uuid, int index) {
        Optional<RelayStream> stream = registry.find(uuid);
        if (stream.isEmpty()) {
            return DestinationStop.UNKNOWN;
        }
        try {
            return stream.get().stopDestination(index).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DestinationStop.REFUSED;
        } catch (ExecutionException | TimeoutException e) {
            return DestinationStop.REFUSED;
        }
    }

    /** Stops a stream as an operator; the broadcaster is told. False when there is no such connection. */
    public boolean stop(String uuid) {
        Optional<RelayStream> stream = registry.find(uuid);
        stream.ifPresent(RelayStream::stopByAdmin);
        return stream.isPresent();
    }
}
