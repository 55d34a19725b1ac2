package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import io.liverelay.ffmpeg.entity.StreamConfig;
import io.liverelay.testsupport.MediaFixtures;
import io.liverelay.testsupport.ProcessResult;
import io.liverelay.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The relay measures each pause itself, with its own clock: here a clock the test moves. */
class StreamPauseTest {

    private static final Destination DESTINATION = new Destination(URI.create("rtmp://127.0.0.1/live/k"), "k");
    private static final int CHUNK = 16 * 1024;
    private static final long CHUNK_SPAN_NANOS = 100_000_000;
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void eachPauseAddsTheTimeFromPauseToResume() {
        StreamPause pause = matroska();

        pause.pause();
        now.addAndGet(3_000_000_000L);
        pause.resume();
        now.addAndGet(10_000_000_000L); // live again: not counted
        pause.pause();
        now.addAndGet(1_500_000_000L);
        assertTrue(pause.paused());
        pause.resume();

        assertFalse(pause.paused());
        assertEquals(4_500_000_000L, pause.shiftNanos());
    }

    @Test
    void aSecondPauseOrAResumeWithoutPauseChangesNothing() {
        StreamPause pause = matroska();

        pause.resume();
        pause.pause();
        now.addAndGet(2_000_000_000L);
        pause.pause(); // the first one counts
        now.addAndGet(1_000_000_000L);
        pause.resume();
        pause.resume();

        assertEquals(3_000_000_000L, pause.shiftNanos());
    }

    @Test
    void mp4KeepsTheRecordersClockAndItsBytes() {
        StreamPause pause = new StreamPause("s", new StreamConfig(DESTINATION, "video/mp4;codecs=avc1,mp4a.40.2",
                30, 48000, 128000, 2_500_000), now::get);
        byte[] chunk = {0, 0, 0, 24, 'f', 't', 'y', 'p'};

        pause.pause();
        now.addAndGet(3_000_000_000L);
        pause.resume();

        assertEquals(0, pause.shiftNanos());
        assertSame(chunk, pause.media(chunk));
    }

    /** Chromium's recording (clusters of unknown size) and ffmpeg's live Matroska (clusters of known size). */
    static Stream<Path> recordings() throws IOException {
        Path chromium = Path.of("target", "chromium-paused.mkv");
        try (InputStream in = StreamPauseTest.class.getResourceAsStream(
                "/io/liverelay/media/control/chromium-paused.mkv")) {
            Files.copy(in, chromium, StandardCopyOption.REPLACE_EXISTING);
        }
        return Stream.of(chromium, MediaFixtures.h264Opus().path());
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void aRecordingCutInsideABlockIsFollowedByTheNewOneAndFfmpegDecodesBoth(Path recording, @TempDir Path dir)
            throws IOException {
        byte[] media = Files.readAllBytes(recording);
        int cut = media.length / 2; // the connection drops: the last chunk ended there
        StreamPause pause = matroska();
        var out = new ByteArrayOutputStream();

        feed(pause, Arrays.copyOf(media, cut), out);
        byte[] firstPart = out.toByteArray();
        assertTrue(pause.canContinue());
        pause.continueWithNewRecording();
        now.addAndGet(2_000_000_000L);
        feed(pause, media, out); // the new recorder's whole file, header and all

        assertTrue(pause.mediaChanged().isEmpty());
        Path spliced = dir.resolve("spliced.mkv");
        Files.write(spliced, out.toByteArray());
        Path frames = dir.resolve("frames.txt");
        ProcessResult decoded = Tools.run(Duration.ofSeconds(120), List.of(Tools.ffmpeg().toString(), "-v", "error",
                "-nostdin", "-i", spliced.toString(), "-map", "0", "-fps_mode", "passthrough", "-f", "framemd5",
                frames.toString()));
        assertTrue(decoded.succeeded() && decoded.output().isBlank(), decoded.describe());
        Path first = dir.resolve("first.mkv");
        Files.write(first, firstPart);
        assertEquals(packets(first) + packets(recording),
                Files.readAllLines(frames).stream().filter(line -> !line.startsWith("#")).count(),
                "a frame for every packet of the first part and of the new recording");
        assertTrue(firstPart.length < cut, "the block the cut fell in was held back, then left out");
        assertArrayEquals(Arrays.copyOf(media, firstPart.length), firstPart, "the first part as it came");
    }

    private void feed(StreamPause pause, byte[] media, ByteArrayOutputStream out) {
        for (int at = 0; at < media.length; at += CHUNK) {
            out.writeBytes(pause.media(Arrays.copyOfRange(media, at, Math.min(media.length, at + CHUNK))));
            now.addAndGet(CHUNK_SPAN_NANOS);
        }
    }

    private static long packets(Path file) {
        ProcessResult probe = Tools.run(Duration.ofSeconds(60), List.of(Tools.ffprobe().toString(), "-v", "error",
                "-show_entries", "packet=stream_index", "-of", "csv=p=0", file.toString())).requireSuccess();
        // a packet's line is its stream index; ffprobe also says that the first part ends inside a cluster
        return probe.output().lines().filter(line -> line.matches("\\d+,?")).count();
    }

    private StreamPause matroska() {
        return new StreamPause("s", new StreamConfig(DESTINATION, "video/x-matroska;codecs=avc1,opus", 30, 48000,
                128000, 2_500_000), now::get);
    }
}
