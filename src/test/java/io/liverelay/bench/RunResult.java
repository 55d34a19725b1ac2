package io.liverelay.bench;

import io.liverelay.bench.CpuSnapshot.CpuUsage;
import java.util.List;
import java.util.Map;

/**
 * Everything measured in one run of one mode with N streams. CPU is over the window in which all N streams were
 * live (after the last one showed a picture at the sink, before the first one stopped); memory is read at the
 * end of that window, with every stream still live. In a run of short streams ({@code streamSeconds} > 0) N
 * browser tabs each restart a stream of that length as soon as the previous one is destroyed: the window then
 * also holds starts and ends, {@code streamsRun} counts every stream, and {@code streamMinutes} is the media the
 * browsers sent inside the window (the gaps between two streams of a tab are not stream-minutes).
 * {@code jvmIdleCores} is the JVM's CPU over 5 s before this run; {@code serverIdleCores} the same server's over a
 * longer window once it was warm (NaN when not measured), what a stream's start and end cost is reckoned with.
 */
record RunResult(
        Mode mode,
        int streams,
        int seconds,
        int completed,
        int realtime,
        long chunksPlanned,
        long chunksSent,
        int queueFull,
        Map<String, Integer> otherErrors,
        List<String> failures,
        Summary startToStarted,
        Summary startToPicture,
        Summary lag,
        CpuUsage cpu,
        double jvmIdleCores,
        double serverIdleCores,
        long jvmRssKib,
        long jvmPeakRssKib,
        double ffmpegRssMeanKib,
        long ffmpegRssMaxKib,
        long heapIdleKib,
        long heapLiveKib,
        List<long[]> heapSeries,
        Map<String, Long> heapGrowthByClass,
        JfrProfile.Findings profile,
        int lateSends,
        double maxLateSeconds,
        int leftoverFfmpegs,
        int streamSeconds,
        int streamsRun,
        double streamMinutes,
        double streamCycles) {

    /** A stream kept real time when it ran to the end without error and was at most this far behind then. */
    static final double REALTIME_LAG_SECONDS = 1.0;

    long droppedChunks() {
        return chunksPlanned - chunksSent;
    }

    boolean allRealtime() {
        return realtime == streamsRun && droppedChunks() == 0 && queueFull == 0;
    }

    /** Whether the streams were short ones restarted back to back, not one per browser for the whole run. */
    boolean shortStreams() {
        return streamSeconds > 0;
    }

    /** N streams over the whole window, for a run whose streams last the whole run. */
    static double streamMinutes(int streams, double windowSeconds) {
        return streams * windowSeconds / 60.0;
    }

    /** JVM + ffmpeg CPU-s for one stream from its start to its end; NaN unless the window held starts and ends. */
    double relayCpuPerStream() {
        return streamCycles > 0 ? (cpu.jvm() + cpu.ffmpeg()) / streamCycles : Double.NaN;
    }

    /** The relay's CPU (JVM + ffmpeg) over the window, with the window's length and stream-minutes. */
    CostComparison.Window relayWindow() {
        return new CostComparison.Window(cpu.jvm() + cpu.ffmpeg(), cpu.wallSeconds(), streamMinutes);
    }

    double jvmCpuPerStreamMinute() {
        return cpu.jvm() / streamMinutes();
    }

    double ffmpegCpuPerStreamMinute() {
        return cpu.ffmpeg() / streamMinutes();
    }

    double relayCpuPerStreamMinute() {
        return (cpu.jvm() + cpu.ffmpeg()) / streamMinutes();
    }

    /** The part of the JVM's CPU spent by the JIT compiler threads (C1 and C2), 0 to 1. */
    double jitShare() {
        double jit = cpu.jvmThreadGroups().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
        return cpu.jvm() > 0 ? jit / cpu.jvm() : 0;
    }

    double heapPerStreamKib() {
        return (heapLiveKib - heapIdleKib) / (double) streams;
    }
}
