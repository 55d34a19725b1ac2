package io.liverelay.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, from one {@code jcmd GC.class_histogram}: it collects fully, then counts the
 * objects left at that same safepoint. (Reading {@code GC.heap_info} after a separate {@code GC.run} also
 * counted the garbage made between the two jcmd calls, a second or more apart under load: at 60 streams
 * about 19 MB of media a second.)
 */
final class HeapProbe {

    /** Live objects: their total in KiB and their bytes per class. */
    record Live(long kib, Map<String, Long> bytesByClass) {
    }

    // "   1:        139643       17773416  [B (java.base@17.0.15)"
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    // "Total       1052134       74565216"
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

    private HeapProbe() {
    }

    static Live live(long pid) {
        String histogram = Jcmd.run(pid, "GC.class_histogram");
        Map<String, Long> bytes = new HashMap<>();
        for (String line : histogram.lines().toList()) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
            }
        }
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("unexpected GC.class_histogram output:\n"
                    + histogram.lines().limit(5).toList());
        }
        return new Live(Long.parseLong(total.group(1)) / 1024, bytes);
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
