package io.liverelay.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * One browser tab of the stress run, over and over until the run's time is up: connect, {@code start}, stream
 * the bench media in real time for a drawn while (maybe pausing, maybe losing its RTMP publisher to the sink's
 * control module), end the way drawn for it ({@link StressEnding}), and start the next stream at once. When the
 * time is up it stops the stream it has. Everything is recorded in its {@link StressStream}s.
 */
final class StressActor implements Runnable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DESTROYED_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PING_EVERY = Duration.ofSeconds(5);
    private static final Duration AFTER_REFUSAL = Duration.ofSeconds(1);
    private static final int GOING_AWAY = 1001;
    private static final Set<String> ANSWERS = Set.of("started", "error");
    private static final Set<String> DESTROYED = Set.of("destroyed");
    private static final String STOP = "{\"type\":\"stop\"}";
    private static final String PAUSE = "{\"type\":\"pause\"}";
    private static final String RESUME = "{\"type\":\"resume\"}";
    private static final String PING = "{\"type\":\"ping\"}";

    private final int index;
    private final Random random;
    private final StressTally tally;

    StressActor(int index, long seed, StressTally tally) {
        this.index = index;
        // one generator per actor, so an actor's streams do not depend on how the others' went
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        this.tally = tally;
    }

    @Override
    public void run() {
        for (int sequence = 1; !tally.over(); sequence++) {
            StressStream stream = StressStream.draw(index, sequence, random, tally.plan.sliceSeconds());
            try {
                once(stream);
            } catch (RuntimeException | AssertionError e) {
                stream.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            stream.judge();
            tally.finished(stream);
            if (stream.refusal != null || stream.connectFailure != null) {
                Loopback.sleep(AFTER_REFUSAL); // as a page would wait before trying again
            }
        }
    }

    private void once(StressStream stream) {
        StressSocket socket;
        try {
            socket = StressSocket.open(tally.relay, stream.key);
        } catch (UncheckedIOException e) {
            stream.connectFailure = e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
            return;
        }
        tally.opened(socket);
        boolean started = false;
        try {
            socket.sendText(start(stream.key));
            JsonObject answer = socket.await(ANSWERS, ANSWER_TIMEOUT);
            if (answer == null) {
                socket.reset(); // no answer is a problem of its own (judged); waiting longer tells nothing more
                return;
            }
            if ("error".equals(answer.getString("type", ""))) {
                stream.refusal = StressStream.errorName(answer);
                tally.refused();
                socket.await(DESTROYED, DESTROYED_TIMEOUT);
                socket.awaitEnd(CLOSE_TIMEOUT);
                return;
            }
            stream.id = answer.getString("id", "?");
            tally.started();
            started = true;
            stream.ending = streamMedia(socket, stream);
            end(socket, stream, stream.ending);
        } finally {
            if (started) {
                tally.stopped();
            }
            socket.release();
            stream.closeCode = socket.closeCode();
            stream.messages = socket.messages();
            tally.closed(socket);
        }
    }

    /**
     * Sends chunk k at k·slice after the first (a late send never delays the next ones; a pause moves the rest
     * of the schedule by its length). Returns the ending that comes next: the drawn one, or the run's end, or
     * the relay's if it ended the stream first.
     */
    private StressEnding streamMedia(StressSocket socket, StressStream stream) {
        long slice = (long) (tally.plan.sliceSeconds() * 1e9);
        long base = System.nanoTime();
        boolean dropPending = stream.dropAt >= 0;
        for (int k = 0; k < stream.chunks; k++) {
            if (k == stream.pauseAt) {
                long paused = pause(socket, stream);
                if (paused < 0) {
                    return tally.over() ? StressEnding.END_OF_RUN : StressEnding.BY_SERVER;
                }
                base += paused;
            }
            long due = base + k * slice;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            if (tally.over()) {
                return StressEnding.END_OF_RUN;
            }
            if (socket.ended() || socket.count("destroyed") > 0) {
                return StressEnding.BY_SERVER;
            }
            if (dropPending && k >= stream.dropAt) {
                // the relay retries a lost RTMP server only for a stream that was live: wait for its first frames
                if (socket.live()) {
                    stream.drop = tally.sink.dropPublisher(stream.key);
                    dropPending = false;
                } else if (k >= stream.lastDropChunk) {
                    stream.dropSkipped = true;
                    dropPending = false;
                }
            }
            long before = System.nanoTime();
            try {
                socket.sendBinary(tally.plan.chunk(k));
            } catch (UncheckedIOException e) {
                return StressEnding.BY_SERVER; // the relay closed the connection
            }
            stream.chunksSent++;
            if (before - due > StreamTrace.LATE_NANOS) {
                stream.lateSends++;
            }
            stream.slowestSendNanos = Math.max(stream.slowestSendNanos, System.nanoTime() - before);
        }
        return stream.planned;
    }

    /**
     * {@code pause}, silence but for a {@code ping} every few seconds, {@code resume}, as the JS client does around
     * a paused recorder. Returns how long it lasted, or -1 when the run's time ran out or the relay ended the
     * stream meanwhile (then no {@code resume} is sent).
     */
    private long pause(StressSocket socket, StressStream stream) {
        long start = System.nanoTime();
        long until = start + Duration.ofSeconds(stream.pauseSeconds).toNanos();
        try {
            socket.sendText(PAUSE);
            long nextPing = start + PING_EVERY.toNanos();
            while (System.nanoTime() - until < 0 && !tally.over() && !socket.ended()) {
                LockSupport.parkNanos(Math.min(until, nextPing) - System.nanoTime());
                long now = System.nanoTime();
                if (now - nextPing >= 0 && now - until < 0) {
                    socket.sendText(PING);
                    stream.pings++;
                    nextPing += PING_EVERY.toNanos();
                }
            }
            stream.pausedNanos = System.nanoTime() - start;
            if (tally.over() || socket.ended()) {
                return -1;
            }
            socket.sendText(RESUME);
        } catch (UncheckedIOException e) {
            stream.pausedNanos = System.nanoTime() - start;
            return -1; // the relay closed the connection
        }
        return System.nanoTime() - start;
    }

    private void end(StressSocket socket, StressStream stream, StressEnding ending) {
        switch (ending) {
            case STOP, END_OF_RUN -> {
                stream.ffmpegPid = ffmpegPid(stream);
                try {
                    socket.sendText(STOP);
                } catch (UncheckedIOException e) {
                    // the relay closed first: judged by what it said
                }
                awaitDestroyed(socket, stream);
                endedByRelayFirst(stream, socket);
            }
            case ADMIN_STOP -> {
                stream.ffmpegPid = ffmpegPid(stream);
                stream.adminStatus = tally.admin.stop(stream.id);
                awaitDestroyed(socket, stream);
                endedByRelayFirst(stream, socket);
            }
            case CLOSE_FRAME -> {
                try {
                    socket.sendClose(GOING_AWAY);
                } catch (UncheckedIOException e) {
                    // the relay closed first
                }
                socket.awaitEnd(CLOSE_TIMEOUT);
            }
            case RESET -> socket.reset();
            case VANISH -> socket.vanish();
            case BY_SERVER -> {
                socket.await(DESTROYED, DESTROYED_TIMEOUT);
                socket.awaitEnd(CLOSE_TIMEOUT);
            }
            default -> throw new IllegalStateException("no such ending: " + ending);
        }
    }

    // a fatal error just before our stop: the relay ended the stream, and it is judged as such (its own close code)
    private static void endedByRelayFirst(StressStream stream, StressSocket socket) {
        boolean fatal = socket.messages().stream().anyMatch(m -> "error".equals(m.getString("type", ""))
                && m.containsKey("error") && m.getJsonObject("error").getBoolean("fatal", false));
        if (fatal) {
            stream.ending = StressEnding.BY_SERVER;
        }
    }

    // destroyed means the stream's ffmpeg "has exited and was reaped": it must no longer be the relay's child
    private void awaitDestroyed(StressSocket socket, StressStream stream) {
        if (socket.await(DESTROYED, DESTROYED_TIMEOUT) != null && stream.ffmpegPid > 0) {
            stream.ffmpegAfterDestroyed = Proc.children(tally.relayPid, "ffmpeg").contains(stream.ffmpegPid);
        }
        socket.awaitEnd(CLOSE_TIMEOUT);
    }

    // 0 when the admin API shows none (between a lost RTMP server and the retry, or not answering)
    private long ffmpegPid(StressStream stream) {
        try {
            return tally.admin.ffmpegPid(stream.id).orElse(0);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private String start(String key) {
        return startMessage(tally.sink.url(key), tally.mimeType);
    }

    /** {@code start} as the JS client sends it for a 720p30 camera (the benchmark's browsers send the same). */
    static String startMessage(String rtmp, String mimeType) {
        JsonObject config = Json.createObjectBuilder()
                .add("rtmp", rtmp)
                .add("mimeType", mimeType)
                .add("framerate", 30)
                .add("audioSampleRate", 48000)
                .add("audioBitsPerSecond", 128000)
                .add("videoBitsPerSecond", 2500000)
                .build();
        return Json.createObjectBuilder().add("type", "start").add("config", config).build().toString();
    }
}
