package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on one stream for ten seconds, so that it never rots: its own Payara Micro with the
 * packaged WAR, its own nginx-rtmp. Asserts that every number was measured, never what it is. The second test
 * does the same for issue 14's parts: the naive relay, two destinations, and short streams restarted.
 */
class BenchmarkSmokeIT {

    @Test
    void oneStreamForTenSecondsGivesACompleteReport(@TempDir Path dir) throws Exception {
        var settings = new BenchSettings(Map.of(Mode.PASSTHROUGH, List.of(1)), 10, Duration.ofMillis(100),
                Duration.ZERO, true, 0, 0, false, dir, List.of("-Xmx512m"), "BenchmarkSmokeIT");

        Benchmark.Outcome outcome = Benchmark.run(settings);

        assertEquals(1, outcome.results().size());
        RunResult run = outcome.results().get(0);
        assertTrue(run.failures().isEmpty(), () -> "harness failures: " + run.failures());
        assertEquals(1, run.completed(), "the stream ran to the end without an error");
        assertEquals(40, run.chunksPlanned());
        assertEquals(run.chunksPlanned(), run.chunksSent());
        assertEquals(1, run.startToStarted().count(), "started arrived");
        assertEquals(1, run.startToPicture().count(), "a picture reached nginx-rtmp");
        assertTrue(run.lag().count() >= 10, () -> "lag sampled while streaming: " + run.lag());
        assertTrue(run.cpu().wallSeconds() > 0.5, () -> "a CPU window: " + run.cpu());
        assertTrue(run.cpu().jvm() > 0, () -> "JVM CPU: " + run.cpu());
        assertEquals(1, run.cpu().ffmpegCount(), () -> "one relay ffmpeg during the window: " + run.cpu());
        assertTrue(run.cpu().ffmpeg() > 0, () -> "ffmpeg CPU: " + run.cpu());
        assertTrue(!run.cpu().jvmThreadGroups().isEmpty(), "JVM CPU by thread");
        assertTrue(run.jvmRssKib() > 0 && run.ffmpegRssMaxKib() > 0, "RSS of the JVM and of ffmpeg");
        assertTrue(run.heapIdleKib() > 0 && run.heapLiveKib() > 0, "heap after GC, idle and live");
        assertEquals(0, run.leftoverFfmpegs(), "no ffmpeg outlived its stream");

        String report = Files.readString(outcome.report());
        assertTrue(report.contains("### passthrough"), report);
        assertTrue(report.contains("\n| 1 | "), report);
        assertTrue(report.contains("Verdict against the targets"), report);
    }

    /** Two and a half minutes: run on request ({@code -Dbench.smoke.full=true}), not in every build. */
    @Test
    @EnabledIfSystemProperty(named = "bench.smoke.full", matches = "true")
    void theNaiveRelayAndTwoDestinationsWithShortStreamsGiveACompleteReport(@TempDir Path dir) throws Exception {
        Map<Mode, List<Integer>> sweep = new LinkedHashMap<>();
        sweep.put(Mode.NAIVE, List.of(1));
        sweep.put(Mode.PASSTHROUGH_2DEST, List.of(1));
        var settings = new BenchSettings(sweep, 10, Duration.ofMillis(100), Duration.ZERO, true, 0, 0, false, dir,
                List.of("-Xmx512m"), "BenchmarkSmokeIT", BenchSettings.Stress.NONE, 5);

        Benchmark.Outcome outcome = Benchmark.run(settings);

        assertEquals(4, outcome.results().size(), "each mode: the run, then the run of short streams");
        for (RunResult run : outcome.results()) {
            String what = run.mode().id + (run.shortStreams() ? " short" : "");
            assertTrue(run.failures().isEmpty(), () -> what + ": harness failures: " + run.failures());
            assertTrue(run.completed() >= 1 && run.completed() == run.streamsRun(),
                    () -> what + ": every stream ran to the end without an error: " + run);
            assertTrue(run.startToPicture().count() >= 1, () -> what + ": a picture reached every destination");
            assertTrue(run.lag().count() >= 4, () -> what + ": lag sampled while streaming: " + run.lag());
            assertTrue(run.cpu().jvm() > 0 && run.cpu().ffmpeg() > 0, () -> what + ": JVM and ffmpeg CPU: "
                    + run.cpu());
            assertTrue(run.streamMinutes() > 0, () -> what + ": stream-minutes in the window");
            assertEquals(0, run.leftoverFfmpegs(), () -> what + ": no ffmpeg outlived its stream");
        }
        RunResult naive = outcome.results().get(0);
        assertEquals(Mode.NAIVE, naive.mode());
        assertEquals(1, naive.cpu().ffmpegCount(), "the naive relay's one ffmpeg, a child of its JVM");
        RunResult brief = outcome.results().get(1);
        assertTrue(brief.shortStreams() && brief.streamsRun() >= 2, () -> "streams restarted: " + brief);
        assertTrue(brief.streamCycles() > 0, () -> "starts or ends inside the window: " + brief);
        assertTrue(brief.serverIdleCores() >= 0, () -> "the idle server measured before the runs: " + brief);

        String report = Files.readString(outcome.report());
        assertTrue(report.contains("### naive"), report);
        assertTrue(report.contains("### passthrough-2dest"), report);
        assertTrue(report.contains("Short streams: 5 s each"), report);
        assertTrue(report.contains("### Cost per destination"), report);
        assertTrue(report.contains("### Starting and ending a stream"), report);
        // every column of the start + end rows was measured: the idle server, the long run's rates, the shares
        String n = "-?\\d+\\.\\d{2}";
        for (String mode : List.of("naive", "passthrough-2dest")) {
            Pattern row = Pattern.compile(Pattern.quote("| " + mode + " | 1 | 5 | ") + "\\d+\\.\\d{3} \\| " + n + " / "
                    + n + "( \\| " + n + "){3} \\| \\*\\*" + n + "\\*\\* \\|");
            assertTrue(row.matcher(report).find(), () -> mode + ": a start + end row with every number\n" + report);
        }
    }
}
