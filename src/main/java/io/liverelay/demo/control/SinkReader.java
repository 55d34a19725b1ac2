package io.liverelay.demo.control;

import io.liverelay.demo.entity.SinkStatus;
import io.liverelay.ffmpeg.control.ProgressParser;
import io.liverelay.ffmpeg.entity.Progress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the demo sink (bin/run) left in its directory: {@code sink.log} (ffmpeg's log, appended per
 * stream), {@code sink-progress.txt} (its {@code -progress} report, rewritten per stream) and
 * {@code preview.jpg}. Only the tail of the log is read, so a long demo session costs nothing more.
 */
@ApplicationScoped
public class SinkReader {

    static final String LOG = "sink.log";
    static final String PROGRESS = "sink-progress.txt";
    static final String PICTURE = "preview.jpg";
    private static final int LOG_TAIL_BYTES = 64 * 1024;
    /** The sink reports once a second; three missed reports mean nothing arrives. */
    private static final Duration FRESH = Duration.ofSeconds(3);
    /** Reports (one a second) that the frame rate is counted over. */
    private static final int RATE_WINDOW = 5;

    private final Clock clock;

    public SinkReader() {
        this(Clock.systemUTC());
    }

    SinkReader(Clock clock) {
        this.clock = clock;
    }

    public SinkStatus read(Path dir) {
        SinkLog log = SinkLog.parse(tail(dir.resolve(LOG)));
        Optional<Instant> pictureAt = modified(dir.resolve(PICTURE));
        Path progressFile = dir.resolve(PROGRESS);
        String report = readQuietly(progressFile);
        List<Progress> reports = progress(report);
        boolean ended = report.strip().endsWith("progress=end");
        boolean fresh = modified(progressFile)
                .map(at -> Duration.between(at, clock.instant()).compareTo(FRESH) < 0).orElse(false);
        if (reports.isEmpty() || ended || !fresh) {
            return SinkStatus.waiting(log.video(), log.audio(), pictureAt);
        }
        Progress last = last(reports);
        return new SinkStatus(SinkStatus.State.RECEIVING, log.video(), log.audio(), last.frames(),
                frameRate(reports), last.bitrateKbps(), last.outTimeMs() / 1000.0, last.speed(), pictureAt);
    }

    /** The blocks of a progress report, in order. */
    static List<Progress> progress(String report) {
        List<Progress> blocks = new ArrayList<>();
        var parser = new ProgressParser(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        for (String line : report.split("\\R")) {
            parser.accept(line.trim()).ifPresent(blocks::add);
        }
        return blocks;
    }

    /**
     * Frames per second of media over the last few reports (a single second is jumpy: a copied stream arrives
     * in bursts at its start), else over the whole stream.
     */
    static double frameRate(List<Progress> reports) {
        Progress last = last(reports);
        Progress before = reports.get(Math.max(0, reports.size() - 1 - RATE_WINDOW));
        long media = last.outTimeMs() - before.outTimeMs();
        if (media > 0) {
            return (last.frames() - before.frames()) * 1000.0 / media;
        }
        return last.outTimeMs() > 0 ? last.frames() * 1000.0 / last.outTimeMs() : 0;
    }

    private static Progress last(List<Progress> reports) {
        return reports.get(reports.size() - 1);
    }

    private static String tail(Path file) {
        try (var in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return ""; // rewritten as we read it: the next poll gets it whole
        }
    }

    private static Optional<Instant> modified(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.getLastModifiedTime(file).toInstant()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
