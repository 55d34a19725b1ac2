package io.liverelay.media.control;

import static io.liverelay.media.control.Mkv.BLOCK;
import static io.liverelay.media.control.Mkv.BLOCK_GROUP;
import static io.liverelay.media.control.Mkv.CLUSTER;
import static io.liverelay.media.control.Mkv.SIMPLE_BLOCK;
import static io.liverelay.media.control.Mkv.TIMESTAMP;
import static io.liverelay.media.control.Mkv.block;
import static io.liverelay.media.control.Mkv.concat;
import static io.liverelay.media.control.Mkv.element;
import static io.liverelay.media.control.Mkv.uint;
import static io.liverelay.media.control.Mkv.unknownSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A recording whose connection drops: it ends wherever the last chunk ended, often inside a block. What went out
 * must end on a whole element, and a known-size cluster it stands in be closed, so that the next recording spliced
 * after it is not read as the rest of a block or of that cluster. Held bytes are bounded.
 */
class ClusterClockHoldTest {

    private static final long GAP_NANOS = 40_000_000;

    static Stream<Path> recordings() {
        return ClusterClockHeadTest.recordings();
    }

    static Stream<Arguments> pairs() {
        return ClusterClockSpliceTest.pairs();
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void aRecordingCutAnywhereGoesOutUpToItsLastWholeElement(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        int firstCluster = Recordings.firstCluster(media);
        Random random = new Random(recording.getFileName().toString().hashCode());
        for (long seed = 1; seed <= 8; seed++) {
            int cut = firstCluster + 1 + random.nextInt(media.length - firstCluster - 1);
            ClusterClock clock = new ClusterClock();
            byte[] out = Recordings.feed(clock, Arrays.copyOf(media, cut), seed);
            ClusterClock whole = new ClusterClock();
            whole.feed(out);

            String at = "seed " + seed + ", cut at " + cut;
            assertEquals(-1, FlatWalk.of(out).cutAt(), at + ": no element is cut off in what went out");
            assertEquals(FlatWalk.of(Arrays.copyOf(media, cut)).wholeTo(), out.length, at + ": nothing whole held");
            assertArrayEquals(Arrays.copyOf(media, out.length), out, at + ": the bytes as they came");
            assertEquals(whole.lastNanos(), clock.lastNanos(), at + ": a held block's time does not count");
            byte[] closing = clock.closing().orElseThrow();
            assertEquals(FlatWalk.of(out).blocks(), EbmlWalk.of(Mkv.concat(out, closing)).blockTimes().size(),
                    at + ": closed, a known-size cluster is whole again (the walk reads it to its end)");
            assertEquals(cut - out.length, clock.discardHeld(), at);
            assertFalse(clock.failed(), at);
        }
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void aRecordingSplicedAfterACutOneDecodesWithoutAnError(Path firstFile, Path secondFile, @TempDir Path dir)
            throws IOException {
        byte[] first = Files.readAllBytes(firstFile);
        byte[] second = Files.readAllBytes(secondFile);
        int secondBlocks = EbmlWalk.of(second).blockTimes().size();
        Random random = new Random(firstFile.getFileName().toString().hashCode());
        for (long seed = 1; seed <= 2; seed++) {
            int cut = Recordings.firstCluster(first) + 1 + random.nextInt(first.length - Recordings.firstCluster(first));
            ClusterClock clock = new ClusterClock();
            byte[] out = Recordings.feed(clock, Arrays.copyOf(first, cut), seed);
            byte[] closing = clock.closing().orElseThrow();
            clock.discardHeld();
            ClusterClock continuation = ClusterClock.continuing(clock.lastNanos() + GAP_NANOS);
            byte[] spliced = Mkv.concat(out, closing, Recordings.feed(continuation, second, seed + 100));
            Path file = dir.resolve("spliced-" + seed + (firstFile.toString().endsWith(".webm") ? ".webm" : ".mkv"));
            Files.write(file, spliced);
            Path frames = dir.resolve("frames-" + seed + ".txt");

            ProcessResult decoded = Tools.run(Duration.ofSeconds(120), List.of(Tools.ffmpeg().toString(), "-v",
                    "error", "-nostdin", "-i", file.toString(), "-map", "0", "-fps_mode", "passthrough", "-f",
                    "framemd5", frames.toString()));

            String at = "seed " + seed + ", cut at " + cut;
            assertTrue(decoded.succeeded() && decoded.output().isBlank(), at + ": " + decoded.describe());
            long decodedFrames = Files.readAllLines(frames).stream().filter(line -> !line.startsWith("#")).count();
            assertEquals(FlatWalk.of(out).blocks() + secondBlocks, decodedFrames, at + ": every whole block's frame");
        }
    }

    @Test
    void everyCutOfHandMadeClustersGoesOutUpToTheLastWholeChildWhateverTheChunks() {
        byte[] head = concat(Mkv.ebmlHeader(), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, -1, -1, -1, -1, -1,
                -1, -1}, element(Mkv.INFO, uint(Mkv.TIMESTAMP_SCALE, 1_000_000)));
        byte[] media = concat(head,
                element(CLUSTER, uint(TIMESTAMP, 1000), block(SIMPLE_BLOCK, 1, 5, 40),
                        element(BLOCK_GROUP, block(BLOCK, 2, 40, 30), uint(0x9B, 20)), block(SIMPLE_BLOCK, 1, 9, 0)),
                unknownSize(CLUSTER, uint(TIMESTAMP, 2000), block(SIMPLE_BLOCK, 2, 7, 50),
                        element(BLOCK_GROUP, uint(0x9B, 20), block(BLOCK, 1, 12, 25))));
        for (int cut = head.length + 1; cut <= media.length; cut++) {
            for (int chunk : new int[] {1, 2, 3, 7, media.length}) {
                ClusterClock clock = new ClusterClock();
                byte[] out = feedInChunks(clock, Arrays.copyOf(media, cut), chunk);
                ClusterClock whole = new ClusterClock();
                whole.feed(out);

                String at = "cut at " + cut + ", chunks of " + chunk;
                assertArrayEquals(Arrays.copyOf(media, FlatWalk.of(Arrays.copyOf(media, cut)).wholeTo()), out, at);
                assertEquals(whole.lastNanos(), clock.lastNanos(), at);
                byte[] closed = concat(out, clock.closing().orElseThrow());
                assertEquals(FlatWalk.of(out).blocks(), EbmlWalk.of(closed).blockTimes().size(), at + ": closed");
                assertEquals(cut - out.length, clock.discardHeld(), at);
            }
        }
    }

    @Test
    void anElementDeclaringMoreThan8MibIsHeldUpTo8MibThenPassesAsItComes() {
        int size = ClusterClock.MAX_HELD_BYTES + (1 << 20);
        byte[] head = concat(Mkv.ebmlHeader(), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, -1, -1, -1, -1, -1,
                -1, -1}, unknownSize(CLUSTER, uint(TIMESTAMP, 0)));
        byte[] large = element(SIMPLE_BLOCK, new byte[size]); // what a client may declare, and even send
        byte[] after = block(SIMPLE_BLOCK, 1, 40, 100);
        byte[] media = concat(head, large, after, Arrays.copyOf(after, 50));
        ClusterClock clock = new ClusterClock();
        var out = new ByteArrayOutputStream();
        int chunk = 64 << 10;
        int largeEnd = head.length + large.length;

        for (int at = 0; at < media.length; at += chunk) {
            byte[] part = clock.feed(Arrays.copyOfRange(media, at, Math.min(media.length, at + chunk)));
            out.writeBytes(part);
            int fed = Math.min(media.length, at + chunk);
            if (fed - head.length <= ClusterClock.MAX_HELD_BYTES) {
                assertEquals(head.length, out.size(), "held while it fits in 8 MiB: " + fed);
            } else if (fed <= largeEnd) {
                assertEquals(fed, out.size(), "past 8 MiB each byte passes as it comes: " + fed);
            }
        }

        assertEquals(1, clock.overlong());
        assertArrayEquals(Arrays.copyOf(media, largeEnd + after.length), out.toByteArray(),
                "the next element is held again until whole");
        assertEquals(50, clock.discardHeld());
        assertFalse(clock.failed());
    }

    @Test
    void aKnownSizeClusterWithMoreThan8MibStillToComeCannotBeClosed() {
        byte[] head = concat(Mkv.ebmlHeader(), new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, -1, -1, -1, -1, -1,
                -1, -1});
        byte[] children = concat(uint(TIMESTAMP, 0), block(SIMPLE_BLOCK, 1, 0, 100));
        byte[] declared = {0x1F, 0x43, (byte) 0xB6, 0x75, 0x01, 0, 0, 0, 0x05, 0, 0, 0}; // 80 MiB of cluster
        byte[] small = {0x1F, 0x43, (byte) 0xB6, 0x75, 0x01, 0, 0, 0, 0, 0, 0x10, 0}; // 4 KiB
        ClusterClock large = new ClusterClock();
        ClusterClock fits = new ClusterClock();

        large.feed(concat(head, declared, children));
        fits.feed(concat(head, small, children));

        assertTrue(large.closing().isEmpty(), "a Void that long is not written");
        assertEquals(4096 - children.length, fits.closing().orElseThrow().length, "the rest of the cluster");
    }

    @Test
    void aClockWhoseHeldBytesWereDiscardedTakesNoMoreInput() throws IOException {
        byte[] media = Files.readAllBytes(Recordings.chromium());
        ClusterClock clock = new ClusterClock();
        clock.feed(Arrays.copyOf(media, media.length / 2));

        assertTrue(clock.discardHeld() > 0, "the middle of the recording is inside a block");
        assertEquals(0, clock.discardHeld());
        assertThrows(IllegalStateException.class, () -> clock.feed(new byte[] {1}));
    }

    @Test
    void aVoidFillsExactlyTheLengthAsked() {
        for (int length = 2; length < 20_000; length++) {
            byte[] filling = EbmlVoid.filling(length).orElseThrow();

            assertEquals(length, filling.length);
            assertEquals(new FlatWalk(-1, length, 0), FlatWalk.of(filling), "length " + length);
        }
        assertTrue(EbmlVoid.filling(1).isEmpty(), "no element is 1 byte long");
        assertEquals(ClusterClock.MAX_HELD_BYTES, EbmlVoid.filling(ClusterClock.MAX_HELD_BYTES).orElseThrow().length);
    }

    private static byte[] feedInChunks(ClusterClock clock, byte[] media, int size) {
        var out = new ByteArrayOutputStream();
        for (int at = 0; at < media.length; at += size) {
            out.writeBytes(clock.feed(Arrays.copyOfRange(media, at, Math.min(media.length, at + size))));
        }
        return out.toByteArray();
    }
}
