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

import io.liverelay.testsupport.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The last media time a clock let through, on real recordings against ffprobe and on a hand-made one. */
class ClusterClockLastNanosTest {

    private static final long MILLI = 1_000_000;
    private static final long SCALE = 100_000; // not Matroska's default, so a clock that assumes 1 ms shows

    /** Chromium's (sound and pictures, no CodecDelay) and ffmpeg's without their sound: see videoOnlyOf. */
    static Stream<Path> recordings() {
        return Stream.of(Recordings.chromium(), Recordings.videoOnlyOf(MediaFixtures.h264Opus().path()),
                Recordings.videoOnlyOf(MediaFixtures.vp8Opus().path()));
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void isTheLastPacketTimeFfprobeFinds(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        long last = Recordings.lastPacketMillis(recording) * MILLI;
        for (long seed = 1; seed <= 3; seed++) {
            ClusterClock clock = new ClusterClock();
            Recordings.feed(clock, media, seed);

            assertFalse(clock.failed());
            assertEquals(last, clock.lastNanos(), "seed " + seed);
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void isInTheOutputsTimeAfterAShift(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        ClusterClock clock = ClusterClock.continuing(2_500 * MILLI);

        Recordings.feed(clock, media, 5);

        assertEquals(Recordings.lastPacketMillis(recording) * MILLI + 2_500 * MILLI, clock.lastNanos());
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void isMinusOneBeforeAnyBlock(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        ClusterClock clock = new ClusterClock();

        // up to the first block's head, which comes some bytes after its cluster's
        clock.feed(Arrays.copyOf(media, Recordings.firstCluster(media) + 8));

        assertEquals(-1, clock.lastNanos());
    }

    @Test
    void countsBlocksInGroupsAndWiderTrackNumbersButNotOddBlocksWhereverAChunkEnds() {
        byte[] first = element(CLUSTER, uint(TIMESTAMP, 1000), block(SIMPLE_BLOCK, 1, 5, 10),
                element(BLOCK_GROUP, block(BLOCK, 2, 40, 3), uint(0x9B, 20)),
                element(SIMPLE_BLOCK, new byte[] {(byte) 0x81, 0x7F}), // too short: a timecode 0x7FA3 if misread
                block(SIMPLE_BLOCK, 1, -3, 0));
        byte[] second = unknownSize(CLUSTER, uint(TIMESTAMP, 2000),
                element(SIMPLE_BLOCK, new byte[] {0x40, 0x01, 0, 7, (byte) 0x80, 1, 2}), // track 1 in two bytes
                element(SIMPLE_BLOCK, new byte[] {0x00, 0x7F, 0x7F}), // no vint: not counted
                block(SIMPLE_BLOCK, 1, 3, 4));
        byte[] head = concat(Mkv.ebmlHeader(), unknownSizeSegmentHead());
        byte[] media = concat(head, first, second);
        for (int chunk : new int[] {1, 2, 3, 5, 7, media.length}) {
            ClusterClock clock = new ClusterClock();
            byte[] out = feedInChunks(clock, Arrays.copyOf(media, head.length + first.length), chunk);

            assertEquals((1000 + 40) * SCALE, clock.lastNanos(), "the Block in a group counts; chunks of " + chunk);
            out = concat(out, feedInChunks(clock, second, chunk));
            assertEquals((2000 + 7) * SCALE, clock.lastNanos(), "chunks of " + chunk);
            assertFalse(clock.failed());
            assertArrayEquals(media, out, "without a shift every byte goes through");
        }
    }

    private static byte[] unknownSizeSegmentHead() {
        return concat(new byte[] {0x18, 0x53, (byte) 0x80, 0x67, 0x01, -1, -1, -1, -1, -1, -1, -1},
                element(Mkv.INFO, uint(Mkv.TIMESTAMP_SCALE, SCALE)));
    }

    private static byte[] feedInChunks(ClusterClock clock, byte[] media, int size) {
        byte[] out = new byte[0];
        for (int at = 0; at < media.length; at += size) {
            out = concat(out, clock.feed(Arrays.copyOfRange(media, at, Math.min(media.length, at + size))));
        }
        return out;
    }
}
