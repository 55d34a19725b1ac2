package io.liverelay.monitoring.control;

import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.entity.VideoMode;
import io.liverelay.ingest.control.Connections;
import io.liverelay.ingest.control.RelayStats;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.StreamDetached;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamFailed;
import io.liverelay.ingest.entity.StreamPublishing;
import io.liverelay.ingest.entity.StreamReconnecting;
import io.liverelay.ingest.entity.StreamResumed;
import io.liverelay.ingest.entity.StreamStarted;
import io.liverelay.ingest.entity.StreamState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The relay's meters, in Prometheus' text format on {@link #scrape()}. Gauges read the live streams when
 * scraped; counters follow the lifecycle events (docs/events.md) and the relay's totals. Names and labels are
 * listed in docs/operations.md.
 */
@ApplicationScoped
public class RelayMetrics {

    /** Start-to-first-picture buckets: a copied stream is live in about a second, a transcode in a few. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
        Duration.ofSeconds(8), Duration.ofSeconds(13), Duration.ofSeconds(20), Duration.ofSeconds(30)};

    @Inject
    Connections connections;

    @Inject
    RelayStats stats;

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    private Timer startLatency;
    private Counter reconnects;
    private Counter detached;
    private Counter resumed;

    @PostConstruct
    void bind() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bindStreams(registry);
        bindTotals(registry);
        startLatency = Timer.builder("relay.start.latency")
                .description("From the browser's start message to the first frame ffmpeg sent to the RTMP server")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        reconnects = Counter.builder("relay.ffmpeg.reconnects")
                .description("ffmpeg restarts after the RTMP server went away").register(registry);
        detached = Counter.builder("relay.streams.detached")
                .description("Streams whose browser connection was lost, kept for a resume").register(registry);
        resumed = Counter.builder("relay.streams.resumed")
                .description("Streams a browser resumed on a new connection").register(registry);
        // every known series from the start, so that rates and alerts see zeros instead of gaps
        for (VideoMode mode : VideoMode.values()) {
            registry.counter("relay.streams.started", "mode", mode.wireName());
        }
        registry.counter("relay.streams.ended", "outcome", "requested");
        registry.counter("relay.streams.ended", "outcome", "failed");
        for (RelayError error : RelayError.values()) {
            registry.counter("relay.errors", "error", error.name(), "fatal", Boolean.toString(error.fatal()));
        }
    }

    private void bindStreams(MeterRegistry meters) {
        Gauge.builder("relay.connections", this, m -> m.streams(s -> !s.detached()))
                .description("WebSockets open, with or without a stream").register(meters);
        Gauge.builder("relay.streams.waiting", this, m -> m.streams(ConnectionStatus::detached))
                .description("Streams whose connection was lost, waiting for their browser to resume them")
                .register(meters);
        for (StreamState state : List.of(StreamState.RUNNING, StreamState.RECONNECTING, StreamState.ENDING)) {
            Gauge.builder("relay.streams", this, m -> m.streams(s -> s.ffmpeg() != null
                    && s.ffmpeg().status() == state)).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Started streams by state").register(meters);
        }
        for (String mode : List.of("copy", "transcode")) {
            Gauge.builder("relay.streams.live", this, m -> m.streams(s -> s.ffmpeg() != null
                    && s.ffmpeg().status() != StreamState.ENDED && mode.equals(s.ffmpeg().mode())))
                    .tag("mode", mode).description("Started streams not yet ended, by video mode").register(meters);
        }
        for (DestinationState state : DestinationState.values()) {
            if (state != DestinationState.ENDED) { // a stream whose destinations ended is gone from the view
                Gauge.builder("relay.destinations", this, m -> m.destinations(state))
                        .tag("state", state.wireName())
                        .description("Destinations of the streams running now, by state").register(meters);
            }
        }
        Gauge.builder("relay.queued", connections, Connections::bytesQueued).baseUnit("bytes")
                .description("Media received and not yet taken by ffmpeg, over all streams").register(meters);
    }

    private void bindTotals(MeterRegistry meters) {
        FunctionCounter.builder("relay.received", stats, RelayStats::bytesReceived).baseUnit("bytes")
                .description("Media received from browsers").register(meters);
        FunctionCounter.builder("relay.sent", stats, RelayStats::bytesSent).baseUnit("bytes")
                .description("Bytes ffmpeg sent to RTMP servers").register(meters);
        for (RelayError limit : List.of(RelayError.TOO_MANY_CONNECTIONS, RelayError.SERVER_BUSY)) {
            FunctionCounter.builder("relay.connections.refused", stats, s -> s.connectionsRefused(limit))
                    .tag("error", limit.name()).description("WebSockets refused for a connection limit")
                    .register(meters);
        }
    }

    private double destinations(DestinationState state) {
        return connections.getConnections().stream().flatMap(c -> c.destinations().stream())
                .filter(d -> d.state() == state).count();
    }

    private double streams(Predicate<ConnectionStatus> which) {
        return connections.getConnections().stream().filter(which).count();
    }

    /**
     * Made with the application, not at the first event: the registry's classes must load while the WAR is
     * deployed (WildFly failed to load them for an event that came during undeploy), and a scrape sees zeros.
     */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // the call makes the bean
    }

    void started(@Observes StreamStarted event) {
        registry.counter("relay.streams.started", "mode", event.mode().wireName()).increment();
    }

    void failed(@Observes StreamFailed event) {
        registry.counter("relay.errors", "error", event.error().name(),
                "fatal", Boolean.toString(event.error().fatal())).increment();
    }

    void ended(@Observes StreamEnded event) {
        registry.counter("relay.streams.ended", "outcome", event.requested() ? "requested" : "failed").increment();
    }

    void reconnecting(@Observes StreamReconnecting event) {
        reconnects.increment();
    }

    void detached(@Observes StreamDetached event) {
        detached.increment();
    }

    void resumed(@Observes StreamResumed event) {
        resumed.increment();
    }

    void publishing(@Observes StreamPublishing event) {
        startLatency.record(event.sinceStart());
    }

    /** Every meter in Prometheus' text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        gc.close(); // its GC listeners would keep the WAR's classes after an undeploy
        registry.close();
    }
}
