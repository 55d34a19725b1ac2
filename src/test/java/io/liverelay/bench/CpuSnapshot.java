package io.liverelay.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * CPU ticks of the relay's JVM, each of its ffmpegs, the children it has reaped, the sink, this harness and the
 * whole machine at one moment.
 */
record CpuSnapshot(long nanos, long jvm, long jvmSystem, Map<Long, Proc.ThreadTicks> jvmThreads,
        Map<Long, Long> ffmpegs, long reapedChildren, long nginx, long harness, long machineBusy, long machineTotal) {

    static CpuSnapshot take(long jvmPid, long nginxPid) {
        Map<Long, Long> ffmpegs = Proc.children(jvmPid, "ffmpeg").stream()
                .collect(Collectors.toMap(Function.identity(), pid -> Proc.cpuTicks(pid).orElse(0)));
        long[] machine = Proc.machineTicks();
        return new CpuSnapshot(System.nanoTime(), Proc.cpuTicks(jvmPid).orElse(0),
                Proc.systemTicks(jvmPid).orElse(0), Proc.threadTicks(jvmPid),
                Map.copyOf(ffmpegs), Proc.reapedChildrenTicks(jvmPid).orElse(0),
                Proc.cpuTicks(nginxPid).orElse(0), Proc.cpuTicks(ProcessHandle.current().pid()).orElse(0),
                machine[0], machine[1]);
    }

    /** CPU seconds spent between two snapshots; an ffmpeg born in between counts from zero. */
    CpuUsage until(CpuSnapshot later) {
        long ffmpeg = ffmpegTicksUntil(later);
        long ours = (later.jvm - jvm) + ffmpeg + (later.nginx - nginx) + (later.harness - harness);
        return new CpuUsage((later.nanos - nanos) / 1e9,
                seconds(later.jvm - jvm), seconds(later.jvmSystem - jvmSystem), seconds(ffmpeg),
                seconds(later.nginx - nginx),
                seconds(later.harness - harness), seconds(later.machineBusy - machineBusy - ours),
                seconds(later.machineTotal - machineTotal), later.ffmpegs.size(), threadGroups(later));
    }

    /**
     * The ffmpegs' ticks in between, those that ended too. Short streams end inside the window: reading only the
     * ffmpegs alive at its end missed every one that ran and ended in it (a 12 s stream's ffmpeg counted 0.25
     * CPU-s per stream-minute against 0.84 for long streams). One the JVM has reaped brings its whole life into
     * the JVM's reaped-children time; the part it had spent before the window, read then, is taken out again.
     * The relay starts no other child after its boot (FfmpegProbe's {@code -version} runs then, before any window).
     */
    long ffmpegTicksUntil(CpuSnapshot later) {
        long alive = later.ffmpegs.entrySet().stream()
                .mapToLong(e -> e.getValue() - ffmpegs.getOrDefault(e.getKey(), 0L)).sum();
        long beforeOfEnded = ffmpegs.entrySet().stream().filter(e -> !later.ffmpegs.containsKey(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        return alive + (later.reapedChildren - reapedChildren) - beforeOfEnded;
    }

    // per thread-name group, what the JVM's threads spent in between, largest first
    private Map<String, Double> threadGroups(CpuSnapshot later) {
        Map<String, Long> ticks = new HashMap<>();
        later.jvmThreads.forEach((tid, thread) -> {
            Proc.ThreadTicks earlier = jvmThreads.get(tid);
            long spent = thread.ticks() - (earlier == null ? 0 : earlier.ticks());
            ticks.merge(thread.group(), spent, Long::sum);
        });
        Map<String, Double> groups = new LinkedHashMap<>();
        ticks.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> groups.put(e.getKey(), seconds(e.getValue())));
        return groups;
    }

    private static double seconds(long ticks) {
        return ticks / Proc.TICKS_PER_SECOND;
    }

    /**
     * CPU seconds over a wall-clock window: the relay (JVM, ffmpegs), the sink and the harness, and everything
     * else the machine ran meanwhile ({@code others}: other engineers' builds and tests, the kernel's own work);
     * the JVM's CPU split by thread name (threads that ended inside the window are missing there).
     */
    record CpuUsage(double wallSeconds, double jvm, double jvmSystem, double ffmpeg, double nginx, double harness, double others,
            double machineCapacity, int ffmpegCount, Map<String, Double> jvmThreadGroups) {
    }
}
