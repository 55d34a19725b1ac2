package io.liverelay.hostile;

import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Two connections that go silent, opened when the class starts so that their idle timeout runs out while
 * other cases run: one that never started a stream, and one whose stream runs and then gets no more media.
 */
final class IdleProbe implements AutoCloseable {

    /** What the server did with a silent connection: its close code, how long after its last message, and the errors it sent. */
    record Closed(int code, Duration silence, List<String> errors) {
    }

    private final RtmpSink sink;
    private final RelayClient unstarted;
    private final RelayClient started;
    private final ProcessHandle ffmpeg;
    private final CompletableFuture<Closed> unstartedClosed;
    private final CompletableFuture<Closed> startedClosed;

    private IdleProbe(RtmpSink sink, RelayClient unstarted, long unstartedQuietSince, RelayClient started,
            ProcessHandle ffmpeg, long startedQuietSince) {
        this.sink = sink;
        this.unstarted = unstarted;
        this.started = started;
        this.ffmpeg = ffmpeg;
        this.unstartedClosed = watch(unstarted, unstartedQuietSince);
        this.startedClosed = watch(started, startedQuietSince);
    }

    static IdleProbe start(Harness h) {
        RelayClient unstarted = RelayClient.connect(h.ws);
        long unstartedQuietSince = System.nanoTime();
        RtmpSink sink = h.sink("idle");
        RelayClient started = RelayClient.connect(h.ws);
        started.sendStart(h.config(sink.url()));
        started.awaitMessage("started", Harness.WAIT);
        ProcessHandle ffmpeg = h.ownFfmpeg();
        started.sendBinary(h.firstChunk());
        long startedQuietSince = System.nanoTime();
        return new IdleProbe(sink, unstarted, unstartedQuietSince, started, ffmpeg, startedQuietSince);
    }

    Optional<Long> ffmpegPid() {
        return ffmpeg.isAlive() ? Optional.of(ffmpeg.pid()) : Optional.empty();
    }

    ProcessHandle ffmpeg() {
        return ffmpeg;
    }

    Closed unstartedClosed(Duration timeout) throws Exception {
        return await(unstartedClosed, timeout);
    }

    Closed startedClosed(Duration timeout) throws Exception {
        return await(startedClosed, timeout);
    }

    @Override
    public void close() {
        unstarted.close();
        started.close();
        sink.close();
    }

    private static Closed await(CompletableFuture<Closed> closed, Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static CompletableFuture<Closed> watch(RelayClient client, long quietSince) {
        // a thread of its own: the common pool may have a single thread on a small machine
        return CompletableFuture.supplyAsync(() -> {
            int code = client.awaitClose(Duration.ofMinutes(5));
            Duration silence = Duration.ofNanos(System.nanoTime() - quietSince);
            return new Closed(code, silence, client.errors().stream()
                    .map(e -> e.getJsonObject("error").getString("name")).toList());
        }, task -> {
            Thread thread = new Thread(task, "idle-probe");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
