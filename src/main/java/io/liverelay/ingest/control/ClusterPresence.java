package io.liverelay.ingest.control;

import io.liverelay.cluster.control.Cluster;
import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.StopRequest;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamState;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's beat: every {@code relay.cluster.heartbeatMillis} it publishes its connections to the cluster
 * (their admin status, never a stream key; a node alone serializes them only when a view is asked for) and stops
 * the streams, or single destinations, another node's operator asked to stop. Each
 * beat renews the node's expiry, so a node that dies leaves the others' view within
 * {@code relay.cluster.expirySeconds}.
 */
@ApplicationScoped
public class ClusterPresence {

    private static final Logger LOG = System.getLogger(ClusterPresence.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Cluster cluster;

    @Inject
    StreamRegistry registry;

    private Jsonb json;
    private ScheduledFuture<?> task;

    void join(@Observes @Initialized(ApplicationScoped.class) Object application) {
        json = JsonbBuilder.create();
        cluster.publishes(() -> registry.streams().stream().map(this::published).toList());
        long period = cluster.settings().heartbeat().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Cluster: node {0}, store {1}, beat every {2} ms, gone after {3} s without one{4}",
                cluster.node(), cluster.settings().redisUrlForLog(), period, cluster.settings().expiry().toSeconds(),
                cluster.settings().maxFfmpegInstances() == 0 ? ""
                        : ", at most " + cluster.settings().maxFfmpegInstances() + " ffmpeg in all");
    }

    @PreDestroy
    void leave() {
        if (task != null) {
            task.cancel(false);
        }
        if (json != null) {
            try {
                json.close();
            } catch (Exception e) {
                // nothing held that matters
            }
        }
    }

    // a scheduled task that throws is never run again: every failure is logged here and the next beat tries anew
    void beat() {
        try {
            for (StopRequest request : cluster.beat()) {
                registry.find(request.streamId()).ifPresent(stream -> stop(stream, request));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cluster beat failed", e);
        }
    }

    // a destination's stop is not waited for: the beat goes on, the stream's lane logs what became of it
    private static void stop(RelayStream stream, StopRequest request) {
        if (request.destination().isEmpty()) {
            LOG.log(Level.INFO, "Stream {0}: stopped at the request of another node''s operator", stream.id());
            stream.stopByAdmin();
            return;
        }
        int index = request.destination().getAsInt();
        stream.stopDestination(index).thenAccept(outcome -> LOG.log(Level.INFO, "Stream {0}: another node''s"
                + " operator asked to stop destination {1}: {2}", stream.id(), index + 1, outcome));
    }

    private ClusterStream published(RelayStream stream) {
        ConnectionStatus status = stream.status();
        boolean live = status.ffmpeg() != null && status.ffmpeg().status() != StreamState.ENDED;
        return new ClusterStream(cluster.node(), stream.id(), stream.user(), live, json.toJson(status));
    }
}
