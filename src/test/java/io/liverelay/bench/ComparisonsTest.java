package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.bench.CpuSnapshot.CpuUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's comparisons from made-up runs: which rows appear, and the sums in them. */
class ComparisonsTest {

    @Test
    void ourRatioToTheNaiveRelayAtEachNBothRan() {
        String md = render(run(Mode.PASSTHROUGH, 10, 0, 60, 1.2, 0.72), run(Mode.NAIVE, 10, 0, 60, 1.0, 1.0),
                run(Mode.PASSTHROUGH, 20, 0, 60, 0.6, 0.9));

        assertTrue(md.contains("### Ours against the naive relay"), md);
        // ours (1.2 + 0.72) / 10 streams / 1 minute = 0.192 against 0.2: 0.96×
        assertTrue(md.contains("| 10 | 60 s, the whole run | 0.12 / 0.07 / **0.19** | 0.10 / 0.10 / **0.20** "
                + "| **0.96×**"), md);
        assertFalse(md.contains("| 20 | 60 s, the whole run | 0.06"), "no naive run at N=20: no row\n" + md);
    }

    @Test
    void noComparisonWithoutTheFloor() {
        assertFalse(render(run(Mode.PASSTHROUGH, 10, 0, 60, 1, 1)).contains("naive relay"));
    }

    @Test
    void eachDestinationsAddedCost() {
        String md = render(run(Mode.PASSTHROUGH, 10, 0, 60, 5, 5), run(Mode.PASSTHROUGH_2DEST, 10, 0, 60, 6, 5),
                run(Mode.PASSTHROUGH_3DEST, 10, 0, 60, 6, 7));

        assertTrue(md.contains("### Cost per destination"), md);
        assertTrue(md.contains("| 10 | 60 s, the whole run | 1 | 0.50 / 0.50 / **1.00** | – | – |"), md);
        assertTrue(md.contains("| 10 | 60 s, the whole run | 2 | 0.60 / 0.50 / **1.10** | 0.10 | 0.10 |"), md);
        assertTrue(md.contains("| 10 | 60 s, the whole run | 3 | 0.60 / 0.70 / **1.30** | 0.30 | 0.15 |"), md);
    }

    @Test
    void whatAStreamsStartAndEndCost() {
        // the idle server 0.05 cores: 3 CPU-s of each 60 s window. Long: 10 CPU-s for 10 stream-minutes, 1.00 per
        // stream-minute, of it 0.70 the media's; short: 12 CPU-s, 3 idle, 10 stream-minutes × 0.70, 20 streams:
        // (12 − 3 − 7) / 20 = 0.10 each
        RunResult brief = run(Mode.PASSTHROUGH, 10, 12, 60, 7, 5);
        String md = render(run(Mode.PASSTHROUGH, 10, 0, 60, 5, 5), brief, run(Mode.NAIVE, 10, 0, 60, 4, 4),
                run(Mode.NAIVE, 10, 12, 60, 4, 5));

        assertTrue(md.contains("### Starting and ending a stream"), md);
        assertTrue(md.contains("| passthrough | 10 | 12 | 0.050 | 1.00 / 0.70 | 0.60 | 0.15 | 0.35 | **0.10** |"), md);
        // naive: 8 CPU-s long, 0.50 per stream-minute of media; 9 CPU-s short: (9 − 3 − 5) / 20 = 0.05
        assertTrue(md.contains("| naive | 10 | 12 | 0.050 | 0.80 / 0.50 | 0.45 | 0.15 | 0.25 | **0.05** |"), md);
        assertTrue(md.contains("At N=10: starting and ending a stream costs ours 0.10 CPU-s, the naive relay 0.05 "
                + "(2.00×)."), md);
        assertTrue(md.contains("| 10 | 12 s, back to back |"), "short streams are compared with the floor too\n" + md);
    }

    private static String render(RunResult... runs) {
        var md = new StringBuilder();
        Comparisons.render(md, List.of(runs));
        return md.toString();
    }

    // a run whose window lasted 60 s on a server idle at 0.05 cores; a short one sent 10 stream-minutes of media
    // and ran 20 streams in it
    private static RunResult run(Mode mode, int n, int streamSeconds, int seconds, double jvm, double ffmpeg) {
        double window = 60;
        var cpu = new CpuUsage(window, jvm, 0, ffmpeg, 0, 0, 0, 2 * window, n * mode.destinations, Map.of());
        double minutes = streamSeconds > 0 ? 10 : RunResult.streamMinutes(n, window);
        double cycles = streamSeconds > 0 ? 20 : 0;
        return new RunResult(mode, n, seconds, n, n, 240L * n, 240L * n, 0, Map.of(), List.of(), Summary.NONE,
                Summary.NONE, Summary.NONE, cpu, 0, 0.05, 0, 0, 0, 0, 0, 0, List.of(), Map.of(), null, 0, 0, 0,
                streamSeconds, n, minutes, cycles);
    }
}
