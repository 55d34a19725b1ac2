package io.liverelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The relay JVM's threads from {@code jcmd Thread.print}: each thread's name, state and frames, and whether the
 * JVM found a deadlock. {@link #stuck} compares two dumps taken a few seconds apart: a thread that sits in our
 * code ({@code io.liverelay.*}) or BLOCKED on a monitor with the very same stack in both is stuck, not busy.
 */
record ThreadDump(List<DumpedThread> threads, boolean deadlock, String text) {

    static final String OUR_CODE = "io.liverelay.";

    /** One thread: its state ({@code BLOCKED (on object monitor)}, empty for the JVM's own) and frames, top first. */
    record DumpedThread(String name, String state, List<String> frames, List<String> locks) {

        boolean inOurCode() {
            return frames.stream().anyMatch(f -> f.startsWith(OUR_CODE));
        }

        boolean blocked() {
            return state.startsWith("BLOCKED");
        }

        /** The state without its detail: RUNNABLE, WAITING, TIMED_WAITING, BLOCKED. */
        String shortState() {
            int space = state.indexOf(' ');
            return state.isEmpty() ? "(JVM)" : space < 0 ? state : state.substring(0, space);
        }

        /** The topmost frame of ours, or the top frame when none is ours. */
        String where() {
            return frames.stream().filter(f -> f.startsWith(OUR_CODE)).findFirst()
                    .orElse(frames.isEmpty() ? "(no Java frames)" : frames.get(0));
        }

        private String signature() {
            return name + '\n' + state + '\n' + String.join("\n", frames);
        }
    }

    static ThreadDump take(long pid) {
        return parse(Jcmd.run(pid, "Thread.print"));
    }

    // a thread's block starts with its quoted name on a line that also holds "nid="; the threads end with
    // "JNI global refs" or the deadlock report, which quotes names and frames again
    static ThreadDump parse(String text) {
        List<DumpedThread> threads = new ArrayList<>();
        String name = null;
        String state = "";
        List<String> frames = new ArrayList<>();
        List<String> locks = new ArrayList<>();
        boolean deadlock = false;
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            if (line.startsWith("\"") && line.contains("nid=")) {
                if (name != null) {
                    threads.add(new DumpedThread(name, state, List.copyOf(frames), List.copyOf(locks)));
                }
                name = line.substring(1, line.lastIndexOf('"'));
                state = "";
                frames.clear();
                locks.clear();
            } else if (line.startsWith("JNI global") || line.startsWith("Found ")) {
                // the threads are over: what follows (the deadlock report) repeats their frames
                deadlock |= line.startsWith("Found ") && line.contains("deadlock");
                if (name != null) {
                    threads.add(new DumpedThread(name, state, List.copyOf(frames), List.copyOf(locks)));
                    name = null;
                }
            } else if (name != null && trimmed.startsWith("java.lang.Thread.State: ")) {
                state = trimmed.substring("java.lang.Thread.State: ".length());
            } else if (name != null && trimmed.startsWith("at ")) {
                frames.add(trimmed.substring(3));
            } else if (name != null && trimmed.startsWith("- ")) {
                locks.add(trimmed.substring(2));
            }
        }
        if (name != null) {
            threads.add(new DumpedThread(name, state, List.copyOf(frames), List.copyOf(locks)));
        }
        return new ThreadDump(List.copyOf(threads), deadlock, text);
    }

    /** Threads in our code or BLOCKED: normal while streams run, stuck when they stay that way. */
    List<DumpedThread> suspicious() {
        return threads.stream().filter(t -> t.inOurCode() || t.blocked()).toList();
    }

    /** The threads suspicious in both dumps with the same state and stack. */
    static List<DumpedThread> stuck(ThreadDump first, ThreadDump second) {
        Set<String> before = first.suspicious().stream().map(DumpedThread::signature).collect(Collectors.toSet());
        return second.suspicious().stream().filter(t -> before.contains(t.signature())).toList();
    }

    /** Threads in our code, counted by state and where in our code they are: "WAITING at io.liverelay.…". */
    Map<String, Integer> oursByPlace() {
        Map<String, Integer> places = new TreeMap<>();
        threads.stream().filter(DumpedThread::inOurCode)
                .forEach(t -> places.merge(t.shortState() + " at " + t.where(), 1, Integer::sum));
        return places;
    }

    long blockedCount() {
        return threads.stream().filter(DumpedThread::blocked).count();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
