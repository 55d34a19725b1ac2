package io.liverelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** What the kernel says about a process (CPU time, resident memory) and about the machine (CPU totals). */
final class Proc {

    /** USER_HZ: Linux reports utime and stime in these ticks; 100 on every mainstream architecture. */
    static final double TICKS_PER_SECOND = 100.0;

    // fields of /proc/<pid>/stat counted from the one after the command name (proc(5) numbers them 14 to 17)
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private Proc() {
    }

    /** utime + stime of every thread of the process, in ticks; empty once it is gone. */
    static OptionalLong cpuTicks(long pid) {
        return statTicks(pid, UTIME, STIME);
    }

    /**
     * cutime + cstime: the whole CPU time of the children the process has reaped, in ticks. An ffmpeg that ended
     * is gone from /proc but its time lands here once the JVM's process reaper has waited for it.
     */
    static OptionalLong reapedChildrenTicks(long pid) {
        return statTicks(pid, CUTIME, CSTIME);
    }

    /**
     * CPU ticks of each thread of a process, by thread name with digits folded ("C2 CompilerThread0" and
     * "C2 CompilerThread1" are one entry); the kernel keeps the first 15 characters of a Java thread's name.
     */
    static Map<Long, ThreadTicks> threadTicks(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = read(task.resolve("stat"));
                if (stat == null) {
                    continue; // the thread ended while listing
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name.replaceAll("[0-9]+",
                        "#"), Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME])));
            }
        } catch (IOException e) {
            // the process ended
        }
        return threads;
    }

    record ThreadTicks(String group, long ticks) {
    }

    /** stime alone: the part of {@link #cpuTicks} spent in the kernel on the process' behalf (syscalls, faults). */
    static OptionalLong systemTicks(long pid) {
        return statTicks(pid, STIME);
    }

    // the sum of some fields of /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields
    // are counted after the last ')'
    private static OptionalLong statTicks(long pid, int... indexes) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long sum = 0;
        for (int index : indexes) {
            sum += Long.parseLong(fields[index]);
        }
        return OptionalLong.of(sum);
    }

    /** VmRSS in KiB; empty once the process is gone. */
    static OptionalLong rssKib(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set) in KiB. */
    static OptionalLong peakRssKib(long pid) {
        return statusKib(pid, "VmHWM:");
    }

    static String command(long pid) {
        String comm = read(Path.of("/proc", Long.toString(pid), "comm"));
        return comm == null ? "" : comm.trim();
    }

    /** Live direct children of a process whose command name is the given one. */
    static List<Long> children(long pid, String command) {
        return ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::children)
                .map(ProcessHandle::pid)
                .filter(child -> command.equals(command(child)))
                .toList();
    }

    /** The first line of /proc/stat: {busy, total} ticks of all CPUs since boot. */
    static long[] machineTicks() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
        long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]), softirq = Long.parseLong(f[7]), steal = Long.parseLong(f[8]);
        long busy = user + nice + system + irq + softirq + steal;
        return new long[] {busy, busy + idle + iowait};
    }

    private static OptionalLong statusKib(long pid, String key) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return OptionalLong.empty();
        }
        return status.lines().filter(line -> line.startsWith(key))
                .mapToLong(line -> Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]))
                .findFirst();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null; // the process ended
        }
    }
}
