package io.liverelay.recording.control;

import io.liverelay.config.control.RelayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes recordings older than {@code relay.recording.maxAgeDays}, at start-up and every hour after, on a managed
 * thread; does nothing when the server records nothing.
 */
@ApplicationScoped
public class RecordingRetention {

    private static final Logger LOG = System.getLogger(RecordingRetention.class.getName());
    private static final Duration EVERY = Duration.ofHours(1);

    @Inject
    RelayConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweeps;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (config.recordingDir().isPresent()) {
            sweeps = scheduler.scheduleWithFixedDelay(this::sweep, 0, EVERY.toMinutes(), TimeUnit.MINUTES);
        }
    }

    /** One pass: returns how many recordings were deleted. */
    public int sweep() {
        if (config.recordingDir().isEmpty()) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(config.recordingMaxAgeDays()));
        try {
            int deleted = new Recordings(Path.of(config.recordingDir().get())).deleteOlderThan(cutoff);
            if (deleted > 0) {
                LOG.log(Level.INFO, "Deleted {0} recordings older than {1} days (relay.recording.maxAgeDays)",
                        deleted, config.recordingMaxAgeDays());
            }
            return deleted;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Old recordings could not be deleted: " + e.getMessage());
            return 0;
        }
    }

    @PreDestroy
    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }
}
