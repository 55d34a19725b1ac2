package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.Ffprobe;
import io.liverelay.testsupport.Fixture;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.MediaInfo;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scanner on real recorder-like files, cut at random places as the network would cut them. */
class MatroskaScannerTest {

    static Stream<Fixture> fixtures() {
        return Stream.of(MediaFixtures.h264Opus(), MediaFixtures.vp8Opus());
    }

    /** Feeds the file in random chunks; returns the absolute offsets of the clusters found. */
    private static List<Long> scan(MatroskaScanner scanner, byte[] media, long seed) {
        Random random = new Random(seed);
        List<Long> clusters = new ArrayList<>();
        int offset = 0;
        while (offset < media.length) {
            int length = Math.min(media.length - offset, 1 + random.nextInt(random.nextBoolean() ? 7 : 90_000));
            for (int start : scanner.feed(Arrays.copyOfRange(media, offset, offset + length))) {
                clusters.add((long) offset + start);
            }
            offset += length;
        }
        return clusters;
    }

    private static int firstClusterId(byte[] media) {
        for (int i = 0; i + 4 <= media.length; i++) {
            if (media[i] == 0x1F && media[i + 1] == 0x43 && media[i + 2] == (byte) 0xB6 && media[i + 3] == 0x75) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void findsTheHeaderAndEveryClusterWhereverTheChunksAreCut(Fixture fixture) throws Exception {
        byte[] media = Files.readAllBytes(fixture.path());
        for (long seed = 1; seed <= 5; seed++) {
            MatroskaScanner scanner = new MatroskaScanner();
            List<Long> clusters = scan(scanner, media, seed);
            assertFalse(scanner.failed());
            assertTrue(clusters.size() >= 2, "clusters: " + clusters);
            for (long at : clusters) {
                assertArrayEquals(new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75},
                        Arrays.copyOfRange(media, (int) at, (int) at + 4), "cluster id at " + at);
            }
            byte[] header = scanner.header().orElseThrow();
            assertEquals(firstClusterId(media), header.length, "the header ends where the first cluster starts");
            assertArrayEquals(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, Arrays.copyOf(header, 4));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void theHeaderPlusAnyLaterClusterIsMediaFfmpegCanRead(Fixture fixture, @TempDir Path dir) throws Exception {
        byte[] media = Files.readAllBytes(fixture.path());
        MatroskaScanner scanner = new MatroskaScanner();
        List<Long> clusters = scan(scanner, media, 42);
        long resumeAt = clusters.get(clusters.size() / 2);
        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        resumed.write(scanner.header().orElseThrow());
        resumed.write(media, (int) resumeAt, media.length - (int) resumeAt);
        Path file = dir.resolve("resumed." + (fixture.videoCodec().equals("h264") ? "mkv" : "webm"));
        Files.write(file, resumed.toByteArray());

        MediaInfo info = Ffprobe.probe(file);
        assertEquals(fixture.videoCodec(), info.videoCodec());
        assertEquals(1280, info.width());
        assertTrue(info.videoPackets() > 0 && info.videoPackets() < fixture.frameCount(),
                "a resumed stream has the later frames only: " + info.videoPackets());
    }

    @Test
    void somethingThatIsNotMatroskaMakesItGiveUpQuietly() {
        MatroskaScanner scanner = new MatroskaScanner();
        assertEquals(0, scanner.feed("{\"type\":\"start\"}".getBytes()).length);
        assertTrue(scanner.failed());
        assertTrue(scanner.header().isEmpty());
        assertEquals(0, scanner.feed(new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75}).length);
    }
}
