package io.liverelay.monitoring.control;

import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.cluster.control.Cluster;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Whether this node can take streams: it has a usable ffmpeg (found at start-up, in the background) and, with
 * several nodes, the cluster store answers. A load
 * balancer sends broadcasters only to ready nodes; liveness asks nothing but that the application answers.
 */
@ApplicationScoped
public class Readiness {

    /** One check's verdict, in MicroProfile Health's shape. */
    public record Check(String name, boolean up, String detail) {
    }

    @Inject
    FfmpegLocator locator;

    @Inject
    Cluster cluster;

    public List<Check> checks() {
        Check ffmpeg = new Check("ffmpeg", locator.located().isPresent(), locator.describe());
        if (!cluster.shared()) {
            return List.of(ffmpeg);
        }
        boolean reachable = cluster.reachable();
        return List.of(ffmpeg, new Check("cluster-store", reachable, reachable
                ? "the cluster store answers (" + cluster.settings().redisUrlForLog() + ")"
                : "the cluster store does not answer (" + cluster.settings().redisUrlForLog()
                        + "): streams start within this node's limits, its view of the others is stale"));
    }
}
