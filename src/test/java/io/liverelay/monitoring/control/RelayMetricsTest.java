package io.liverelay.monitoring.control;

import static io.liverelay.testsupport.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.error.entity.RelayError;
import io.liverelay.ffmpeg.entity.VideoMode;
import io.liverelay.ingest.control.Connections;
import io.liverelay.ingest.control.RelayStats;
import io.liverelay.ingest.entity.ConnectionStatus;
import io.liverelay.ingest.entity.DestinationState;
import io.liverelay.ingest.entity.DestinationStatus;
import io.liverelay.ingest.entity.StreamEnded;
import io.liverelay.ingest.entity.StreamFailed;
import io.liverelay.ingest.entity.StreamPublishing;
import io.liverelay.ingest.entity.StreamReconnecting;
import io.liverelay.ingest.entity.StreamStarted;
import io.liverelay.ingest.entity.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters as Prometheus reads them, fed by the events and views the relay produces. */
class RelayMetricsTest {

    private final List<ConnectionStatus> live = new ArrayList<>();
    private final RelayMetrics metrics = new RelayMetrics();

    @BeforeEach
    void bind() {
        metrics.connections = new Connections() {
            @Override
            public List<ConnectionStatus> getConnections() {
                return List.copyOf(live);
            }

            @Override
            public long bytesQueued() {
                return 4096;
            }
        };
        metrics.stats = new RelayStats();
        metrics.bind();
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void liveStreamsAreCountedByStateAndModeWhenScraped() {
        live.add(connection(null));
        live.add(connection(StreamState.RUNNING, "copy"));
        live.add(connection(StreamState.RUNNING, "transcode"));
        live.add(connection(StreamState.RECONNECTING, "copy"));
        String text = metrics.scrape();
        assertEquals(4, value(text, "relay_connections"));
        assertEquals(2, value(text, "relay_streams{state=\"running\"}"));
        assertEquals(1, value(text, "relay_streams{state=\"reconnecting\"}"));
        assertEquals(0, value(text, "relay_streams{state=\"ending\"}"));
        assertEquals(2, value(text, "relay_streams_live{mode=\"copy\"}"));
        assertEquals(1, value(text, "relay_streams_live{mode=\"transcode\"}"));
        assertEquals(4096, value(text, "relay_queued_bytes"));

        live.clear();
        assertEquals(0, value(metrics.scrape(), "relay_connections"), "gauges follow the streams");
    }

    @Test
    void destinationsAreCountedByStateOverEveryStream() {
        live.add(withDestinations(DestinationState.LIVE, DestinationState.RECONNECTING));
        live.add(withDestinations(DestinationState.LIVE, DestinationState.FAILED, DestinationState.STOPPED));
        live.add(withDestinations(DestinationState.CONNECTING));
        String text = metrics.scrape();
        assertEquals(2, value(text, "relay_destinations{state=\"live\"}"));
        assertEquals(1, value(text, "relay_destinations{state=\"reconnecting\"}"));
        assertEquals(1, value(text, "relay_destinations{state=\"connecting\"}"));
        assertEquals(1, value(text, "relay_destinations{state=\"failed\"}"));
        assertEquals(1, value(text, "relay_destinations{state=\"stopped\"}"));
        assertTrue(!text.contains("relay_destinations{state=\"ended\"}"), "an ended destination's stream is gone");
        assertTrue(!text.contains("rtmp://"), "no label holds a destination");
    }

    @Test
    void lifecycleEventsAreCountedByOutcomeAndName() {
        assertEquals(0, value(metrics.scrape(), "relay_errors_total{error=\"QUEUE_FULL\",fatal=\"true\"}"),
                "every series exists before its first event");
        metrics.started(new StreamStarted("a", "rtmp://…", VideoMode.COPY, 1));
        metrics.started(new StreamStarted("b", "rtmp://…", VideoMode.COPY, 2));
        metrics.failed(new StreamFailed("b", RelayError.QUEUE_FULL, "full"));
        metrics.failed(new StreamFailed("c", RelayError.TOO_MANY_STREAMS, "limit"));
        metrics.reconnecting(new StreamReconnecting("a", 1, "gone"));
        metrics.ended(new StreamEnded("a", 0, true));
        metrics.ended(new StreamEnded("b", 255, false));
        String text = metrics.scrape();
        assertEquals(2, value(text, "relay_streams_started_total{mode=\"copy\"}"));
        assertEquals(0, value(text, "relay_streams_started_total{mode=\"transcode\"}"));
        assertEquals(1, value(text, "relay_errors_total{error=\"QUEUE_FULL\",fatal=\"true\"}"));
        assertEquals(1, value(text, "relay_errors_total{error=\"TOO_MANY_STREAMS\",fatal=\"true\"}"));
        assertEquals(1, value(text, "relay_ffmpeg_reconnects_total"));
        assertEquals(1, value(text, "relay_streams_ended_total{outcome=\"requested\"}"));
        assertEquals(1, value(text, "relay_streams_ended_total{outcome=\"failed\"}"));
    }

    @Test
    void theStartLatencyIsAHistogramInSeconds() {
        metrics.publishing(new StreamPublishing("a", Duration.ofMillis(700)));
        metrics.publishing(new StreamPublishing("b", Duration.ofMillis(2500)));
        String text = metrics.scrape();
        assertEquals(2, value(text, "relay_start_latency_seconds_count"));
        assertEquals(3.2, value(text, "relay_start_latency_seconds_sum"), 0.001);
        assertEquals(0, value(text, "relay_start_latency_seconds_bucket{le=\"0.5\"}"));
        assertEquals(1, value(text, "relay_start_latency_seconds_bucket{le=\"1.0\"}"));
        assertEquals(2, value(text, "relay_start_latency_seconds_bucket{le=\"3.0\"}"));
    }

    @Test
    void theJvmIsThereAndNoStreamKeyEverIs() {
        metrics.started(new StreamStarted("a", "rtmp://127.0.0.1/live/secret-key", VideoMode.COPY, 1));
        String text = metrics.scrape();
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM memory");
        assertTrue(text.contains("jvm_threads_live_threads"), "JVM threads");
        assertTrue(text.contains("process_uptime_seconds"), "uptime");
        assertTrue(!text.contains("secret-key") && !text.contains("rtmp://"), "no destination in any label");
    }

    private static ConnectionStatus connection(StreamState state, String mode) {
        return new ConnectionStatus("id", "127.0.0.1", Instant.now(), new ConnectionStatus.Ffmpeg(state, mode,
                "video/webm", 0, null, 0, 0, null, Instant.now(), 0, 0, null));
    }

    private static ConnectionStatus withDestinations(DestinationState... states) {
        List<DestinationStatus> destinations = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            destinations.add(new DestinationStatus(i, "rtmp://127.0.0.1/live/ke…" + i, states[i], 0, 0, 0, 0, null,
                    null));
        }
        return new ConnectionStatus("id", "127.0.0.1", Instant.now(), new ConnectionStatus.Ffmpeg(StreamState.RUNNING,
                "copy", "video/webm", 0, null, 0, 0, null, Instant.now(), 0, 0, null), destinations);
    }

    private static ConnectionStatus connection(Object none) {
        return new ConnectionStatus("id", "127.0.0.1", Instant.now(), null);
    }

    /** The sample's value in Prometheus text: the line that starts with the name and labels given. */
}
