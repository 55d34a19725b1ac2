package io.liverelay.bench;

import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A recording cut the way MediaRecorder cuts it with a timeslice: chunk k holds the media from k·slice to
 * (k+1)·slice (the first also holds the container header), so sending chunk k at k·slice after the first gives
 * the relay exactly (k+1)·slice of media by then. Cut points are the file positions of the packets, from ffprobe.
 */
final class ChunkPlan {

    private final byte[] media;
    private final int[] starts;
    private final double sliceSeconds;

    private ChunkPlan(byte[] media, int[] starts, double sliceSeconds) {
        this.media = media;
        this.starts = starts;
        this.sliceSeconds = sliceSeconds;
    }

    static ChunkPlan of(Path file, Duration slice) {
        double seconds = slice.toNanos() / 1e9;
        ProcessResult probe = Tools.run(Duration.ofMinutes(5), List.of(Tools.ffprobe().toString(), "-v", "error",
                "-show_entries", "packet=dts_time,pos", "-of", "csv=p=0", file.toString())).requireSuccess();
        // packets in file order; chunk k starts at the first packet whose time reaches k·slice
        int[] starts = new int[1024];
        int count = 1;
        for (String line : probe.output().lines().toList()) {
            String[] fields = line.split(",");
            if (fields.length < 2 || fields[0].equals("N/A") || fields[1].equals("N/A")) {
                continue;
            }
            double time = Double.parseDouble(fields[0]);
            int pos = Integer.parseInt(fields[1].trim());
            while (time >= count * seconds) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count] = Math.max(pos, starts[count - 1]);
                count++;
            }
        }
        try {
            return new ChunkPlan(Files.readAllBytes(file), Arrays.copyOf(starts, count), seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole chunks available: the last cut is where the final, partial slice begins. */
    int chunkCount() {
        return starts.length - 1;
    }

    double sliceSeconds() {
        return sliceSeconds;
    }

    byte[] chunk(int k) {
        return Arrays.copyOfRange(media, starts[k], starts[k + 1]);
    }

    long bytes(int chunks) {
        return starts[chunks];
    }
}
