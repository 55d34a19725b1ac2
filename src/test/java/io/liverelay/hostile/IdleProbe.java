package io.liverelay.hostile;

import io.liverelay.testsupport.RelayClient;
import io.liverelay.testsupport.RtmpSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Connections that go silent, opened when the class starts so that their timeouts run out while other cases run:
 * one that never started a stream (the idle timeout), one whose stream got a first chunk and then nothing, one
 * that keeps pinging but sends no media (both the media timeout: pings prove a socket, not a broadcast), and one
 * that paused and keeps pinging (the longest pause).
 */
final class IdleProbe implements AutoCloseable {

    /** What the server did with a silent connection: its close code, how long after its last media, and the errors it sent. */
    record Closed(int code, Duration silence, List<String> errors) {
    }

    /** One silent connection, its ffmpeg (none before a start) and how it ended. */
    private record Probe(RelayClient client, ProcessHandle ffmpeg, CompletableFuture<Closed> closed) {
    }

    private final List<RtmpSink> sinks = new ArrayList<>(); // one each: an RTMP sink takes one publisher
    private final ScheduledExecutorService pings;
    private final Probe unstarted;
    private final Probe started;
    private final Probe pinging;
    private final Probe paused;

    private IdleProbe(Harness h) {
        pings = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "idle-probe-pings");
            thread.setDaemon(true);
            return thread;
        });
        RelayClient quiet = RelayClient.connect(h.ws);
        unstarted = new Probe(quiet, null, watch(quiet, System.nanoTime()));
        started = startStream(h, "idle-silent", false);
        pinging = startStream(h, "idle-pinging", false);
        paused = startStream(h, "idle-paused", true);
        for (Probe probe : List.of(pinging, paused)) {
            pings.scheduleAtFixedRate(() -> ping(probe.client()), 2, 2, TimeUnit.SECONDS);
        }
    }

    static IdleProbe start(Harness h) {
        return new IdleProbe(h);
    }

    private Probe startStream(Harness h, String name, boolean pause) {
        RtmpSink sink = h.sink(name);
        sinks.add(sink);
        Set<Long> known = h.background();
        known.addAll(ffmpegs(Arrays.asList(started, pinging))); // not assigned yet: null
        RelayClient client = RelayClient.connect(h.ws);
        client.sendStart(h.config(sink.url()));
        client.awaitMessage("started", Harness.WAIT);
        ProcessHandle ffmpeg = Harness.theOnlyNew(known);
        client.sendBinary(h.firstChunk());
        if (pause) {
            client.sendText("{\"type\":\"pause\"}");
        }
        return new Probe(client, ffmpeg, watch(client, System.nanoTime()));
    }

    /** The ffmpegs of the probe's streams that still run. */
    Set<Long> ffmpegPids() {
        return ffmpegs(List.of(started, pinging, paused));
    }

    private static Set<Long> ffmpegs(List<Probe> probes) {
        return probes.stream().filter(p -> p != null && p.ffmpeg().isAlive()).map(p -> p.ffmpeg().pid())
                .collect(Collectors.toSet());
    }

    List<ProcessHandle> ffmpegs() {
        return List.of(started.ffmpeg(), pinging.ffmpeg(), paused.ffmpeg());
    }

    Closed unstartedClosed(Duration timeout) throws Exception {
        return await(unstarted, timeout);
    }

    Closed startedClosed(Duration timeout) throws Exception {
        return await(started, timeout);
    }

    /** Whether the silent stream had sent frames on before it closed (the relay said so in a progress message). */
    boolean startedSentFrames() {
        return started.client().messages().stream().anyMatch(m -> "progress".equals(m.getString("type", null))
                && m.getJsonNumber("frames").longValue() > 0);
    }

    Closed pingingClosed(Duration timeout) throws Exception {
        return await(pinging, timeout);
    }

    Closed pausedClosed(Duration timeout) throws Exception {
        return await(paused, timeout);
    }

    @Override
    public void close() {
        pings.shutdownNow();
        List<Probe> all = new ArrayList<>(List.of(unstarted, started, pinging, paused));
        all.forEach(p -> p.client().close());
        sinks.forEach(RtmpSink::close);
    }

    private static void ping(RelayClient client) {
        try {
            client.sendText("{\"type\":\"ping\"}");
        } catch (RuntimeException e) {
            // closed by the server: what the case asserts
        }
    }

    private static Closed await(Probe probe, Duration timeout) throws Exception {
        return probe.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
