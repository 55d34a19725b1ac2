package io.liverelay.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of another JVM: a full GC through jcmd, then the used size the collector reports. */
final class HeapProbe {

    // G1: " garbage-first heap   total 167936K, used 52298K [0x..."
    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

    private HeapProbe() {
    }

    /** Heap used right after a full collection, in KiB. */
    static long usedAfterGcKib(long pid) {
        Jcmd.run(pid, "GC.run");
        String info = Jcmd.run(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output:\n" + info);
        }
        return Long.parseLong(used.group(1));
    }

    /** Bytes of live objects per class (jcmd GC.class_histogram, which collects first). */
    static Map<String, Long> liveBytesByClass(long pid) {
        Map<String, Long> bytes = new HashMap<>();
        // "   1:        139643       17773416  [B (java.base@17.0.15)"
        for (String line : Jcmd.run(pid, "GC.class_histogram").lines().toList()) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
            }
        }
        return bytes;
    }

    /** The classes whose live bytes grew most from one histogram to the next, largest first. */
    static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after, int limit) {
        Map<String, Long> grown = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> grown.put(e.getKey(), e.getValue()));
        return grown;
    }

}
