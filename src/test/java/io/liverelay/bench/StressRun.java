package io.liverelay.bench;

import io.liverelay.bench.StressResult.Dumps;
import io.liverelay.bench.StressResult.Leftovers;
import io.liverelay.bench.StressResult.Probe;
import io.liverelay.bench.StressResult.Sample;
import io.liverelay.testsupport.FfmpegProcesses;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stress run (issue 12, {@code bin/bench --stress MINUTES}): nginx-rtmp with its control module and one
 * Payara Micro with the WAR, then N {@link StressActor}s streaming passthrough media for that long, each stream
 * ending a drawn way (stop, admin stop, close frame, TCP reset or close), some pausing, some losing their RTMP
 * publisher. A thread dump midway; after the run, a bounded wait for the relay to let everything go, then what
 * is left (ffmpegs, connections), two thread dumps 5 s apart, and a probe that starts as many streams at once
 * as the relay has slots. The report goes to {@code <out>/report.md}, each stream to {@code streams.csv}.
 */
final class StressRun {

    static final Mode MODE = Mode.PASSTHROUGH;
    // the sweep's loop of the fixture (60 s runs + 5 s), so the cached file is reused; a stream sends at most 40 s
    private static final int MEDIA_SECONDS = 65;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final Duration DUMP_GAP = Duration.ofSeconds(5);
    private static final Duration FINISH_GRACE = Duration.ofMinutes(3);
    private static final Duration AFTER_RESET = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final String STOP = "{\"type\":\"stop\"}";

    private StressRun() {
    }

    /** The report and the checks that failed (none: the run passed). */
    record Outcome(Path report, List<String> failed) {
    }

    static Outcome run(BenchSettings settings) {
        BenchSettings.Stress stress = settings.stress();
        Path out = settings.outDir();
        String operator = StressAdmin.operator(); // before anything starts: without it the admin stops cannot run
        BenchPaths paths = BenchPaths.fromSystemProperties();
        Environment env = Environment.describe(paths.baseDir());
        log("machine: %d cores, %s; load average %s", env.cores(), env.cpuModel(), env.loadAtStart());
        log("%d streams for %d min, seed %d", stress.streams(), stress.minutes(), stress.seed());
        Path war = PayaraMicro.copyWar(paths.war(), out);
        ChunkPlan plan = ChunkPlan.of(BenchMedia.looped(MODE.fixture.get(), MEDIA_SECONDS), Benchmark.CHUNK);
        if (plan.chunkCount() * plan.sliceSeconds() < StressStream.MAX_SECONDS) {
            throw new IllegalStateException("the media holds " + plan.chunkCount() + " chunks, fewer than a stream "
                    + "of " + StressStream.MAX_SECONDS + " s sends");
        }
        int slots = slots(stress.streams());
        List<String> options = new ArrayList<>(settings.serverJvmOptions());
        // given after PayaraMicro's own -Drelay.maxFfmpegInstances=0, so this one counts
        options.add("-Drelay.maxFfmpegInstances=" + slots);
        List<String> relayOptions = new ArrayList<>(PayaraMicro.RELAY_OPTIONS);
        relayOptions.addAll(options);

        try (StressSink sink = StressSink.start(out.resolve("nginx"));
                PayaraMicro server = PayaraMicro.start(out.resolve("payara"), paths, war, options)) {
            StressAdmin admin = StressAdmin.of(server.streamUri(), operator);
            admin.summary(); // the operator can log in, before the actors count on it
            long startNanos = System.nanoTime();
            var tally = new StressTally(server.streamUri(), sink, admin, plan, MODE.fixture.get().mimeType(),
                    server.pid(), startNanos + Duration.ofMinutes(stress.minutes()).toNanos());
            List<Thread> actors = new ArrayList<>();
            for (int i = 0; i < stress.streams(); i++) {
                var actor = new Thread(new StressActor(i, stress.seed(), tally), String.format("stress-actor-%02d", i));
                actor.setDaemon(true);
                actor.start();
                actors.add(actor);
                Loopback.sleep(settings.ramp());
            }
            log("%d actors streaming; midway thread dump at %d s", actors.size(), stress.minutes() * 30);
            List<Sample> timeline = new ArrayList<>();
            Dumps midway = watch(tally, server, admin, startNanos, timeline, out);
            log("time is up: the actors stop their streams");
            int unfinished = join(actors, tally);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            timeline.add(sample(tally, server, admin, startNanos));
            Leftovers leftovers = settle(server, admin);
            log("after the run: %d ffmpeg(s), %d connection(s) left after %d ms", leftovers.ffmpegs().size(),
                    leftovers.connections().size(), leftovers.waitedMillis());
            Dumps end = dumps("after the run", server, out, startNanos);
            log("slot probe: %d streams at once", slots);
            Probe probe = probe(server, sink, slots);
            log("slot probe: %d of %d started %s", probe.started(), probe.streams(), probe.answers());
            Leftovers afterProbe = settle(server, admin);
            var result = new StressResult(env, settings, List.copyOf(relayOptions), slots, seconds, tally.streams(),
                    List.copyOf(timeline), midway, end, leftovers, probe, afterProbe, unfinished, server.isAlive(),
                    sink.isAlive());
            Path report = out.resolve("report.md");
            List<String> failed = StressReport.write(report, out.resolve("streams.csv"), result);
            return new Outcome(report, failed);
        }
    }

    /** As many slots as actors and a quarter more: a stream that an actor left may take a moment to let go. */
    static int slots(int streams) {
        return streams + (streams + 3) / 4;
    }

    // samples the relay until the time is up, with the midway thread dumps on the way
    private static Dumps watch(StressTally tally, PayaraMicro server, StressAdmin admin, long startNanos,
            List<Sample> timeline, Path out) {
        long midwayAt = startNanos + (tally.endNanos - startNanos) / 2;
        Dumps midway = null;
        long nextSample = startNanos;
        while (!tally.over()) {
            long now = System.nanoTime();
            if (midway == null && now - midwayAt >= 0) {
                midway = dumps("midway", server, out, startNanos);
                log("midway: %d streams live, %s", tally.live(), describe(midway));
            }
            if (now - nextSample >= 0) {
                Sample sample = sample(tally, server, admin, startNanos);
                timeline.add(sample);
                log("t=%d s: %d streams live, %d ffmpegs, %d connections, %d JVM threads, %d streams ended, "
                        + "%d refused", sample.seconds(), sample.live(), sample.ffmpegs(), sample.connections(),
                        sample.jvmThreads(), sample.finished(), sample.refusals());
                nextSample += SAMPLE_EVERY.toNanos();
            }
            Loopback.sleep(Duration.ofNanos(Math.max(0, Math.min(Duration.ofSeconds(1).toNanos(),
                    tally.endNanos - System.nanoTime()))));
        }
        return midway != null ? midway : dumps("midway", server, out, startNanos);
    }

    private static Sample sample(StressTally tally, PayaraMicro server, StressAdmin admin, long startNanos) {
        int connections;
        try {
            connections = admin.summary().getInt("connections");
        } catch (RuntimeException e) {
            connections = -1; // shown as such: the admin API did not answer in time
        }
        return new Sample((System.nanoTime() - startNanos) / 1_000_000_000L, tally.live(),
                Proc.children(server.pid(), "ffmpeg").size(), connections, jvmThreads(server.pid()),
                Proc.rssKib(server.pid()).orElse(0), tally.finishedCount(), tally.refusals());
    }

    // the kernel's count of the JVM's threads: Java's, the JVM's own, and native ones
    private static int jvmThreads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("Threads:"))
                    .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                    .findFirst().orElse(-1);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static Dumps dumps(String when, PayaraMicro server, Path out, long startNanos) {
        long at = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String name = "threads-" + when.replace(' ', '-');
        try {
            ThreadDump first = ThreadDump.take(server.pid());
            first.write(out.resolve(name + "-1.txt"));
            Loopback.sleep(DUMP_GAP);
            ThreadDump second = ThreadDump.take(server.pid());
            second.write(out.resolve(name + "-2.txt"));
            return new Dumps(when, at, first, second, null);
        } catch (RuntimeException e) {
            return new Dumps(when, at, null, null, e.getMessage());
        }
    }

    private static String describe(Dumps dumps) {
        if (dumps.failure() != null) {
            return "thread dump failed: " + dumps.failure();
        }
        return String.format(Locale.ROOT, "%d threads, %d in our code, %d BLOCKED, %d BLOCKED in both dumps%s",
                dumps.second().threads().size(), dumps.second().oursByPlace().values().stream()
                        .mapToInt(Integer::intValue).sum(), dumps.second().blockedCount(),
                dumps.stuck().stream().filter(ThreadDump.DumpedThread::blocked).count(),
                dumps.deadlock() ? ", DEADLOCK" : "");
    }

    /** Waits for the actors; those still waiting long after the end have their sockets reset. */
    private static int join(List<Thread> actors, StressTally tally) {
        joinUntil(actors, tally.endNanos + FINISH_GRACE.toNanos());
        int unfinished = (int) actors.stream().filter(Thread::isAlive).count();
        if (unfinished > 0) {
            log("%d actor(s) still waiting %s after the end: resetting %d socket(s)", unfinished, FINISH_GRACE,
                    tally.resetAll());
            joinUntil(actors, System.nanoTime() + AFTER_RESET.toNanos());
        }
        return unfinished;
    }

    private static void joinUntil(List<Thread> threads, long deadline) {
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the actors", e);
            }
        }
    }

    /** Waits (bounded) until the relay has no ffmpeg child and the admin API lists no connection. */
    private static Leftovers settle(PayaraMicro server, StressAdmin admin) {
        long start = System.nanoTime();
        while (true) {
            List<Long> ffmpegs = Proc.children(server.pid(), "ffmpeg");
            List<JsonObject> connections = List.of();
            String failure = null;
            try {
                connections = admin.connections();
            } catch (RuntimeException e) {
                failure = "admin API: " + e.getMessage();
            }
            boolean clean = failure == null && ffmpegs.isEmpty() && connections.isEmpty();
            if (clean || System.nanoTime() - start > SETTLE.toNanos()) {
                return new Leftovers((System.nanoTime() - start) / 1_000_000,
                        ffmpegs.stream().map(StressRun::describeFfmpeg).toList(),
                        connections.stream().map(JsonObject::toString).toList(), failure);
            }
            Loopback.sleep(Duration.ofMillis(500));
        }
    }

    private static String describeFfmpeg(long pid) {
        return ProcessHandle.of(pid).map(FfmpegProcesses::describe).orElse("pid " + pid + " (gone since)");
    }

    /**
     * As many streams as the relay has slots, started at once: each must get {@code started}; a slot that a
     * stream of the run never gave back shows as TOO_MANY_STREAMS. Then all of them stop.
     */
    private static Probe probe(PayaraMicro server, StressSink sink, int streams) {
        List<StressSocket> sockets = new ArrayList<>();
        Map<String, Integer> answers = new TreeMap<>();
        int started = 0;
        try {
            for (int i = 0; i < streams; i++) {
                String key = String.format("stress-probe-%03d", i);
                StressSocket socket;
                try {
                    socket = StressSocket.open(server.streamUri(), key);
                } catch (UncheckedIOException e) {
                    answers.merge("connection failed", 1, Integer::sum);
                    continue;
                }
                sockets.add(socket);
                try {
                    socket.sendText(StressActor.startMessage(sink.url(key), MODE.fixture.get().mimeType()));
                } catch (UncheckedIOException e) {
                    // the relay closed at once: counted below as no answer
                }
            }
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            List<StressSocket> running = new ArrayList<>();
            for (StressSocket socket : sockets) {
                JsonObject answer = socket.await(Set.of("started", "error"), left(deadline));
                String what = answer == null ? "no answer"
                        : "error".equals(answer.getString("type", "")) ? StressStream.errorName(answer) : "started";
                answers.merge(what, 1, Integer::sum);
                if ("started".equals(what)) {
                    started++;
                    running.add(socket);
                }
            }
            for (StressSocket socket : running) {
                try {
                    socket.sendText(STOP);
                } catch (UncheckedIOException e) {
                    // ended by the relay already (nothing was sent for a while): that is an end too
                }
            }
            long ended = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            for (StressSocket socket : sockets) {
                socket.await(Set.of("destroyed"), left(ended));
                socket.awaitEnd(left(ended));
            }
            return new Probe(streams, started, answers, null);
        } catch (RuntimeException e) {
            return new Probe(streams, started, answers, e.toString());
        } finally {
            sockets.forEach(StressSocket::release);
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void log(String format, Object... args) {
        System.out.println("bench: stress: " + String.format(Locale.ROOT, format, args));
    }
}
