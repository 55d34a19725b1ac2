package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The head a clock keeps (the bytes before the first cluster) and the head a continuation leaves out. */
class ClusterClockHeadTest {

    static Stream<Path> recordings() {
        return Stream.of(Recordings.chromium(), MediaFixtures.h264Opus().path(), MediaFixtures.vp8Opus().path());
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void theHeadIsEveryByteBeforeTheFirstCluster(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        byte[] expected = Arrays.copyOf(media, Recordings.firstCluster(media));
        for (long seed = 1; seed <= 4; seed++) {
            ClusterClock clock = new ClusterClock();
            ClusterClock continuation = ClusterClock.continuing(0);
            Recordings.feed(clock, media, seed);
            Recordings.feed(continuation, media, seed + 1);

            assertArrayEquals(expected, clock.head().orElseThrow(), "seed " + seed);
            assertArrayEquals(expected, continuation.head().orElseThrow(), "seed " + seed);
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void aContinuationLeavesOutTheHeadAndPassesEveryClusterOn(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        byte[] clusters = Arrays.copyOfRange(media, Recordings.firstCluster(media), media.length);
        for (long seed = 1; seed <= 4; seed++) {
            ClusterClock continuation = ClusterClock.continuing(0);

            assertArrayEquals(clusters, Recordings.feed(continuation, media, seed), "seed " + seed);
            assertFalse(continuation.failed());
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void thereIsNoHeadBeforeTheFirstClusterBegins(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        ClusterClock clock = new ClusterClock();
        ClusterClock continuation = ClusterClock.continuing(0);
        byte[] beforeCluster = Arrays.copyOf(media, Recordings.firstCluster(media) + 2); // half its id

        assertArrayEquals(Arrays.copyOf(media, Recordings.firstCluster(media)), clock.feed(beforeCluster),
                "a partial id is held back");
        assertEquals(0, continuation.feed(beforeCluster).length);
        assertTrue(clock.head().isEmpty() && continuation.head().isEmpty());
    }

    @Test
    void aHeadLongerThan256KibMakesTheClockGiveUp() throws IOException {
        byte[] media = Files.readAllBytes(Recordings.chromium());
        byte[] within = withVoidBeforeTheFirstCluster(media, 250 << 10);
        byte[] beyond = withVoidBeforeTheFirstCluster(media, 260 << 10);
        ClusterClock small = new ClusterClock();
        ClusterClock large = new ClusterClock();

        Recordings.feed(small, within, 3);
        byte[] out = Recordings.feed(large, beyond, 3);

        assertFalse(small.failed());
        assertEquals(Recordings.firstCluster(within), small.head().orElseThrow().length);
        assertTrue(large.failed());
        assertTrue(large.head().isEmpty());
        assertArrayEquals(beyond, out, "a clock that gave up passes every byte on");
    }

    /** The recording with a Void element of {@code size} bytes in all put before its first cluster. */
    private static byte[] withVoidBeforeTheFirstCluster(byte[] media, int size) {
        int at = Recordings.firstCluster(media);
        byte[] filler = Mkv.element(Mkv.VOID, new byte[size - 4]); // a 3-byte size field below 2 MiB
        assertEquals(size, filler.length);
        return Mkv.concat(Arrays.copyOf(media, at), filler, Arrays.copyOfRange(media, at, media.length));
    }
}
