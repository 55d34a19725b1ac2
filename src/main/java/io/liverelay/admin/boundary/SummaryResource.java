package io.liverelay.admin.boundary;

import io.liverelay.admin.entity.Summary;
import io.liverelay.ffmpeg.control.FfmpegLocator;
import io.liverelay.ingest.control.Connections;
import io.liverelay.ingest.control.RelayStats;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.StreamState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code /api/admin/summary}. */
@RequestScoped
@Path("admin/summary")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    @Inject
    Connections connections;

    @Inject
    RelayStats stats;

    @Inject
    FfmpegLocator locator;

    @GET
    public Summary summary() {
        List<ConnectionStatus> all = connections.getConnections();
        int active = (int) all.stream().filter(c -> c.ffmpeg() != null)
                .filter(c -> c.ffmpeg().status() == StreamState.RUNNING || c.ffmpeg().status() == StreamState.ENDING)
                .count();
        int processes = (int) all.stream().filter(c -> c.ffmpeg() != null && c.ffmpeg().pid() != null).count();
        long uptime = Duration.between(stats.startedAt(), Instant.now()).toSeconds();
        return new Summary(active, all.size(), processes, stats.bytesReceived(), uptime, stats.startedAt(),
                locator.describe());
    }
}
