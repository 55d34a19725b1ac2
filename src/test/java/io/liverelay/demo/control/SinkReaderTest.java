package io.liverelay.demo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.demo.entity.SinkStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkReaderTest {

    static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    static final String TWO_BLOCKS = """
            frame=90
            fps=30.00
            bitrate=2510.3kbits/s
            out_time_us=3000000
            speed=1.00x
            progress=continue
            frame=120
            fps=30.00
            bitrate=2490.0kbits/s
            out_time_us=4000000
            speed=1.01x
            progress=continue
            """;

    @TempDir
    Path dir;

    final SinkReader reader = new SinkReader(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFreshReportMeansReceiving() throws IOException {
        write(SinkReader.LOG, SinkLogTest.LOG, NOW);
        write(SinkReader.PROGRESS, TWO_BLOCKS, NOW.minusSeconds(1));
        write(SinkReader.PICTURE, "jpeg", NOW.minusMillis(500));

        SinkStatus status = reader.read(dir);

        assertEquals(SinkStatus.State.RECEIVING, status.state());
        assertEquals(120, status.frames());
        assertEquals(30.0, status.fps(), 0.01, "30 frames in the last second of media");
        assertEquals(2490.0, status.bitrateKbps(), 0.01);
        assertEquals(4.0, status.seconds(), 0.001);
        assertEquals(1280, status.video().orElseThrow().width());
        assertEquals(NOW.minusMillis(500), status.pictureAt().orElseThrow());
    }

    @Test
    void anEndedStaleOrEmptyReportMeansWaitingWithTheLastStreamDescribed() throws IOException {
        write(SinkReader.LOG, SinkLogTest.LOG, NOW);
        write(SinkReader.PROGRESS, TWO_BLOCKS.replace("1.01x\nprogress=continue", "1.01x\nprogress=end"), NOW);
        assertEquals(SinkStatus.State.WAITING, reader.read(dir).state());

        write(SinkReader.PROGRESS, TWO_BLOCKS, NOW.minusSeconds(10));
        assertEquals(SinkStatus.State.WAITING, reader.read(dir).state());

        write(SinkReader.PROGRESS, "", NOW);
        SinkStatus waiting = reader.read(dir);
        assertEquals(SinkStatus.State.WAITING, waiting.state());
        assertEquals("h264", waiting.video().orElseThrow().codec(), "the last stream is still described");
    }

    @Test
    void anEmptyDirectoryMeansWaitingForTheFirstStream() {
        SinkStatus status = reader.read(dir);

        assertEquals(SinkStatus.State.WAITING, status.state());
        assertTrue(status.video().isEmpty());
        assertTrue(status.pictureAt().isEmpty());
    }

    @Test
    void theFrameRateIsCountedOverTheLastFiveReports() {
        StringBuilder report = new StringBuilder("frame=100\nout_time_us=1000000\nprogress=continue\n");
        for (int second = 2; second <= 7; second++) {
            report.append("frame=").append(100 + (second - 1) * 30).append("\nout_time_us=").append(second * 1_000_000L)
                    .append("\nprogress=continue\n");
        }

        assertEquals(30.0, SinkReader.frameRate(SinkReader.progress(report.toString())), 0.001,
                "the burst of 100 frames in the first second is left out");
    }

    @Test
    void theFrameRateOfASingleReportIsTheAverage() {
        var reports = SinkReader.progress("frame=50\nout_time_us=2000000\nprogress=continue\n");

        assertEquals(25.0, SinkReader.frameRate(reports), 0.001);
    }

    private void write(String name, String content, Instant modified) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
