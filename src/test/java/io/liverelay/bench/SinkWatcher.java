package io.liverelay.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls every stream's recording at the sink: marks the moment its first picture arrived and, while its browser
 * sends, samples the relay lag: the media time the relay had been given minus the media time nginx has received.
 * A stream with several destinations has a recording per destination: its first picture is when every one has
 * shown one, and its lag the worst of them (the target holds on every destination).
 */
final class SinkWatcher implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);
    static final Duration LAG_SAMPLE = Duration.ofMillis(250);

    private final Map<StreamTrace, Watched> streams = new ConcurrentHashMap<>();
    private final Thread thread = new Thread(this::loop, "bench-sink-watcher");
    private volatile boolean running = true;

    SinkWatcher() {
        thread.setDaemon(true);
        thread.start();
    }

    void watch(StreamTrace trace, FlvTail tail) {
        watch(trace, List.of(tail));
    }

    /** {@code tails}: one per destination of the stream. */
    void watch(StreamTrace trace, List<FlvTail> tails) {
        streams.put(trace, new Watched(tails));
    }

    private void loop() {
        while (running) {
            long now = System.nanoTime();
            streams.forEach((trace, watched) -> watched.poll(trace, now));
            Loopback.sleep(POLL);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.values().forEach(w -> w.tails.forEach(FlvTail::close));
    }

    private static final class Watched {
        final List<FlvTail> tails;
        long lastSample;

        Watched(List<FlvTail> tails) {
            this.tails = List.copyOf(tails);
        }

        void poll(StreamTrace trace, long now) {
            if (trace.startSentNanos == 0) {
                return;
            }
            if (trace.firstPictureNanos == 0) {
                tails.forEach(FlvTail::poll); // every POLL until the first picture, for the start latency
                if (tails.stream().allMatch(FlvTail::pictureSeen)) {
                    trace.firstPictureNanos = now;
                }
            } else if (trace.sending(now) && now - lastSample >= LAG_SAMPLE.toNanos()) {
                tails.forEach(FlvTail::poll); // then only when a lag sample is due: the harness shares the CPUs
                lastSample = now;
                long behindMost = tails.stream().mapToLong(FlvTail::lastTimestampMs).min().orElse(0);
                double atSink = Math.max(0, behindMost) / 1000.0;
                trace.addLag((now - trace.firstChunkNanos) / 1e9, trace.mediaDueSeconds(now) - atSink);
            }
        }
    }
}
