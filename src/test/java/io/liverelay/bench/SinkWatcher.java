package io.liverelay.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls every stream's recording at the sink: marks the moment its first picture arrived and, while its browser
 * sends, samples the relay lag: the media time the relay had been given minus the media time nginx has received.
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
        streams.put(trace, new Watched(tail));
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
        streams.values().forEach(w -> w.tail.close());
    }

    private static final class Watched {
        final FlvTail tail;
        long lastSample;

        Watched(FlvTail tail) {
            this.tail = tail;
        }

        void poll(StreamTrace trace, long now) {
            if (trace.startSentNanos == 0) {
                return;
            }
            if (trace.firstPictureNanos == 0) {
                tail.poll(); // every POLL until the first picture, for the start latency
                if (tail.pictureSeen()) {
                    trace.firstPictureNanos = now;
                }
            } else if (trace.sending(now) && now - lastSample >= LAG_SAMPLE.toNanos()) {
                tail.poll(); // then only when a lag sample is due: the harness shares the relay's CPUs
                lastSample = now;
                double atSink = Math.max(0, tail.lastTimestampMs()) / 1000.0;
                trace.addLag((now - trace.firstChunkNanos) / 1e9, trace.mediaDueSeconds(now) - atSink);
            }
        }
    }
}
