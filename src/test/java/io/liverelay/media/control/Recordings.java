package io.liverelay.media.control;

import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Real recordings for the splice tests, and the random cuts a network makes in them. */
final class Recordings {

    private Recordings() {
    }

    /** Chromium's own MediaRecorder output (Opus track 1, H.264 640x360 track 2, clusters of unknown size). */
    static Path chromium() {
        Path file = Path.of("target", "chromium-paused.mkv");
        try (InputStream in = Recordings.class.getResourceAsStream("chromium-paused.mkv")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A second recording with the same codecs as {@code recording}, as a new recorder on the same camera makes it:
     * 3 s of it from a keyframe near 5 s, with its own head and timestamps from 0 (ffmpeg copies, so it is quick).
     */
    static Path secondOf(Path recording) {
        return remux(recording, "second", List.of("-ss", "5", "-i", recording.toString(), "-t", "3", "-map", "0"));
    }

    /**
     * The recording's pictures without its sound. ffmpeg writes Opus with a CodecDelay that ffprobe takes off
     * every audio time (7 ms here), so only without it are ffprobe's times the blocks' own.
     */
    static Path videoOnlyOf(Path recording) {
        return remux(recording, "video", List.of("-i", recording.toString(), "-map", "0:v"));
    }

    private static Path remux(Path recording, String label, List<String> input) {
        String name = recording.getFileName().toString();
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        args.addAll(input);
        args.addAll(List.of("-c", "copy", "-live", "1", "-f", name.endsWith(".webm") ? "webm" : "matroska"));
        String remuxed = name.replaceFirst("\\.", "-" + label + "-" + Integer.toHexString(args.hashCode()) + ".");
        return MediaFixtures.generateOnce(MediaFixtures.directory().resolve(remuxed), args, Duration.ofSeconds(60));
    }

    /** Feeds {@code media} to the clock in random chunks, from single bytes to tens of kilobytes. */
    static byte[] feed(ClusterClock clock, byte[] media, long seed) {
        Random random = new Random(seed);
        var out = new ByteArrayOutputStream(media.length + 1024);
        int offset = 0;
        while (offset < media.length) {
            int end = Math.min(media.length, offset + 1 + random.nextInt(random.nextBoolean() ? 9 : 60_000));
            out.writeBytes(clock.feed(Arrays.copyOfRange(media, offset, end)));
            offset = end;
        }
        return out.toByteArray();
    }

    /** Where the first Cluster id is, found by looking for its four bytes. */
    static int firstCluster(byte[] media) {
        for (int i = 0; i + 4 <= media.length; i++) {
            if (media[i] == 0x1F && media[i + 1] == 0x43 && media[i + 2] == (byte) 0xB6 && media[i + 3] == 0x75) {
                return i;
            }
        }
        return -1;
    }

    /** The packets ffprobe finds, per stream index. */
    static long[] packetsPerStream(Path file) {
        ProcessResult probe = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffprobe().toString(), "-v", "error",
                "-show_entries", "packet=stream_index", "-of", "csv=p=0", file.toString())).requireSuccess();
        long[] counts = new long[2];
        probe.output().lines().map(String::strip).filter(line -> !line.isEmpty())
                .forEach(line -> counts[Integer.parseInt(line.replace(",", ""))]++);
        return counts;
    }

    /** The largest packet time ffprobe finds, in milliseconds. */
    static long lastPacketMillis(Path file) {
        ProcessResult probe = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffprobe().toString(), "-v", "error",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0", file.toString())).requireSuccess();
        return probe.output().lines().map(line -> line.replace(",", "").strip()).filter(line -> !line.isEmpty())
                .mapToLong(line -> Math.round(Double.parseDouble(line) * 1000)).max().orElseThrow();
    }
}
