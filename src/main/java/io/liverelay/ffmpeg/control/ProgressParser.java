package io.liverelay.ffmpeg.control;

import io.liverelay.ffmpeg.entity.Progress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads ffmpeg's {@code -progress} output, {@code key=value} lines in blocks that end with
 * {@code progress=continue|end}. Lines that are not progress are left to the caller as log lines.
 */
public final class ProgressParser {

    private static final Set<String> KEYS = Set.of("frame", "fps", "bitrate", "total_size", "out_time_us",
            "out_time_ms", "out_time", "dup_frames", "drop_frames", "speed", "progress");
    /** ffmpeg pads some values ("bitrate= 301.1kbits/s", "speed=   1x"), so spaces may follow the '='. */
    private static final Pattern KEY_VALUE = Pattern.compile("^([a-z0-9_]+)= *(\\S*) *$");

    private final Clock clock;
    private final Map<String, String> block = new HashMap<>();

    public ProgressParser(Clock clock) {
        this.clock = clock;
    }

    /** True when the line belongs to the progress report rather than to the log. */
    public static boolean isProgressLine(String line) {
        var m = KEY_VALUE.matcher(line);
        return m.matches() && (KEYS.contains(m.group(1)) || m.group(1).startsWith("stream_"));
    }

    /** Feeds one progress line; returns the finished block's progress when the line closes a block. */
    public Optional<Progress> accept(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            return Optional.empty();
        }
        String key = line.substring(0, eq);
        String value = line.substring(eq + 1).trim();
        if (!"progress".equals(key)) {
            block.put(key, value);
            return Optional.empty();
        }
        Progress progress = new Progress(
                (long) number("frame"),
                number("fps"),
                number("bitrate"),
                (long) (number("out_time_us") / 1000),
                number("speed"),
                (long) number("total_size"),
                clock.instant());
        block.clear();
        return Optional.of(progress);
    }

    /** ffmpeg writes "N/A" or units ("2510.3kbits/s", "1.01x") where it has no plain number. */
    private double number(String key) {
        String raw = block.getOrDefault(key, "");
        int end = 0;
        while (end < raw.length() && (Character.isDigit(raw.charAt(end)) || raw.charAt(end) == '.'
                || (end == 0 && raw.charAt(end) == '-'))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Math.max(0, Double.parseDouble(raw.substring(0, end)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
