package io.liverelay.bench;

import io.liverelay.testsupport.RelayClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One browser tab streaming its camera: opens the WebSocket, sends {@code start} as the JS client does, waits for
 * {@code started}, then sends chunk k of the plan at k·slice after the first (a late send never delays the next
 * ones), then {@code stop}, and waits for {@code destroyed}. With several RTMP URLs, {@code rtmp} is their list
 * (docs/protocol.md), as a page that simulcasts sends it.
 */
final class SimulatedBrowser implements Runnable {

    private static final Duration STARTED_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DESTROYED_TIMEOUT = Duration.ofSeconds(60);

    private final URI relay;
    private final List<String> rtmpUrls;
    private final String mimeType;
    private final ChunkPlan plan;
    private final StreamTrace trace;

    SimulatedBrowser(URI relay, List<String> rtmpUrls, String mimeType, ChunkPlan plan, StreamTrace trace) {
        if (rtmpUrls.isEmpty()) {
            throw new IllegalArgumentException("a stream needs at least one RTMP URL");
        }
        this.relay = relay;
        this.rtmpUrls = List.copyOf(rtmpUrls);
        this.mimeType = mimeType;
        this.plan = plan;
        this.trace = trace;
    }

    @Override
    public void run() {
        RelayClient client = null;
        try {
            client = RelayClient.connect(relay);
            trace.startSentNanos = System.nanoTime();
            client.sendStart(config());
            client.awaitMessage("started", STARTED_TIMEOUT);
            trace.startedNanos = System.nanoTime();
            sendChunks(client);
            trace.sendEndNanos = System.nanoTime();
            if (client.closeReason() == null) {
                client.sendStop();
                client.awaitMessage("destroyed", DESTROYED_TIMEOUT);
                trace.destroyedNanos = System.nanoTime();
                trace.destroyed = true;
            }
        } catch (AssertionError | RuntimeException e) {
            trace.failure = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        } finally {
            if (trace.sendEndNanos == 0) {
                trace.sendEndNanos = System.nanoTime();
            }
            if (client != null) {
                client.errors().forEach(e -> trace.addError(e.getJsonObject("error").getString("name", "?")));
                client.close();
            }
        }
    }

    private void sendChunks(RelayClient client) {
        long slice = (long) (plan.sliceSeconds() * 1e9);
        long first = System.nanoTime();
        trace.firstChunkNanos = first;
        for (int k = 0; k < trace.chunksPlanned; k++) {
            long due = first + k * slice;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            long late = System.nanoTime() - due;
            try {
                client.sendBinary(plan.chunk(k));
            } catch (UncheckedIOException e) {
                return; // the relay closed the socket (a fatal error): the rest of the chunks are dropped
            }
            trace.sent(late);
        }
    }

    private JsonObject config() {
        JsonObjectBuilder config = Json.createObjectBuilder();
        if (rtmpUrls.size() == 1) {
            config.add("rtmp", rtmpUrls.get(0)); // the single-URL form every client sent before simulcast
        } else {
            config.add("rtmp", Json.createArrayBuilder(rtmpUrls));
        }
        return config
                .add("mimeType", mimeType)
                .add("framerate", 30)
                .add("audioSampleRate", 48000)
                .add("audioBitsPerSecond", 128000)
                .add("videoBitsPerSecond", 2500000)
                .build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
