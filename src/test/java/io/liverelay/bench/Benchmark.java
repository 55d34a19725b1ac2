package io.liverelay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness: one nginx-rtmp for the whole sweep, one fresh Payara Micro per mode (the seed modes need the
 * server started with relay.bench.seedArguments; the naive mode runs {@link NaiveRelay} instead of our WAR), a
 * 60 s warm-up (not reported: class loading and the JIT's compilations), with {@code --stream-seconds} 12 s of
 * the idle server, then each N of the mode in turn, each followed by a run of short streams then; the
 * report is rewritten after every run, so an interrupted sweep still leaves its numbers. With {@code --stress},
 * {@link StressRun} instead: not numbers but checks, and exit status 1 when one fails.
 */
public final class Benchmark {

    static final Duration CHUNK = Duration.ofMillis(250);

    private Benchmark() {
    }

    /** What a benchmark produced: every run, the ffmpeg cost breakdown per mode, and the Markdown report. */
    public record Outcome(List<RunResult> results, Map<Mode, Map<String, Double>> ffmpegCost, Path report) {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--aac-coders")) {
            aacCoders(args);
            return;
        }
        BenchSettings settings = BenchSettings.parse(Arrays.asList(args), Path.of("target", "bench"));
        if (settings.stress().enabled()) {
            stress(settings);
            return;
        }
        Outcome outcome = run(settings);
        System.out.println("bench: report written to " + outcome.report().toAbsolutePath());
    }

    // the stress run checks rather than measures: a failed check ends bin/bench with exit status 1
    private static void stress(BenchSettings settings) {
        StressRun.Outcome outcome = StressRun.run(settings);
        System.out.println("bench: stress report written to " + outcome.report().toAbsolutePath());
        if (!outcome.failed().isEmpty()) {
            System.out.println("bench: STRESS RUN FAILED: " + String.join("; ", outcome.failed()));
            System.exit(1);
        }
        System.out.println("bench: stress run passed every check");
    }

    public static Outcome run(BenchSettings settings) {
        BenchPaths paths = BenchPaths.fromSystemProperties();
        Environment env = Environment.describe(paths.baseDir());
        Path report = settings.outDir().resolve("report.md");
        List<RunResult> results = new ArrayList<>();
        Map<Mode, Map<String, Double>> costs = new LinkedHashMap<>();
        log("machine: %d cores, %s; load average %s", env.cores(), env.cpuModel(), env.loadAtStart());
        Path war = PayaraMicro.copyWar(paths.war(), settings.outDir());
        try (NginxSink sink = NginxSink.start(settings.outDir().resolve("nginx"))) {
            for (Map.Entry<Mode, List<Integer>> entry : settings.sweep().entrySet()) {
                Mode mode = entry.getKey();
                Path media = BenchMedia.looped(mode.fixture.get(),
                        Math.max(settings.seconds(), settings.warmUpSeconds()) + 5);
                ChunkPlan plan = ChunkPlan.of(media, CHUNK);
                if (settings.costSeconds() > 0 && mode.hasCostBreakdown()) {
                    log("%s: ffmpeg cost breakdown on %d s of media", mode.id, settings.costSeconds());
                    costs.put(mode, FfmpegCost.perMediaMinute(mode, BenchMedia.looped(mode.fixture.get(),
                            settings.costSeconds()), settings.costSeconds()));
                }
                log("%s: starting Payara Micro%s", mode.id, mode.server == Mode.Server.NAIVE ? " (naive relay)" : "");
                try (PayaraMicro server = start(settings, mode, paths, war)) {
                    var load = new LoadRun(settings, server, sink);
                    if (settings.warmUpSeconds() > 0) {
                        // the JIT keeps compiling for a minute or so; several streams get the hot paths there faster
                        int streams = mode.copiesVideo() ? 10 : 1;
                        log("%s: warm-up, %d stream(s) for %d s", mode.id, streams, settings.warmUpSeconds());
                        load.warmUp(mode, streams, plan, settings.warmUpSeconds(), mode.id + "-warmup");
                    }
                    if (settings.streamSeconds() > 0) {
                        // the fixed part of the server's CPU, which a stream's start and end are reckoned without
                        log("%s: idle server, %.3f cores", mode.id, load.measureIdle());
                    }
                    for (int n : entry.getValue()) {
                        log("%s: %d stream(s) for %d s", mode.id, n, settings.seconds());
                        RunResult result = load.run(mode, n, plan, settings.seconds(), mode.id + "-" + n);
                        results.add(result);
                        log("%s", oneLine(result));
                        Report.write(report, env, settings, results, costs, false);
                        boolean kept = result.allRealtime();
                        if (settings.streamSeconds() > 0) {
                            log("%s: %d stream(s) at a time, %d s each, restarted for %d s", mode.id, n,
                                    settings.streamSeconds(), settings.seconds());
                            RunResult brief = load.runShort(mode, n, plan, settings.seconds(),
                                    settings.streamSeconds(), mode.id + "-" + n + "-short");
                            results.add(brief);
                            log("%s", oneLine(brief));
                            Report.write(report, env, settings, results, costs, false);
                            kept &= brief.allRealtime();
                        }
                        if (settings.stopAtSaturation() && !kept) {
                            log("%s: saturated at N=%d, larger N skipped", mode.id, n);
                            break;
                        }
                    }
                }
            }
        }
        Report.write(report, env, settings, results, costs, true);
        return new Outcome(List.copyOf(results), costs, report);
    }

    // a table of its own, no server: ffmpeg's AAC coders on several kinds of sound
    private static void aacCoders(String[] args) {
        Path out = Path.of("target", "bench", "aac-coders.md");
        Environment env = Environment.describe(BenchPaths.fromSystemProperties().baseDir());
        String table = AacCoderCost.table();
        try {
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, "## AAC coders by sound, " + env.date() + "\n\n- Machine: "
                    + env.cores() + " cores, " + env.cpuModel() + ", " + env.memory() + "; " + env.ffmpeg()
                    + "\n- Command: `bin/bench " + String.join(" ", args) + "`\n\n" + table);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.print(table);
        System.out.println("bench: written to " + out.toAbsolutePath());
    }

    // our WAR, or the naive relay with the same JVM options: the floor is measured on equal terms
    private static PayaraMicro start(BenchSettings settings, Mode mode, BenchPaths paths, Path war) {
        Path dir = settings.outDir().resolve(mode.id);
        return switch (mode.server) {
            case RELAY -> PayaraMicro.start(dir, paths, war, jvmOptions(settings, mode));
            case NAIVE -> NaiveRelay.start(dir, paths, naiveJvmOptions(settings));
        };
    }

    private static List<String> naiveJvmOptions(BenchSettings settings) {
        List<String> options = new ArrayList<>(settings.serverJvmOptions());
        if (settings.jfr()) {
            options.add(JfrProfile.jvmOption());
        }
        return options;
    }

    private static List<String> jvmOptions(BenchSettings settings, Mode mode) {
        List<String> options = new ArrayList<>(settings.serverJvmOptions());
        options.add("-Drelay.bench.seedArguments=" + mode.seedArguments);
        if (settings.jfr()) {
            options.add(JfrProfile.jvmOption());
        }
        return options;
    }

    private static String oneLine(RunResult r) {
        return String.format(Locale.ROOT, "%s N=%d%s: real time %d/%d, dropped %d, lag p95 %.2f s, start p95 %.2f s, "
                + "JVM %.2f + ffmpeg %.2f CPU-s/stream-min, heap %.0f KiB/stream, others' load %.2f cores",
                r.mode().id, r.streams(), r.shortStreams() ? String.format(Locale.ROOT, " (%d s streams, %.1f started "
                        + "and ended in the window, %.2f CPU-s each)", r.streamSeconds(), r.streamCycles(),
                        r.relayCpuPerStream()) : "", r.realtime(), r.streamsRun(), r.droppedChunks(), r.lag().p95(),
                r.startToPicture().p95(), r.jvmCpuPerStreamMinute(), r.ffmpegCpuPerStreamMinute(),
                r.heapPerStreamKib(), r.cpu().others() / r.cpu().wallSeconds());
    }

    private static void log(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
