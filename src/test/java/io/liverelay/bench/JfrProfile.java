package io.liverelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Flight Recorder profile of the relay's JVM over a run's window ({@code --jfr}): the methods its threads
 * were running when sampled, credited to the first frame outside the JDK (the code that asked for the work),
 * and where the objects still live at the end were allocated. The recording starts with the JVM (starting it
 * later makes the JIT recompile in the middle of a measurement); each window is cut out of it by time.
 */
final class JfrProfile {

    private static final String NAME = "bench";
    private static final int TOP = 12;

    private JfrProfile() {
    }

    /** The relay JVM's option that starts the recording. */
    static String jvmOption() {
        return "-XX:StartFlightRecording=name=" + NAME + ",settings=profile";
    }

    /** Dumps the recording so far to {@code file} and summarises the events between {@code from} and {@code to}. */
    static Findings window(long pid, Path file, Instant from, Instant to) {
        Jcmd.run(pid, "JFR.dump", "name=" + NAME, "filename=" + file.toAbsolutePath());
        try {
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            Map<String, Long> cpu = new HashMap<>();
            Map<String, Long> live = new HashMap<>();
            int samples = 0;
            for (RecordedEvent event : events) {
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    samples++;
                    cpu.merge(caller(event.getStackTrace()), 1L, Long::sum);
                } else if (type.equals("jdk.OldObjectSample")) {
                    String what = event.getValue("object.type.name");
                    live.merge(what + " from " + caller(event.getStackTrace()), 1L, Long::sum);
                }
            }
            return new Findings(file, samples, top(cpu), top(live));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The sampled CPU by first non-JDK frame, and the live objects by type and allocating frame; counts. */
    record Findings(Path file, int samples, Map<String, Long> cpuByCaller, Map<String, Long> liveByAllocation) {
    }

    // the top frame if it is application or container code, else the first such frame below the JDK's
    private static String caller(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = stack.getFrames();
        Function<RecordedFrame, String> name = f -> f.getMethod().getType().getName() + "." + f.getMethod().getName();
        String top = name.apply(frames.get(0));
        for (RecordedFrame frame : frames) {
            String method = name.apply(frame);
            if (!isJdk(method)) {
                return method.equals(top) ? top : method + " → " + top;
            }
        }
        return top;
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.")
                || method.startsWith("javax.");
    }

    private static Map<String, Long> top(Map<String, Long> counts) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
