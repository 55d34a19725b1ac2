package io.liverelay.bench;

import io.liverelay.bench.CpuSnapshot.CpuUsage;
import java.util.List;
import java.util.Map;

/**
 * Everything measured in one run of one mode with N streams. CPU is over the window in which all N streams were
 * live (after the last one showed a picture at the sink, before the first one stopped); memory is read at the
 * end of that window, with every stream still live.
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
        int leftoverFfmpegs) {

    /** A stream kept real time when it ran to the end without error and was at most this far behind then. */
    static final double REALTIME_LAG_SECONDS = 1.0;

    long droppedChunks() {
        return chunksPlanned - chunksSent;
    }

    boolean allRealtime() {
        return realtime == streams && droppedChunks() == 0 && queueFull == 0;
    }

    double streamMinutes() {
        return streams * cpu.wallSeconds() / 60.0;
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
