package io.liverelay.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The video packets of a recording as ffprobe lists them: time and size. The bit rate measured from them is
 * what really arrived; the one in the FLV header is only what the encoder was asked for.
 */
public record VideoPackets(List<Double> times, List<Long> sizes) {

    public static VideoPackets of(Path file) {
        ProcessResult result = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffprobe().toString(),
                "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,size",
                "-of", "csv=p=0", file.toAbsolutePath().toString()));
        if (!result.succeeded()) {
            throw new AssertionError("ffprobe failed: " + result.describe());
        }
        List<Double> times = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String[] fields = line.trim().split(",");
            if (fields.length == 2 && !fields[0].equals("N/A")) {
                times.add(Double.parseDouble(fields[0]));
                sizes.add(Long.parseLong(fields[1]));
            }
        }
        return new VideoPackets(List.copyOf(times), List.copyOf(sizes));
    }

    public int count() {
        return times.size();
    }

    public double firstTime() {
        return times.isEmpty() ? Double.NaN : times.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double lastTime() {
        return times.isEmpty() ? Double.NaN : times.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Bits per second of video between the first and the last packet. */
    public double bitsPerSecond() {
        double span = lastTime() - firstTime();
        return span > 0 ? sizes.stream().mapToLong(Long::longValue).sum() * 8 / span : 0;
    }

    /** The longest stretch without a video packet, in seconds. */
    public double longestGap() {
        List<Double> sorted = times.stream().sorted().toList();
        double gap = 0;
        for (int i = 1; i < sorted.size(); i++) {
            gap = Math.max(gap, sorted.get(i) - sorted.get(i - 1));
        }
        return gap;
    }
}
