package io.liverelay.monitoring.control;

import io.liverelay.ffmpeg.control.FfmpegLocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Whether this node can take streams: it has a usable ffmpeg (found at start-up, in the background). A load
 * balancer sends broadcasters only to ready nodes; liveness asks nothing but that the application answers.
 */
@ApplicationScoped
public class Readiness {

    /** One check's verdict, in MicroProfile Health's shape. */
    public record Check(String name, boolean up, String detail) {
    }

    @Inject
    FfmpegLocator locator;

    public List<Check> checks() {
        return List.of(new Check("ffmpeg", locator.located().isPresent(), locator.describe()));
    }
}
