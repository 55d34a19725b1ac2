package io.liverelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void startAndEndIsWhatTheWindowCostBeyondItsMedia() {
        // 40 tabs of 12 s streams over a 60 s window: 38 stream-minutes of media, 180 streams started and ended;
        // live media costs 1.0 CPU-s per stream-minute, the window cost 38 + 180 × 0.47
        double window = 38 * 1.0 + 180 * 0.47;

        assertEquals(0.47, CostComparison.startEndPerStream(window, 38, 180, 1.0), 1e-9);
    }

    @Test
    void noStartAndEndCostWithoutStreamsOrALongRun() {
        assertTrue(Double.isNaN(CostComparison.startEndPerStream(10, 5, 0, 1.0)));
        assertTrue(Double.isNaN(CostComparison.startEndPerStream(10, 5, 12, Double.NaN)));
    }
}
