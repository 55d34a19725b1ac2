package io.liverelay.bench;

import static io.liverelay.bench.Report.f1;
import static io.liverelay.bench.Report.f2;
import static io.liverelay.bench.Report.f3;

import java.util.List;
import java.util.Optional;

/**
 * The report's sections across modes (issue 14): ours against the naive relay, the cost of each further
 * destination, and what starting and ending a stream costs. Only runs of this report are paired, at the same N
 * and the same stream length; a section whose pairs did not run is left out.
 */
final class Comparisons {

    /** Issue 14's targets, printed beside what was measured. */
    static final double LONG_RATIO_TARGET = 1.0;
    static final double SHORT_RATIO_TARGET = 1.1;
    static final double PER_DESTINATION_TARGET = 0.15;

    private static final List<Mode> BY_DESTINATIONS = List.of(Mode.PASSTHROUGH, Mode.PASSTHROUGH_2DEST,
            Mode.PASSTHROUGH_3DEST);

    private Comparisons() {
    }

    static void render(StringBuilder md, List<RunResult> results) {
        againstNaive(md, results);
        perDestination(md, results);
        startAndEnd(md, results);
    }

    private static void againstNaive(StringBuilder md, List<RunResult> results) {
        List<RunResult> ours = results.stream().filter(r -> r.mode() == Mode.PASSTHROUGH
                && find(results, Mode.NAIVE, r).isPresent()).toList();
        if (ours.isEmpty()) {
            return;
        }
        md.append("### Ours against the naive relay (the floor)\n\n")
                .append("Passthrough (one destination) and `naive` at the same N, same media, same ffmpeg binary, "
                        + "each on its own Payara Micro. Targets (issue 14): ours / naive at most ")
                .append(f1(LONG_RATIO_TARGET)).append("× for streams that last the whole run, at most ")
                .append(f1(SHORT_RATIO_TARGET)).append("× for 12-second streams.\n\n")
                .append("| N | streams | CPU-s per stream-min, ours: JVM / ffmpeg / **JVM+ffmpeg**"
                        + " | naive: JVM / ffmpeg / **JVM+ffmpeg** | ours / naive | relay lag p95 ours / naive (s)"
                        + " | real time ours / naive |\n")
                .append("|---:|---|---|---|---:|---|---|\n");
        for (RunResult r : ours) {
            RunResult naive = find(results, Mode.NAIVE, r).orElseThrow();
            double ratio = CostComparison.ratio(r.relayCpuPerStreamMinute(), naive.relayCpuPerStreamMinute());
            md.append("| ").append(r.streams())
                    .append(" | ").append(length(r))
                    .append(" | ").append(cpu(r))
                    .append(" | ").append(cpu(naive))
                    .append(" | **").append(f2(ratio)).append("×**")
                    .append(" | ").append(f2(r.lag().p95())).append(" / ").append(f2(naive.lag().p95()))
                    .append(" | ").append(realtime(r)).append(" / ").append(realtime(naive))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void perDestination(StringBuilder md, List<RunResult> results) {
        List<RunResult> several = results.stream().filter(r -> r.mode().server == Mode.Server.RELAY
                && r.mode().destinations > 1).toList();
        if (several.isEmpty()) {
            return;
        }
        md.append("### Cost per destination (passthrough, H.264 copied)\n\n")
                .append("One stream to K destinations (K stream keys on the same nginx-rtmp). The lag and the "
                        + "first picture are those of the slowest destination. Target (issue 14): each destination "
                        + "past the first at most ").append(f2(PER_DESTINATION_TARGET))
                .append(" CPU-s per stream-minute.\n\n")
                .append("| N | streams | destinations | CPU-s per stream-min: JVM / ffmpeg / **JVM+ffmpeg**"
                        + " | added over one destination | per extra destination"
                        + " | relay lag p95, slowest destination (s) | ffmpeg processes in the window | real time |\n")
                .append("|---:|---|---:|---|---:|---:|---:|---:|---|\n");
        // one group of rows per N and stream length that ran with several destinations, in the order they ran
        List<RunResult> groups = several.stream().filter(r -> several.stream().filter(o -> same(o, r)).findFirst()
                .orElseThrow() == r).toList();
        for (RunResult first : groups) {
            Optional<RunResult> one = find(results, Mode.PASSTHROUGH, first);
            for (Mode mode : BY_DESTINATIONS) {
                Optional<RunResult> run = find(results, mode, first);
                if (run.isEmpty()) {
                    continue;
                }
                RunResult r = run.get();
                double base = one.map(RunResult::relayCpuPerStreamMinute).orElse(Double.NaN);
                int k = mode.destinations;
                md.append("| ").append(r.streams())
                        .append(" | ").append(length(r))
                        .append(" | ").append(k)
                        .append(" | ").append(cpu(r))
                        .append(" | ").append(k == 1 ? "–" : f2(r.relayCpuPerStreamMinute() - base))
                        .append(" | ")
                        .append(f2(CostComparison.perExtraDestination(base, r.relayCpuPerStreamMinute(), k)))
                        .append(" | ").append(f2(r.lag().p95()))
                        .append(" | ").append(r.cpu().ffmpegCount())
                        .append(" | ").append(realtime(r))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void startAndEnd(StringBuilder md, List<RunResult> results) {
        List<RunResult> brief = results.stream().filter(RunResult::shortStreams).toList();
        if (brief.isEmpty()) {
            return;
        }
        md.append("### Starting and ending a stream\n\n")
                .append("A window of short streams cost its CPU for the idle server, for its media and for the "
                        + "streams that started and ended in it. The idle server is its JVM alone, measured once "
                        + "warm with no stream; the media is priced at the run of long streams' rate at the same N "
                        + "(same server, minutes before) less the idle server's share; the rest is what one "
                        + "stream's start and end cost.\n\n")
                .append("| mode | N | stream length (s) | idle server (cores)"
                        + " | long run: CPU-s per stream-min, all / media alone | CPU-s per stream, start to end"
                        + " | of it, the idle server | of it, its media | **start + end** |\n")
                .append("|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (RunResult r : brief) {
            double idle = r.serverIdleCores();
            double media = marginalRate(results, r);
            double cycles = r.streamCycles() > 0 ? r.streamCycles() : Double.NaN;
            md.append("| ").append(r.mode().id)
                    .append(" | ").append(r.streams())
                    .append(" | ").append(r.streamSeconds())
                    .append(" | ").append(f3(idle))
                    .append(" | ").append(f2(longRun(results, r).map(RunResult::relayCpuPerStreamMinute)
                            .orElse(Double.NaN))).append(" / ").append(f2(media))
                    .append(" | ").append(f2(r.relayCpuPerStream()))
                    .append(" | ").append(f2(idle * r.cpu().wallSeconds() / cycles))
                    .append(" | ").append(f2(media * r.streamMinutes() / cycles))
                    .append(" | **").append(f2(startEnd(results, r))).append("**")
                    .append(" |\n");
        }
        md.append('\n');
        for (RunResult r : brief.stream().filter(b -> b.mode() == Mode.PASSTHROUGH).toList()) {
            Optional<RunResult> naive = find(results, Mode.NAIVE, r);
            if (naive.isPresent()) {
                double ours = startEnd(results, r);
                double floor = startEnd(results, naive.get());
                md.append("At N=").append(r.streams()).append(": starting and ending a stream costs ours ")
                        .append(f2(ours)).append(" CPU-s, the naive relay ").append(f2(floor)).append(" (")
                        .append(f2(CostComparison.ratio(ours, floor))).append("×).\n\n");
            }
        }
    }

    private static double startEnd(List<RunResult> results, RunResult brief) {
        return CostComparison.startEndPerStream(brief.relayWindow(), brief.streamCycles(), brief.serverIdleCores(),
                marginalRate(results, brief));
    }

    // CPU-s per stream-minute of media alone, from the run of long streams of the same mode and N on the same
    // server (so with the same idle rate); NaN when it did not run
    private static double marginalRate(List<RunResult> results, RunResult brief) {
        return longRun(results, brief).map(l -> CostComparison.marginalPerStreamMinute(l.relayWindow(),
                brief.serverIdleCores())).orElse(Double.NaN);
    }

    private static Optional<RunResult> longRun(List<RunResult> results, RunResult brief) {
        return results.stream().filter(l -> l.mode() == brief.mode() && !l.shortStreams()
                && l.streams() == brief.streams()).findFirst();
    }

    /** The run of {@code mode} with the same N and stream length as {@code like}. */
    private static Optional<RunResult> find(List<RunResult> results, Mode mode, RunResult like) {
        return results.stream().filter(r -> r.mode() == mode && same(r, like)).findFirst();
    }

    private static boolean same(RunResult a, RunResult b) {
        return a.streams() == b.streams() && a.streamSeconds() == b.streamSeconds();
    }

    private static String length(RunResult r) {
        return r.shortStreams() ? r.streamSeconds() + " s, back to back" : r.seconds() + " s, the whole run";
    }

    private static String cpu(RunResult r) {
        return f2(r.jvmCpuPerStreamMinute()) + " / " + f2(r.ffmpegCpuPerStreamMinute()) + " / **"
                + f2(r.relayCpuPerStreamMinute()) + "**";
    }

    private static String realtime(RunResult r) {
        return r.realtime() + "/" + r.streamsRun();
    }
}
