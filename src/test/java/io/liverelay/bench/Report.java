package io.liverelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes the measured results as Markdown: the setup, one table per mode, and the verdict on each target. */
final class Report {

    private static final double MIB = 1024.0;

    private Report() {
    }

    static Path write(Path file, Environment env, BenchSettings settings, List<RunResult> results,
            Map<Mode, Map<String, Double>> costs, boolean finished) {
        String text = render(env, settings, results, costs, finished);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String render(Environment env, BenchSettings settings, List<RunResult> results,
            Map<Mode, Map<String, Double>> costs, boolean finished) {
        var md = new StringBuilder();
        md.append("## Run of ").append(env.date()).append(finished ? "" : " (in progress or interrupted)")
                .append("\n\n");
        md.append("- Machine: ").append(env.cores()).append(" cores, ").append(env.cpuModel()).append(", ")
                .append(env.memory()).append(", Linux ").append(env.kernel()).append('\n');
        md.append("- Software: ").append(env.java()).append(" (relay and harness); ").append(env.ffmpeg())
                .append("; ").append(env.nginx()).append(" with libnginx-mod-rtmp\n");
        md.append("- Command: `").append(settings.command()).append("`; WAR built from ").append(env.source())
                .append('\n');
        md.append("- Each run: ").append(settings.seconds()).append(" s of media per stream in 250 ms chunks at "
                + "real-time pace, streams started ").append(settings.ramp().toMillis())
                .append(" ms apart; relay JVM options `").append(String.join(" ", PayaraMicro.RELAY_OPTIONS))
                .append(' ').append(String.join(" ", settings.serverJvmOptions()))
                .append("`\n");
        if (settings.streamSeconds() > 0) {
            md.append("- Short streams: after each run, the same N browser tabs each restart a stream of ")
                    .append(settings.streamSeconds()).append(" s as soon as the previous one is destroyed, for ")
                    .append(settings.seconds()).append(" s (a new connection and stream key each time)\n");
        }
        md.append("- Load average when the benchmark started: ").append(env.loadAtStart()).append("\n\n");

        for (Map.Entry<Mode, List<Integer>> entry : settings.sweep().entrySet()) {
            Mode mode = entry.getKey();
            List<RunResult> all = results.stream().filter(r -> r.mode() == mode).toList();
            List<RunResult> runs = all.stream().filter(r -> !r.shortStreams()).toList();
            if (runs.isEmpty()) {
                continue;
            }
            md.append("### ").append(mode.id).append(": ").append(mode.description).append("\n\n");
            Map<String, Double> cost = costs.get(mode);
            if (cost != null) {
                md.append("The relay's ffmpeg command for this mode run as fast as it goes on ")
                        .append(settings.costSeconds()).append(" s of the same media (`-benchmark`, CPU-s per media "
                                + "minute, start-up excluded): ")
                        .append(cost.entrySet().stream().map(e -> e.getKey() + " " + f2(e.getValue()))
                                .collect(Collectors.joining(", ")))
                        .append(".\n\n");
            }
            modeTable(md, runs);
            md.append('\n').append(largestLine(runs, entry.getValue())).append("\n\n");
            shortTable(md, all.stream().filter(RunResult::shortStreams).toList());
            breakdown(md, runs.get(runs.size() - 1));
            problems(md, all);
        }
        Comparisons.render(md, results);
        heapSeries(md, results);
        verdict(md, results);
        md.append('\n').append(legend());
        return md.toString();
    }

    private static void modeTable(StringBuilder md, List<RunResult> runs) {
        md.append("| N | real time | chunks dropped | errors | start→started p50 (s)"
                + " | start→picture p50 / p95 / max (s) | relay lag p50 / p95 / max (s)"
                + " | CPU-s per stream-min: JVM (of it JIT) | ffmpeg | JVM+ffmpeg | sink / harness | JVM idle (cores)"
                + " | JVM RSS (MiB) | ffmpeg RSS mean / max (MiB) | heap after GC idle → live (MiB)"
                + " | heap per stream (KiB) | window (s) | others' load (cores) | late sends |\n");
        md.append("|---:|---|---:|---|---:|---|---|---:|---:|---:|---|---:|---:|---|---|---:|---:|---:|---:|\n");
        for (RunResult r : runs) {
            double minutes = r.streamMinutes();
            md.append("| ").append(r.streams())
                    .append(" | ").append(r.realtime()).append('/').append(r.streamsRun())
                    .append(" | ").append(r.droppedChunks())
                    .append(" | ").append(errors(r))
                    .append(" | ").append(f2(r.startToStarted().p50()))
                    .append(" | ").append(triple(r.startToPicture()))
                    .append(" | ").append(triple(r.lag()))
                    .append(" | ").append(f2(r.jvmCpuPerStreamMinute())).append(" (")
                    .append(f0(100 * r.jitShare())).append(" %)")
                    .append(" | ").append(f2(r.ffmpegCpuPerStreamMinute()))
                    .append(" | **").append(f2(r.relayCpuPerStreamMinute())).append("**")
                    .append(" | ").append(f2(r.cpu().nginx() / minutes)).append(" / ")
                    .append(f2(r.cpu().harness() / minutes))
                    .append(" | ").append(f2(r.jvmIdleCores()))
                    .append(" | ").append(f0(r.jvmRssKib() / MIB))
                    .append(" | ").append(f1(r.ffmpegRssMeanKib() / MIB)).append(" / ")
                    .append(f1(r.ffmpegRssMaxKib() / MIB))
                    .append(" | ").append(f1(r.heapIdleKib() / MIB)).append(" → ").append(f1(r.heapLiveKib() / MIB))
                    .append(" | ").append(f0(r.heapPerStreamKib()))
                    .append(" | ").append(f0(r.cpu().wallSeconds()))
                    .append(" | ").append(f2(r.cpu().others() / r.cpu().wallSeconds()))
                    .append(" | ").append(r.lateSends())
                    .append(" |\n");
        }
    }

    // the runs of short streams restarted back to back: what a stream costs from its start to its end
    private static void shortTable(StringBuilder md, List<RunResult> runs) {
        if (runs.isEmpty()) {
            return;
        }
        md.append("Short streams: ").append(runs.get(0).streamSeconds()).append(" s each, N browser tabs restarting "
                + "them back to back. *Stream-minutes* are the media sent in the window; *streams in the window* "
                + "are its starts and ends, halved.\n\n");
        md.append("| N at a time | streams run | real time | chunks dropped | errors"
                + " | start→picture p50 / p95 / max (s) | relay lag p95 (s) | CPU-s per stream-min: JVM | ffmpeg"
                + " | JVM+ffmpeg | streams in the window"
                + " | CPU-s per stream, start to end | window (s) | others' load (cores) | late sends |\n");
        md.append("|---:|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : runs) {
            md.append("| ").append(r.streams())
                    .append(" | ").append(r.streamsRun())
                    .append(" | ").append(r.realtime()).append('/').append(r.streamsRun())
                    .append(" | ").append(r.droppedChunks())
                    .append(" | ").append(errors(r))
                    .append(" | ").append(triple(r.startToPicture()))
                    .append(" | ").append(f2(r.lag().p95()))
                    .append(" | ").append(f2(r.jvmCpuPerStreamMinute()))
                    .append(" | ").append(f2(r.ffmpegCpuPerStreamMinute()))
                    .append(" | **").append(f2(r.relayCpuPerStreamMinute())).append("**")
                    .append(" | ").append(f1(r.streamCycles()))
                    .append(" | ").append(f2(r.relayCpuPerStream()))
                    .append(" | ").append(f0(r.cpu().wallSeconds()))
                    .append(" | ").append(f2(r.cpu().others() / r.cpu().wallSeconds()))
                    .append(" | ").append(r.lateSends())
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String errors(RunResult r) {
        List<String> parts = new ArrayList<>();
        if (r.queueFull() > 0) {
            parts.add("QUEUE_FULL ×" + r.queueFull());
        }
        r.otherErrors().forEach((name, count) -> parts.add(name + " ×" + count));
        if (!r.failures().isEmpty()) {
            parts.add("harness ×" + r.failures().size());
        }
        if (r.leftoverFfmpegs() > 0) {
            parts.add("ffmpeg left ×" + r.leftoverFfmpegs());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    // where the JVM's CPU and heap went in the mode's last (largest) run
    private static void breakdown(StringBuilder md, RunResult r) {
        double jvm = r.cpu().jvm();
        String threads = r.cpu().jvmThreadGroups().entrySet().stream().limit(8)
                .map(e -> "`" + e.getKey() + "` " + f0(100 * e.getValue() / jvm) + " %")
                .collect(Collectors.joining(", "));
        md.append("JVM CPU by thread at N=").append(r.streams()).append(" (").append(f1(jvm)).append(" CPU-s, ")
                .append(f0(100 * r.cpu().jvmSystem() / jvm)).append(" % of it in the kernel): ")
                .append(threads.isEmpty() ? "–" : threads).append("\n\n");
        String classes = r.heapGrowthByClass().entrySet().stream()
                .map(e -> "`" + e.getKey() + "` " + f0(e.getValue() / 1024.0 / r.streams()))
                .collect(Collectors.joining(", "));
        md.append("Live heap above idle at N=").append(r.streams()).append(", KiB per stream by class: ")
                .append(classes.isEmpty() ? "–" : classes).append("\n\n");
        if (r.profile() != null) {
            JfrProfile.Findings p = r.profile();
            md.append("Flight Recorder at N=").append(r.streams()).append(" (`").append(p.file().getFileName())
                    .append("`, ").append(p.samples()).append(" execution samples). Where the JVM ran, by first frame "
                            + "outside the JDK → top frame:\n\n");
            p.cpuByCaller().forEach((where, count) -> md.append("- ").append(f0(100.0 * count / p.samples()))
                    .append(" % `").append(where).append("`\n"));
            if (!p.liveByAllocation().isEmpty()) {
                md.append("\nLive objects sampled at the end, by type and allocating frame:\n\n");
                p.liveByAllocation().forEach((where, count) -> md.append("- ").append(count).append(" × `")
                        .append(where).append("`\n"));
            }
            md.append('\n');
        }
    }

    private static String largestLine(List<RunResult> runs, List<Integer> planned) {
        Optional<RunResult> best = largestRealtime(runs);
        String tried = runs.stream().map(r -> r.streams() + (r.allRealtime() ? "" : " (missed)"))
                .collect(Collectors.joining(", "));
        String skipped = planned.size() > runs.size()
                ? "; not run: " + planned.subList(runs.size(), planned.size()) : "";
        return "Largest N that kept real time with nothing dropped: **"
                + best.map(r -> Integer.toString(r.streams())).orElse("none") + "** (ran: " + tried + skipped + ")";
    }

    private static Optional<RunResult> largestRealtime(List<RunResult> runs) {
        return runs.stream().filter(RunResult::allRealtime).reduce((a, b) -> b.streams() >= a.streams() ? b : a);
    }

    private static void problems(StringBuilder md, List<RunResult> runs) {
        for (RunResult r : runs) {
            for (String failure : r.failures().stream().limit(5).toList()) {
                md.append("- N=").append(r.streams()).append(": ").append(failure).append('\n');
            }
        }
    }

    private static void heapSeries(StringBuilder md, List<RunResult> results) {
        for (RunResult r : results) {
            if (r.heapSeries().size() < 3) {
                continue;
            }
            md.append("### Live heap over time: ").append(r.mode().id).append(", ").append(r.streams())
                    .append(" streams, ").append(r.seconds()).append(" s\n\n")
                    .append("| seconds into the window | heap after GC (MiB) |\n|---:|---:|\n");
            for (long[] sample : r.heapSeries()) {
                md.append("| ").append(sample[0]).append(" | ").append(f1(sample[1] / MIB)).append(" |\n");
            }
            md.append("\nChange from the first to the last sample: ").append(f1(growthMib(r))).append(" MiB\n\n");
        }
    }

    private static double growthMib(RunResult r) {
        List<long[]> s = r.heapSeries();
        return (s.get(s.size() - 1)[1] - s.get(0)[1]) / MIB;
    }

    private static void verdict(StringBuilder md, List<RunResult> results) {
        List<RunResult> pass = results.stream().filter(r -> r.mode() == Mode.PASSTHROUGH && !r.shortStreams())
                .toList();
        List<RunResult> passOk = pass.stream().filter(RunResult::allRealtime).toList();
        md.append("### Verdict against the targets (passthrough, runs that kept real time)\n\n");
        md.append("| target | measured | verdict |\n|---|---|---|\n");
        if (pass.isEmpty()) {
            md.append("| all | passthrough was not run | not measured |\n");
            return;
        }
        Optional<RunResult> best = largestRealtime(pass);
        // a per-stream cost is judged under load: at N=1 the server's own idle work and the JIT weigh in full
        String cpuByN = passOk.stream().map(r -> "N=" + r.streams() + ": " + f2(r.relayCpuPerStreamMinute()))
                .collect(Collectors.joining(", "));
        row(md, "JVM + ffmpeg ≤ 2 CPU-s per stream-minute",
                best.map(r -> f2(r.relayCpuPerStreamMinute()) + " at N=" + r.streams() + " (" + cpuByN + ")")
                        .orElse("no passthrough run kept real time"),
                best.map(r -> r.relayCpuPerStreamMinute() <= 2.0).orElse(null));
        int largest = best.map(RunResult::streams).orElse(0);
        int tried = pass.stream().mapToInt(RunResult::streams).max().orElse(0);
        row(md, "≥ 60 concurrent 720p30 streams in real time, nothing dropped",
                "largest N: " + largest + " (largest tried: " + tried + ")", tried < 60 && largest == tried ? null
                        : largest >= 60);
        double worstLag = passOk.stream().mapToDouble(r -> r.lag().p95()).max().orElse(Double.NaN);
        row(md, "relay lag p95 ≤ 0.5 s", "worst p95 " + f2(worstLag) + " s",
                passOk.isEmpty() ? null : worstLag <= 0.5);
        double worstStart = passOk.stream().mapToDouble(r -> r.startToPicture().p95()).max().orElse(Double.NaN);
        double maxStart = passOk.stream().mapToDouble(r -> r.startToPicture().max()).max().orElse(Double.NaN);
        row(md, "start message → first picture at the sink ≤ 1.5 s", "worst p95 " + f2(worstStart) + " s (max "
                + f2(maxStart) + " s)", passOk.isEmpty() ? null : worstStart <= 1.5);
        Optional<RunResult> heapRun = best.filter(r -> r.streams() >= 10);
        row(md, "JVM heap ≤ 1 MiB per live stream",
                heapRun.map(r -> f0(r.heapPerStreamKib()) + " KiB per stream at N=" + r.streams())
                        .orElse("needs a run with N ≥ 10"),
                heapRun.map(r -> r.heapPerStreamKib() <= 1024).orElse(null));
        Optional<RunResult> soak = results.stream().filter(r -> r.heapSeries().size() >= 3 && r.seconds() >= 600)
                .findFirst();
        row(md, "no heap growth over a 10-minute run",
                soak.map(r -> f1(growthMib(r)) + " MiB from the first to the last sample, " + r.streams() + " streams")
                        .orElse("no soak in this run (bin/bench --soak N)"),
                soak.map(r -> growthMib(r) <= 1.0).orElse(null));
    }

    private static void row(StringBuilder md, String target, String measured, Boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ")
                .append(met == null ? "not measured" : met ? "**met**" : "**missed**").append(" |\n");
    }

    private static String counts(List<RunResult> runs) {
        return runs.stream().map(r -> Integer.toString(r.streams())).collect(Collectors.joining(", "));
    }

    private static String legend() {
        return """
                How to read it: *real time* counts streams that ran to the end without an error and were at most
                1 s behind over their last 5 s. *Relay lag* is sampled every 250 ms per stream: the media time the
                relay had been given by then (wall-clock since the stream's first chunk + 250 ms) minus the newest
                media timestamp nginx-rtmp had received. *CPU* is utime+stime from /proc over the window in which
                all N streams were live, divided by N × window minutes (an ffmpeg that ended inside the window is
                read from the JVM's reaped children's time); *others' load* is the rest of the machine's
                busy time in that window (other processes, the kernel), in cores. *Heap* is G1's used size after a
                full GC (jcmd GC.run) before the run and with all streams live. *Late sends*: chunks the harness
                itself sent more than 100 ms behind schedule (a sign that the machine, not the relay, was short).
                """;
    }

    private static String triple(Summary s) {
        return f2(s.p50()) + " / " + f2(s.p95()) + " / " + f2(s.max());
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
