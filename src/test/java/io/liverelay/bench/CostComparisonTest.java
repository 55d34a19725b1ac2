package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.bench.CostComparison.Window;
import org.junit.jupiter.api.Test;

class CostComparisonTest {

    @Test
    void theRatioIsOursOverTheNaiveRelays() {
        assertEquals(0.96, CostComparison.ratio(1.92, 2.0), 1e-9);
        assertEquals(1.37, CostComparison.ratio(2.74, 2.0), 1e-9);
    }

    @Test
    void noRatioWithoutAFloor() {
        assertTrue(Double.isNaN(CostComparison.ratio(1.0, 0.0)));
        assertTrue(Double.isNaN(CostComparison.ratio(1.0, Double.NaN)));
        assertTrue(Double.isNaN(CostComparison.ratio(Double.NaN, 1.0)));
    }

    @Test
    void eachFurtherDestinationAddsItsShare() {
        assertEquals(0.10, CostComparison.perExtraDestination(1.00, 1.10, 2), 1e-9);
        assertEquals(0.15, CostComparison.perExtraDestination(1.00, 1.30, 3), 1e-9);
        assertTrue(Double.isNaN(CostComparison.perExtraDestination(1.00, 1.00, 1)), "one destination adds nothing");
        assertTrue(Double.isNaN(CostComparison.perExtraDestination(Double.NaN, 1.30, 3)), "without K = 1");
    }

    @Test
    void theMarginalRateLeavesTheIdleServerOut() {
        // 10 streams for 60 s: 10 stream-minutes, 40 CPU-s, 30 of them the idle server's 0.5 cores
        assertEquals(1.0, CostComparison.marginalPerStreamMinute(new Window(40, 60, 10), 0.5), 1e-9);
        assertEquals(4.0, CostComparison.marginalPerStreamMinute(new Window(40, 60, 10), 0), 1e-9);
    }

    @Test
    void startAndEndIsWhatTheWindowCostBeyondTheIdleServerAndItsMedia() {
        // 40 tabs of 12 s streams over a 60 s window: 38 stream-minutes of media, 180 streams started and ended;
        // the idle server 0.05 cores, live media 1.0 CPU-s per stream-minute: 3 + 38 + 180 × 0.47
        double window = 0.05 * 60 + 38 * 1.0 + 180 * 0.47;

        assertEquals(0.47, CostComparison.startEndPerStream(new Window(window, 60, 38), 180, 0.05, 1.0), 1e-9);
    }

    @Test
    void theIdleServerIsNotAStreamsStartAndEnd() {
        // idle 0.5 cores; long: 10 streams for 60 s cost 40 CPU-s, 30 idle, so 1.0 per stream-minute of media;
        // short: 60 s, 8 stream-minutes, 40 streams: 30 idle + 8 media + 40 × 0.10 = 42 CPU-s. Leaving the idle
        // server in the rate (4.0 per stream-minute) would give (42 − 32) / 40 = 0.25
        double marginal = CostComparison.marginalPerStreamMinute(new Window(40, 60, 10), 0.5);

        assertEquals(0.10, CostComparison.startEndPerStream(new Window(42, 60, 8), 40, 0.5, marginal), 1e-9);
    }

    @Test
    void theLastRunsNegativeResultIsNotTheIdleServersShare() {
        // run 3 of 2026-12-03 at N=20 (BENCHMARKS.md), its per-stream figures on a round window: long, 54 s and
        // 18 stream-minutes at 1.43 CPU-s per stream-minute, 25.74 CPU-s; short, 60 s, 90 streams of 0.18 CPU-s
        // (16.2) whose media, 17.64 stream-minutes, priced at 1.43 is 0.28 each: (16.2 − 25.2252) / 90 = −0.10.
        // The idle server is paid over nearly the same time for nearly as many stream-minutes in both windows,
        // so no idle rate lifts it: 16.2 − 60 i − (25.74 − 54 i) / 18 × 17.64 = −9.0252 − 7.08 i
        var longRun = new Window(25.74, 54, 18);
        var shortRun = new Window(16.2, 60, 17.64);
        for (double idle : new double[] {0, 0.02, 0.1, 0.3}) {
            double marginal = CostComparison.marginalPerStreamMinute(longRun, idle);
            assertEquals((-9.0252 - 7.08 * idle) / 90, CostComparison.startEndPerStream(shortRun, 90, idle, marginal),
                    1e-9, "idle " + idle);
        }
    }

    @Test
    void theLastRunIsNoLongerNegativeOnceTheEndedFfmpegsCount() {
        // the same run: its short window read ffmpeg at 0.25 CPU-s per stream-minute against 0.84 in the long one,
        // because the ffmpegs that ended before the window closed were not counted (CpuSnapshot now counts them);
        // their media alone at the long run's ffmpeg rate is (0.84 − 0.25) × 17.64 = 10.4076 CPU-s more. With the
        // idle server at 0.02 cores: marginal (25.74 − 1.08) / 18 = 1.37; start + end at least
        // (26.6076 − 1.2 − 1.37 × 17.64) / 90 = 1.2408 / 90
        double marginal = CostComparison.marginalPerStreamMinute(new Window(25.74, 54, 18), 0.02);
        double counted = 16.2 + (0.84 - 0.25) * 17.64;

        double startEnd = CostComparison.startEndPerStream(new Window(counted, 60, 17.64), 90, 0.02, marginal);

        assertEquals(1.37, marginal, 1e-9);
        assertEquals(1.2408 / 90, startEnd, 1e-9);
        assertTrue(startEnd > 0, "no longer negative: " + startEnd);
    }

    @Test
    void noStartAndEndCostWithoutStreamsALongRunOrTheIdleServer() {
        assertTrue(Double.isNaN(CostComparison.startEndPerStream(new Window(10, 60, 5), 0, 0.02, 1.0)));
        assertTrue(Double.isNaN(CostComparison.startEndPerStream(new Window(10, 60, 5), 12, 0.02, Double.NaN)));
        assertTrue(Double.isNaN(CostComparison.startEndPerStream(new Window(10, 60, 5), 12, Double.NaN, 1.0)),
                "the idle server was not measured");
        assertTrue(Double.isNaN(CostComparison.marginalPerStreamMinute(new Window(10, 60, 0), 0.02)));
    }
}
