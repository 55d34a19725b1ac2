package io.liverelay.ffmpeg.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.ffmpeg.entity.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture is real ffmpeg 5.1 output, log and progress on one stream, made with
 * {@code ffmpeg -hide_banner -loglevel level+info -nostats -stats_period 1 -progress pipe:1 -re
 * -f lavfi -i testsrc2=size=320x240:rate=30 -t 3 -c:v libx264 -threads 1 -y -f matroska out.mkv >fixture 2>&1}.
 */
class ProgressParserTest {

    private static final String FIXTURE = "progress-libx264-3s-30fps.txt";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static List<String> lines;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = ProgressParserTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, FIXTURE);
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
        assertEquals(87, lines.size(), "the fixture changed");
    }

    @Test
    void fixtureHasFourBlocksEndingWithAllNinetyFrames() {
        List<Progress> blocks = parseLikeTheSupervisor(lines);

        assertEquals(4, blocks.size());
        assertEquals(List.of(1L, 31L, 61L, 90L), blocks.stream().map(Progress::frames).toList());
        Progress last = blocks.get(3);
        assertAll(
                () -> assertEquals(90, last.frames()),
                () -> assertEquals(29.08, last.fps(), 1e-9),
                () -> assertEquals(2901, last.outTimeMs()),
                () -> assertEquals(0.937, last.speed(), 1e-9),
                () -> assertEquals(NOW, last.at()));
    }

    @Test
    void notApplicableValuesAreZero() {
        Progress first = parseLikeTheSupervisor(lines).get(0);

        assertAll(
                () -> assertEquals(1, first.frames()),
                () -> assertEquals(0.0, first.fps()),
                () -> assertEquals(0.0, first.bitrateKbps()),
                () -> assertEquals(0, first.outTimeMs()),
                () -> assertEquals(0.0, first.speed()));
    }

    @Test
    void logLinesOfTheFixtureAreNotProgress() {
        List<String> log = lines.stream().filter(l -> l.startsWith("[")).toList();

        assertEquals(39, log.size());
        for (String line : log) {
            assertFalse(ProgressParser.isProgressLine(line), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "frame=   90 fps= 29 q=29.0 Lsize=     107kB time=00:00:02.90 bitrate= 301.1kbits/s speed=0.937x",
        "Press [q] to stop, [?] for help",
        "  Duration: N/A, start: 0.000000, bitrate: N/A",
        "encoder=Lavf59.27.100",
        "Frame=90",
        "frame",
        "=90",
        ""})
    void otherLinesAreNotProgress(String line) {
        assertFalse(ProgressParser.isProgressLine(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"frame=90", "fps=29.08", "stream_0_0_q=29.0", "stream_1_0_q=-1.0", "bitrate=N/A",
        "bitrate=2510.3kbits/s", "total_size=109170", "out_time_us=2901000", "out_time_ms=2901000",
        "out_time=00:00:02.901000", "dup_frames=0", "drop_frames=0", "speed=0.937x", "speed=N/A",
        "progress=continue", "progress=end"})
    void progressLinesAreProgress(String line) {
        assertTrue(ProgressParser.isProgressLine(line));
    }

    @Test
    void unitsAreStripped() {
        Progress progress = parse(List.of("frame=1234", "fps=30.00", "stream_0_0_q=23.0",
                "bitrate=2510.3kbits/s", "total_size=12900000", "out_time_us=41133000", "out_time_ms=41133000",
                "out_time=00:00:41.133000", "dup_frames=0", "drop_frames=0", "speed=1.01x", "progress=continue"))
                .get(0);

        assertAll(
                () -> assertEquals(1234, progress.frames()),
                () -> assertEquals(30.0, progress.fps()),
                () -> assertEquals(2510.3, progress.bitrateKbps(), 1e-9),
                () -> assertEquals(41133, progress.outTimeMs()),
                () -> assertEquals(1.01, progress.speed(), 1e-9));
    }

    @Test
    void eachBlockStandsAlone() {
        List<Progress> blocks = parse(List.of("frame=10", "bitrate=800.0kbits/s", "speed=1.00x",
                "progress=continue", "frame=20", "progress=continue"));

        assertEquals(2, blocks.size());
        assertEquals(20, blocks.get(1).frames());
        assertEquals(0.0, blocks.get(1).bitrateKbps());
        assertEquals(0.0, blocks.get(1).speed());
    }

    @Test
    void onlyTheProgressLineClosesABlock() {
        ProgressParser parser = new ProgressParser(Clock.fixed(NOW, ZoneOffset.UTC));

        assertTrue(parser.accept("frame=5").isEmpty());
        assertTrue(parser.accept("speed=1x").isEmpty());
        assertEquals(5, parser.accept("progress=end").orElseThrow().frames());
    }

    @Test
    void paddedValuesAsFfmpegWritesThemAreParsed() {
        List<Progress> blocks = parseLikeTheSupervisor(lines);

        assertTrue(ProgressParser.isProgressLine("bitrate= 301.1kbits/s"));
        assertTrue(ProgressParser.isProgressLine("speed=   1x"));
        assertEquals(8.0, blocks.get(2).bitrateKbps(), 1e-9);
        assertEquals(301.1, blocks.get(3).bitrateKbps(), 1e-9);
        List<String> progressLines = lines.stream().filter(l -> !l.startsWith("[")).toList();
        assertTrue(progressLines.stream().allMatch(ProgressParser::isProgressLine), progressLines.toString());
    }

    /** As FfmpegProcess does: only lines that look like progress reach the parser. */
    private static List<Progress> parseLikeTheSupervisor(List<String> output) {
        return parse(output.stream().filter(ProgressParser::isProgressLine).toList());
    }

    private static List<Progress> parse(List<String> progressLines) {
        ProgressParser parser = new ProgressParser(Clock.fixed(NOW, ZoneOffset.UTC));
        List<Progress> blocks = new ArrayList<>();
        for (String line : progressLines) {
            parser.accept(line).ifPresent(blocks::add);
        }
        return blocks;
    }
}
