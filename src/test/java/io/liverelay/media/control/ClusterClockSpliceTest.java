package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reconnected browser's second recording spliced after the first, both cut at random places: what ffmpeg reads
 * must be one stream (one header, one Segment) whose second part comes after the first, block for block.
 */
class ClusterClockSpliceTest {

    private static final long GAP_NANOS = 40_000_000;

    static Stream<Arguments> pairs() {
        Path h264 = MediaFixtures.h264Opus().path();
        Path vp8 = MediaFixtures.vp8Opus().path();
        return Stream.of(Arguments.of(Recordings.chromium(), Recordings.chromium()),
                Arguments.of(h264, Recordings.secondOf(h264)), Arguments.of(vp8, Recordings.secondOf(vp8)));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void theSecondRecordingContinuesTheFirstAsOneStream(Path firstFile, Path secondFile) throws IOException {
        byte[] first = Files.readAllBytes(firstFile);
        byte[] second = Files.readAllBytes(secondFile);
        EbmlWalk firstAlone = EbmlWalk.of(first);
        EbmlWalk secondAlone = EbmlWalk.of(second);
        for (long seed = 1; seed <= 3; seed++) {
            ClusterClock clock = new ClusterClock();
            byte[] out = Recordings.feed(clock, first, seed);
            long shift = clock.lastNanos() + GAP_NANOS;
            ClusterClock continuation = ClusterClock.continuing(shift);
            byte[] spliced = Mkv.concat(out, Recordings.feed(continuation, second, seed + 100));

            assertFalse(clock.failed() || continuation.failed(), "seed " + seed);
            assertEquals(firstAlone.lastTicks() * firstAlone.scale(), clock.lastNanos(), "the first part's end");
            assertArrayEquals(first, out, "the first recording goes out as it came");
            EbmlWalk walk = EbmlWalk.of(spliced);
            assertEquals(List.of(Mkv.EBML, Mkv.SEGMENT), walk.topIds(), "one header, one Segment");
            assertEquals(1, walk.segmentIds().stream().filter(id -> id == Mkv.TRACKS).count(), "one Tracks");
            assertFalse(walk.segmentIds().contains(Mkv.EBML) || walk.segmentIds().contains(Mkv.SEGMENT));
            assertEquals(firstAlone.simpleBlocks() + secondAlone.simpleBlocks(), walk.simpleBlocks(), "every block");
            assertEquals(firstAlone.clusters().size() + secondAlone.clusters().size(), walk.clusters().size());
            assertSecondPartMovedPastTheFirst(walk, firstAlone, secondAlone, shift);
            assertMonotonic(walk);
        }
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void ffmpegDecodesEveryFrameOfBoth(Path firstFile, Path secondFile, @TempDir Path dir) throws IOException {
        ClusterClock clock = new ClusterClock();
        byte[] out = Recordings.feed(clock, Files.readAllBytes(firstFile), 7);
        ClusterClock continuation = ClusterClock.continuing(0);
        continuation.shift(clock.lastNanos() + GAP_NANOS); // decided when the new recording's first chunk came
        Path spliced = dir.resolve("spliced." + (firstFile.toString().endsWith(".webm") ? "webm" : "mkv"));
        Files.write(spliced, Mkv.concat(out, Recordings.feed(continuation, Files.readAllBytes(secondFile), 8)));
        Path frames = dir.resolve("frames.txt");

        ProcessResult decoded = Tools.run(Duration.ofSeconds(120), List.of(Tools.ffmpeg().toString(), "-v", "error",
                "-nostdin", "-i", spliced.toString(), "-map", "0", "-fps_mode", "passthrough", "-f", "framemd5",
                frames.toString()));

        assertTrue(decoded.succeeded() && decoded.output().isBlank(), decoded.describe());
        long[] expected = Recordings.packetsPerStream(firstFile);
        long[] secondPackets = Recordings.packetsPerStream(secondFile);
        Map<String, Long> perStream = new HashMap<>();
        Files.readAllLines(frames).stream().filter(line -> !line.startsWith("#"))
                .forEach(line -> perStream.merge(line.substring(0, line.indexOf(',')).strip(), 1L, Long::sum));
        assertEquals(expected[0] + secondPackets[0], perStream.get("0"), "frames of stream 0");
        assertEquals(expected[1] + secondPackets[1], perStream.get("1"), "frames of stream 1");
    }

    /** Each block of the second part is where it was plus the shift, later than anything of the first part. */
    private static void assertSecondPartMovedPastTheFirst(EbmlWalk walk, EbmlWalk first, EbmlWalk second,
            long shiftNanos) {
        long lastOfFirst = first.lastTicks() * first.scale();
        List<long[]> times = walk.blockTimes();
        List<long[]> secondTimes = second.blockTimes();
        int firstBlocks = first.blockTimes().size();
        for (int i = 0; i < secondTimes.size(); i++) {
            long[] spliced = times.get(firstBlocks + i);
            assertEquals(secondTimes.get(i)[0], spliced[0], "track of block " + i);
            assertEquals(secondTimes.get(i)[1] + shiftNanos / walk.scale(), spliced[1], "time of block " + i);
            assertTrue(spliced[1] * walk.scale() > lastOfFirst, "block " + i + " after the first part");
        }
        for (EbmlWalk.Cluster cluster : walk.clusters().subList(first.clusters().size(), walk.clusters().size())) {
            assertTrue(cluster.timestamp() * walk.scale() > lastOfFirst, "cluster at " + cluster.timestamp());
        }
    }

    /** Cluster timestamps rise; each track's block times never go back. */
    private static void assertMonotonic(EbmlWalk walk) {
        for (int i = 1; i < walk.clusters().size(); i++) {
            assertTrue(walk.clusters().get(i).timestamp() > walk.clusters().get(i - 1).timestamp(), "cluster " + i);
        }
        Map<Long, Long> lastPerTrack = new HashMap<>();
        for (long[] time : walk.blockTimes()) {
            long before = lastPerTrack.getOrDefault(time[0], Long.MIN_VALUE);
            assertTrue(time[1] >= before, "track " + time[0] + " went back from " + before + " to " + time[1]);
            lastPerTrack.put(time[0], time[1]);
        }
    }
}
