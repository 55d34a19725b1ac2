package io.liverelay.media.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The clock on real recordings, cut at random places as the network cuts them: Chromium's own recording with a
 * pause (clusters of unknown size, as Chrome writes them) and ffmpeg's live Matroska and WebM (clusters of known
 * size). ffprobe reads what comes out.
 */
class ClusterClockTest {

    private static final long SECOND = 1_000_000_000L;

    static Stream<Path> recordings() throws IOException {
        return Stream.of(chromium(), MediaFixtures.h264Opus().path(), MediaFixtures.vp8Opus().path());
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void withoutAPauseEveryByteGoesThroughUnchanged(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        for (long seed = 1; seed <= 4; seed++) {
            ClusterClock clock = new ClusterClock();

            assertArrayEquals(media, feed(clock, media, seed, -1, 0), "seed " + seed);
            assertFalse(clock.failed());
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void afterAPauseEveryPacketIsLaterByThePauseFromOneClusterOn(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        List<Packet> before = packets(media);
        for (long seed = 1; seed <= 3; seed++) {
            ClusterClock clock = new ClusterClock();
            byte[] shifted = feed(clock, media, seed, media.length / 2, 3 * SECOND);

            assertFalse(clock.failed(), "seed " + seed);
            assertShiftedFromOnePacketOn(before, packets(shifted), 3.0);
        }
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void aTimestampThatOutgrowsItsBytesIsWrittenWider(Path recording) throws IOException {
        byte[] media = Files.readAllBytes(recording);
        ClusterClock clock = new ClusterClock();
        // 70 s: cluster timestamps go from two bytes (ms below 65.5 s) to three
        byte[] shifted = feed(clock, media, 7, media.length / 3, 70 * SECOND);

        assertFalse(clock.failed());
        assertTrue(shifted.length > media.length, "some heads grew");
        assertShiftedFromOnePacketOn(packets(media), packets(shifted), 70.0);
    }

    @Test
    void aSegmentOfKnownSizeIsLeftAloneWhenAHeadWouldHaveToGrow() throws IOException {
        // a recording written to a file that could seek back: the segment states its size, which a wider head breaks
        Path sized = Files.createTempDirectory("sized").resolve("sized.mkv");
        Tools.run(Duration.ofSeconds(60), List.of(Tools.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-i", MediaFixtures.h264Opus().path().toString(), "-c", "copy", "-t", "2", sized.toString()))
                .requireSuccess();
        byte[] media = Files.readAllBytes(sized);
        ClusterClock clock = new ClusterClock();

        byte[] out = feed(clock, media, 3, 0, 3 * SECOND);

        assertTrue(clock.failed(), "the first cluster's 0 ms needs a second byte at 3000 ms");
        assertArrayEquals(media, out, "nothing is lost or half changed");
    }

    /** Feeds {@code media} in random chunks; {@code shiftAt}: the byte before which the pause's shift is added. */
    private static byte[] feed(ClusterClock clock, byte[] media, long seed, int shiftAt, long shiftNanos) {
        Random random = new Random(seed);
        var out = new ByteArrayOutputStream(media.length + 1024);
        int offset = 0;
        boolean shifted = shiftAt < 0;
        while (offset < media.length) {
            int end = Math.min(media.length, offset + 1 + random.nextInt(random.nextBoolean() ? 9 : 60_000));
            if (!shifted && end > shiftAt) {
                end = Math.max(shiftAt, offset + 1);
            }
            out.writeBytes(clock.feed(Arrays.copyOfRange(media, offset, end)));
            offset = end;
            if (!shifted && offset >= shiftAt) {
                clock.shift(shiftNanos);
                shifted = true;
            }
        }
        return out.toByteArray();
    }

    private record Packet(int stream, double pts) {
    }

    private static List<Packet> packets(byte[] media) throws IOException {
        Path file = Files.createTempFile("clock", ".mkv");
        try {
            Files.write(file, media);
            ProcessResult probe = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffprobe().toString(), "-v", "error",
                    "-show_entries", "packet=stream_index,pts_time", "-of", "csv=p=0", file.toString()));
            probe.requireSuccess();
            List<Packet> packets = new ArrayList<>();
            for (String line : probe.output().strip().split("\n")) {
                String[] fields = line.split(",");
                packets.add(new Packet(Integer.parseInt(fields[0]), Double.parseDouble(fields[1])));
            }
            return packets;
        } finally {
            Files.delete(file);
        }
    }

    /** The same packets in the same order; each either as it was or later by exactly {@code seconds}, a switch once. */
    private static void assertShiftedFromOnePacketOn(List<Packet> before, List<Packet> after, double seconds) {
        assertEquals(before.size(), after.size(), "every packet arrives");
        int firstShifted = -1;
        for (int i = 0; i < before.size(); i++) {
            double delta = after.get(i).pts() - before.get(i).pts();
            assertEquals(before.get(i).stream(), after.get(i).stream());
            boolean moved = Math.abs(delta - seconds) < 0.0015;
            assertTrue(moved || Math.abs(delta) < 0.0015, "packet " + i + " moved by " + delta);
            if (moved && firstShifted < 0) {
                firstShifted = i;
            }
            assertTrue(firstShifted < 0 || moved, "packet " + i + " went back after the shift began at " + firstShifted);
        }
        assertTrue(firstShifted > 0, "the shift applies from a packet in the middle on: " + firstShifted);
    }

    private static Path chromium() throws IOException {
        Path file = Path.of("target", "chromium-paused.mkv");
        try (InputStream in = ClusterClockTest.class.getResourceAsStream("chromium-paused.mkv")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
