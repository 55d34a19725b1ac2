package io.liverelay.bench;

/**
 * The sums behind the report's comparisons (issue 14): ours against the naive relay, the cost of each further
 * destination, and what starting and ending one stream costs. NaN when an input is missing or meaningless, so
 * that the report prints "–" rather than a number it did not measure.
 */
final class CostComparison {

    private CostComparison() {
    }

    /** ours / naive, both in CPU-s per stream-minute. */
    static double ratio(double ours, double naive) {
        if (!(naive > 0) || !(ours >= 0)) {
            return Double.NaN;
        }
        return ours / naive;
    }

    /** (cost with k destinations − cost with one) / (k − 1): what each destination past the first adds. */
    static double perExtraDestination(double withOne, double withK, int k) {
        if (k < 2 || Double.isNaN(withOne) || Double.isNaN(withK)) {
            return Double.NaN;
        }
        return (withK - withOne) / (k - 1);
    }

    /**
     * CPU-s one stream costs to start and end: a window of short streams cost {@code windowCpu} for
     * {@code streamMinutes} of media and {@code cycles} streams started and ended; live media costs what a run of
     * long streams at the same N measured ({@code livePerStreamMinute}); the rest is the streams' starts and ends.
     */
    static double startEndPerStream(double windowCpu, double streamMinutes, double cycles,
            double livePerStreamMinute) {
        if (!(cycles > 0) || Double.isNaN(windowCpu) || Double.isNaN(streamMinutes)
                || Double.isNaN(livePerStreamMinute)) {
            return Double.NaN;
        }
        return (windowCpu - livePerStreamMinute * streamMinutes) / cycles;
    }
}
