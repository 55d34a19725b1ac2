package io.liverelay.bench;

import io.liverelay.bench.CpuSnapshot.CpuUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One measurement: N simulated browsers against a running relay and sink. First the idle relay: its live heap
 * (and which classes hold it) and 5 s of its CPU. Streams start {@code ramp} apart (as
 * viewers arrive, not in one burst); the CPU window opens once all of them show a picture at the sink and closes
 * shortly before the first one stops; memory and the live heap are read right then, all streams still live.
 * {@link #runShort} instead keeps N browser tabs restarting short streams back to back: there the window holds
 * starts and ends too, which is what a stream's start and end cost.
 */
final class LoadRun {

    private static final Duration IDLE = Duration.ofSeconds(5);
    // long enough that the idle server's few ticks a second (0.01-0.03 cores) are read to a few per cent
    private static final Duration SERVER_IDLE = Duration.ofSeconds(12);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Duration PICTURE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LEFTOVER_TIMEOUT = Duration.ofSeconds(30);

    private final BenchSettings settings;
    private final PayaraMicro server;
    private final NginxSink sink;
    private double serverIdleCores = Double.NaN;

    LoadRun(BenchSettings settings, PayaraMicro server, NginxSink sink) {
        this.settings = settings;
        this.server = server;
        this.sink = sink;
    }

    /** Streams without measuring, so that class loading and the JIT are done before the runs that count. */
    void warmUp(Mode mode, int n, ChunkPlan plan, int seconds, String label) {
        int chunks = (int) Math.round(seconds / plan.sliceSeconds());
        List<Thread> browsers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var trace = new StreamTrace(label + "-" + i, chunks, plan.sliceSeconds());
            var browser = new Thread(browser(mode, plan, trace), "browser-" + trace.key);
            browser.setDaemon(true);
            browser.start();
            browsers.add(browser);
            Loopback.sleep(settings.ramp());
        }
        try {
            for (Thread browser : browsers) {
                browser.join(seconds * 1000L + END_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + label, e);
        }
        awaitNoFfmpeg();
        sink.deleteRecordings();
    }

    /**
     * The warm server's own CPU with no stream, in cores (GC, timers, the relay's beat): every later run carries
     * it, and a stream's start and end are reckoned net of it ({@link CostComparison}).
     */
    double measureIdle() {
        Loopback.sleep(SETTLE);
        serverIdleCores = idleCores(SERVER_IDLE);
        return serverIdleCores;
    }

    RunResult run(Mode mode, int n, ChunkPlan plan, int seconds, String label) {
        int chunks = (int) Math.round(seconds / plan.sliceSeconds());
        if (chunks > plan.chunkCount()) {
            throw new IllegalArgumentException("the recording holds " + plan.chunkCount() + " chunks, not " + chunks);
        }
        HeapProbe.Live idle = HeapProbe.live(server.pid());
        long heapIdle = idle.kib();
        double idleCores = idleCores(IDLE);
        List<StreamTrace> traces = new ArrayList<>();
        List<Thread> browsers = new ArrayList<>();
        List<long[]> heapSeries = new ArrayList<>();
        try (var watcher = new SinkWatcher()) {
            for (int i = 0; i < n; i++) {
                var trace = new StreamTrace(label + "-" + i, chunks, plan.sliceSeconds());
                traces.add(trace);
                watcher.watch(trace, tails(mode, trace));
                var browser = new Thread(browser(mode, plan, trace), "browser-" + trace.key);
                browser.setDaemon(true);
                browsers.add(browser);
            }
            for (Thread browser : browsers) {
                browser.start();
                Loopback.sleep(settings.ramp());
            }
            await(traces, t -> t.firstPictureNanos != 0 || t.sendEndNanos != 0, PICTURE_TIMEOUT);
            Loopback.sleep(SETTLE);

            Instant windowStart = Instant.now();
            CpuSnapshot before = CpuSnapshot.take(server.pid(), sink.pid());
            long windowEnd = traces.stream().filter(t -> t.firstChunkNanos != 0)
                    .mapToLong(t -> t.firstChunkNanos + (long) (chunks * plan.sliceSeconds() * 1e9))
                    .min().orElse(System.nanoTime()) - MARGIN.toNanos();
            sampleHeapUntil(windowEnd, before.nanos(), heapSeries);
            CpuSnapshot after = CpuSnapshot.take(server.pid(), sink.pid());
            CpuUsage cpu = before.until(after);
            JfrProfile.Findings profile = settings.jfr() ? JfrProfile.window(server.pid(),
                    settings.outDir().resolve(label + ".jfr"), windowStart, Instant.now()) : null;
            long[] ffmpegRss = after.ffmpegs().keySet().stream()
                    .mapToLong(pid -> Proc.rssKib(pid).orElse(0)).filter(kib -> kib > 0).toArray();
            long jvmRss = Proc.rssKib(server.pid()).orElse(0);
            long jvmPeak = Proc.peakRssKib(server.pid()).orElse(0);
            HeapProbe.Live live = HeapProbe.live(server.pid());
            long heapLive = live.kib();
            Map<String, Long> heapGrowth = HeapProbe.growth(idle.bytesByClass(), live.bytesByClass(), 8);
            heapSeries.add(new long[] {(System.nanoTime() - before.nanos()) / 1_000_000_000L, heapLive});

            for (Thread browser : browsers) {
                browser.join(Math.max(1, seconds * 1000L + END_TIMEOUT.toMillis()));
            }
            int leftover = awaitNoFfmpeg();
            var shape = new Shape(0, RunResult.streamMinutes(n, cpu.wallSeconds()), 0);
            return result(mode, n, seconds, shape, traces, cpu, idleCores, jvmRss, jvmPeak, ffmpegRss, heapIdle,
                    heapLive, heapSeries, heapGrowth, profile, leftover);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + label, e);
        } finally {
            sink.deleteRecordings();
        }
    }

    /**
     * N browser tabs, started {@code ramp} apart, each streaming {@code streamSeconds} of media, then {@code stop},
     * {@code destroyed}, and at once the next stream (a new connection and a new stream key), until {@code seconds}
     * have passed since the last tab began; the streams under way then run to their end. The window opens once
     * every tab's first stream shows a picture and closes when the tabs stop starting streams.
     */
    RunResult runShort(Mode mode, int n, ChunkPlan plan, int seconds, int streamSeconds, String label) {
        int chunks = (int) Math.round(streamSeconds / plan.sliceSeconds());
        if (chunks > plan.chunkCount()) {
            throw new IllegalArgumentException("the recording holds " + plan.chunkCount() + " chunks, not " + chunks);
        }
        HeapProbe.Live idle = HeapProbe.live(server.pid());
        long heapIdle = idle.kib();
        double idleCores = idleCores(IDLE);
        List<StreamTrace> traces = new CopyOnWriteArrayList<>();
        List<StreamTrace> firsts = new ArrayList<>();
        List<Thread> tabs = new ArrayList<>();
        List<long[]> heapSeries = new ArrayList<>();
        long deadline = System.nanoTime() + n * settings.ramp().toNanos() + seconds * 1_000_000_000L;
        try (var watcher = new SinkWatcher()) {
            for (int i = 0; i < n; i++) {
                var first = new StreamTrace(label + "-" + i + "-0", chunks, plan.sliceSeconds());
                firsts.add(first);
                String tabLabel = label + "-" + i;
                var tab = new Thread(() -> tab(mode, plan, first, tabLabel, deadline, traces, watcher),
                        "tab-" + tabLabel);
                tab.setDaemon(true);
                tabs.add(tab);
            }
            for (Thread tab : tabs) {
                tab.start();
                Loopback.sleep(settings.ramp());
            }
            await(firsts, t -> t.firstPictureNanos != 0 || t.sendEndNanos != 0, PICTURE_TIMEOUT);
            Loopback.sleep(SETTLE);

            Instant windowStart = Instant.now();
            CpuSnapshot before = CpuSnapshot.take(server.pid(), sink.pid());
            sampleHeapUntil(deadline, before.nanos(), heapSeries);
            CpuSnapshot after = CpuSnapshot.take(server.pid(), sink.pid());
            CpuUsage cpu = before.until(after);
            JfrProfile.Findings profile = settings.jfr() ? JfrProfile.window(server.pid(),
                    settings.outDir().resolve(label + ".jfr"), windowStart, Instant.now()) : null;
            long[] ffmpegRss = after.ffmpegs().keySet().stream()
                    .mapToLong(pid -> Proc.rssKib(pid).orElse(0)).filter(kib -> kib > 0).toArray();
            long jvmRss = Proc.rssKib(server.pid()).orElse(0);
            long jvmPeak = Proc.peakRssKib(server.pid()).orElse(0);
            HeapProbe.Live live = HeapProbe.live(server.pid());
            long heapLive = live.kib();
            Map<String, Long> heapGrowth = HeapProbe.growth(idle.bytesByClass(), live.bytesByClass(), 8);
            heapSeries.add(new long[] {(System.nanoTime() - before.nanos()) / 1_000_000_000L, heapLive});

            for (Thread tab : tabs) {
                tab.join(Math.max(1, streamSeconds * 1000L + END_TIMEOUT.toMillis()));
            }
            int leftover = awaitNoFfmpeg();
            var window = new StreamWindow(before.nanos(), after.nanos());
            double media = traces.stream().mapToDouble(t -> window.mediaSeconds(t.firstChunkNanos, t.chunksSent,
                    t.sliceSeconds)).sum();
            double cycles = window.cycles(traces.stream().map(t -> t.startSentNanos).toList(),
                    traces.stream().map(t -> t.destroyedNanos).toList());
            var shape = new Shape(streamSeconds, media / 60.0, cycles);
            return result(mode, n, seconds, shape, List.copyOf(traces), cpu, idleCores, jvmRss, jvmPeak, ffmpegRss,
                    heapIdle, heapLive, heapSeries, heapGrowth, profile, leftover);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + label, e);
        } finally {
            sink.deleteRecordings();
        }
    }

    // one tab: a stream, then the next as soon as it is destroyed; a failed one waits a second, as a page would
    private void tab(Mode mode, ChunkPlan plan, StreamTrace first, String label, long deadline,
            List<StreamTrace> traces, SinkWatcher watcher) {
        StreamTrace trace = first;
        for (int cycle = 1; ; cycle++) {
            traces.add(trace);
            watcher.watch(trace, tails(mode, trace));
            browser(mode, plan, trace).run();
            if (System.nanoTime() >= deadline) {
                return;
            }
            if (!trace.destroyed) {
                Loopback.sleep(Duration.ofSeconds(1));
            }
            trace = new StreamTrace(label + "-" + cycle, trace.chunksPlanned, trace.sliceSeconds);
        }
    }

    private SimulatedBrowser browser(Mode mode, ChunkPlan plan, StreamTrace trace) {
        return new SimulatedBrowser(server.streamUri(), sink.urls(trace.key, mode.destinations),
                mode.fixture.get().mimeType(), plan, trace);
    }

    private List<FlvTail> tails(Mode mode, StreamTrace trace) {
        return sink.recordings(trace.key, mode.destinations).stream().map(FlvTail::new).toList();
    }

    // the idle server's own work, in cores
    private double idleCores(Duration window) {
        CpuSnapshot idleStart = CpuSnapshot.take(server.pid(), sink.pid());
        Loopback.sleep(window);
        return idleStart.until(CpuSnapshot.take(server.pid(), sink.pid())).jvm() / (window.toNanos() / 1e9);
    }

    /** How a run's streams were laid out: their length (0: the whole run), stream-minutes and starts/ends. */
    private record Shape(int streamSeconds, double streamMinutes, double cycles) {
    }

    // with --heap-every, the live heap is also sampled during the window (a full GC each time)
    private void sampleHeapUntil(long windowEnd, long windowStart, List<long[]> series) {
        long every = settings.heapEvery().toNanos();
        while (true) {
            long now = System.nanoTime();
            long next = every > 0 ? now + every : Long.MAX_VALUE;
            if (next >= windowEnd) {
                Loopback.sleep(Duration.ofNanos(windowEnd - now));
                return;
            }
            Loopback.sleep(Duration.ofNanos(every));
            series.add(new long[] {(System.nanoTime() - windowStart) / 1_000_000_000L,
                    HeapProbe.live(server.pid()).kib()});
        }
    }

    private static void await(List<StreamTrace> traces, Predicate<StreamTrace> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!traces.stream().allMatch(done) && System.nanoTime() < deadline) {
            Loopback.sleep(SinkWatcher.POLL);
        }
    }

    private int awaitNoFfmpeg() {
        long deadline = System.nanoTime() + LEFTOVER_TIMEOUT.toNanos();
        List<Long> left = Proc.children(server.pid(), "ffmpeg");
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Loopback.sleep(Duration.ofMillis(200));
            left = Proc.children(server.pid(), "ffmpeg");
        }
        return left.size();
    }

    private RunResult result(Mode mode, int n, int seconds, Shape shape, List<StreamTrace> traces,
            CpuUsage cpu, double idleCores, long jvmRss, long jvmPeak, long[] ffmpegRss, long heapIdle, long heapLive,
            List<long[]> heapSeries, Map<String, Long> heapGrowth, JfrProfile.Findings profile, int leftover) {
        List<Double> started = new ArrayList<>();
        List<Double> picture = new ArrayList<>();
        List<Double> lag = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> otherErrors = new TreeMap<>();
        int completed = 0;
        int realtime = 0;
        int queueFull = 0;
        long sent = 0;
        int late = 0;
        long maxLate = 0;
        long planned = 0;
        for (StreamTrace t : traces) {
            planned += t.chunksPlanned;
            if (t.startedNanos != 0) {
                started.add((t.startedNanos - t.startSentNanos) / 1e9);
            }
            if (t.firstPictureNanos != 0) {
                picture.add((t.firstPictureNanos - t.startSentNanos) / 1e9);
            }
            List<double[]> samples = t.lag();
            samples.forEach(s -> lag.add(s[1]));
            for (String error : t.errors()) {
                if (error.equals("QUEUE_FULL")) {
                    queueFull++;
                } else {
                    otherErrors.merge(error, 1, Integer::sum);
                }
            }
            if (t.failure != null) {
                failures.add(t.key + ": " + t.failure);
            }
            boolean done = t.failure == null && t.errors().isEmpty() && t.destroyed
                    && t.chunksSent == t.chunksPlanned;
            if (done) {
                completed++;
                if (lagAtEnd(samples) <= RunResult.REALTIME_LAG_SECONDS) {
                    realtime++;
                }
            }
            sent += t.chunksSent;
            late += t.lateSends;
            maxLate = Math.max(maxLate, t.maxLateNanos);
        }
        double rssMean = ffmpegRss.length == 0 ? 0 : Arrays.stream(ffmpegRss).average().orElse(0);
        long rssMax = Arrays.stream(ffmpegRss).max().orElse(0);
        return new RunResult(mode, n, seconds, completed, realtime, planned, sent,
                queueFull, otherErrors, failures, Summary.of(started), Summary.of(picture), Summary.of(lag), cpu,
                idleCores, serverIdleCores, jvmRss, jvmPeak, rssMean, rssMax, heapIdle, heapLive, heapSeries,
                heapGrowth, profile, late, maxLate / 1e9, leftover, shape.streamSeconds(), traces.size(), shape.streamMinutes(), shape.cycles());
    }

    // the worst lag over the last five seconds of sending: a stream that is falling behind shows it there
    private static double lagAtEnd(List<double[]> samples) {
        if (samples.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double end = samples.get(samples.size() - 1)[0];
        return samples.stream().filter(s -> s[0] >= end - 5).mapToDouble(s -> s[1]).max().orElseThrow();
    }
}
