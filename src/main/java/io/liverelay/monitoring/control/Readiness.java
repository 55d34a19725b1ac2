package io.liverelay.monitoring.control;

import io.liverelay.cluster.control.Cluster;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.ffmpeg.entity.FfmpegBinary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Whether this node can take streams: the ffmpeg found at start-up (in the background) is still there and
 * executable, and, with several nodes, the cluster store answers. A load balancer sends broadcasters only to
 * ready nodes; liveness asks nothing but that the application answers. Each check is cheap enough for a probe
 * every second: a file's mode, one PING.
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
        Check ffmpeg = ffmpeg();
        if (!cluster.shared()) {
            return List.of(ffmpeg);
        }
        boolean reachable = cluster.reachable();
        return List.of(ffmpeg, new Check("cluster-store", reachable, reachable
                ? "the cluster store answers (" + cluster.settings().redisUrlForLog() + ")"
                : "the cluster store does not answer (" + cluster.settings().redisUrlForLog()
                        + "): streams start within this node's limits, its view of the others is stale"));
    }

    private Check ffmpeg() {
        Optional<FfmpegBinary> located = locator.located();
        if (located.isEmpty()) {
            return new Check("ffmpeg", false, locator.describe());
        }
        boolean runnable = Files.isRegularFile(located.get().path()) && Files.isExecutable(located.get().path());
        return new Check("ffmpeg", runnable, runnable ? locator.describe()
                : located.get().path() + " is gone or no longer executable: no stream can start until it is back");
    }
}
