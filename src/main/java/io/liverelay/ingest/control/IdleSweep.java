package io.liverelay.ingest.control;

import io.liverelay.config.control.RelayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Ends connections that sent nothing for {@code relay.ws.idleTimeoutSeconds}, and tells streams that waited too
 * long for media ({@code relay.mediaTimeoutSeconds}) or stayed paused too long ({@code relay.maxPauseSeconds}),
 * with one periodic sweep over
 * all of them. The container's own idle timeout (Tyrus) cancels and schedules a timer task on every message,
 * and each cancelled task stays queued for the whole timeout: about 0.5 MiB of heap per stream (BENCHMARKS.md).
 * Here a message costs one clock read.
 */
@ApplicationScoped
public class IdleSweep {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    RelayConfig config;

    private final Set<IdleWatch> watched = ConcurrentHashMap.newKeySet();
    private LongSupplier clock = System::nanoTime;
    private long timeoutNanos;
    private long periodNanos;
    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        configure(config.idleTimeout(), shortest(shortest(config.mediaTimeout(), config.maxPause()),
                config.resumeGrace()), System::nanoTime);
        if (periodNanos > 0) {
            task = scheduler.scheduleAtFixedRate(this::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** For tests: the timeout and the clock, without a scheduler. */
    void configure(Duration timeout, LongSupplier nanoClock) {
        configure(timeout, Duration.ZERO, nanoClock);
    }

    /**
     * The idle timeout, the shortest time a stream may wait for media or stay paused (zero when neither is
     * bounded), and the clock. The sweep runs as often as the shorter one needs; not at all when both are zero.
     */
    void configure(Duration timeout, Duration shortestExpectation, LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.timeoutNanos = timeout.toNanos();
        Duration shortest = shortest(timeout, shortestExpectation);
        this.periodNanos = shortest.isZero() ? 0 : period(shortest).toNanos();
    }

    /** The shorter of two durations where zero means "none". */
    static Duration shortest(Duration a, Duration b) {
        if (a.isZero()) {
            return b;
        }
        return b.isZero() || a.compareTo(b) <= 0 ? a : b;
    }

    /** How often the sweep runs: a connection is closed at most this long after its timeout. */
    static Duration period(Duration timeout) {
        Duration tenth = timeout.dividedBy(10);
        Duration atMost = Duration.ofSeconds(5);
        Duration atLeast = Duration.ofMillis(100);
        return tenth.compareTo(atMost) > 0 ? atMost : tenth.compareTo(atLeast) < 0 ? atLeast : tenth;
    }

    /**
     * Starts watching a connection; {@code onIdle} runs (on the sweep's thread) once it fell silent. With a null
     * {@code onIdle} only the stream's expectations are watched (a stream waiting for its browser to resume it).
     */
    public IdleWatch watch(IdleWatch.Connection connection, Runnable onIdle) {
        IdleWatch watch = new IdleWatch(connection, onIdle, clock);
        if (periodNanos > 0) {
            watched.add(watch);
        }
        return watch;
    }

    public void forget(IdleWatch watch) {
        watched.remove(watch);
    }

    int watchedCount() {
        return watched.size();
    }

    void sweep() {
        long now = clock.getAsLong();
        for (IdleWatch watch : watched) {
            try {
                if (!watch.check(now, timeoutNanos, periodNanos)) {
                    watched.remove(watch);
                }
            } catch (RuntimeException e) {
                // one broken connection must not stop the sweep for the others
                watched.remove(watch);
                System.getLogger(IdleSweep.class.getName()).log(System.Logger.Level.WARNING,
                        "Idle check of a connection failed", e);
            }
        }
    }
}
