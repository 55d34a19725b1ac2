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

    /** What a CPU window measured: the relay's CPU-s (JVM + ffmpeg), its length and its stream-minutes of media. */
    record Window(double cpu, double seconds, double streamMinutes) {

        /** The CPU-s beyond what the idle server spends over the same time (GC, timers, the relay's beat). */
        double aboveIdle(double idleCores) {
            return cpu - idleCores * seconds;
        }
    }

    /**
     * CPU-s one more stream-minute of live media costs: a run of long streams' CPU less the idle server's over its
     * window, per stream-minute. The idle server's CPU is paid whether N streams are live or fewer, so a rate that
     * kept it would charge it to the media.
     */
    static double marginalPerStreamMinute(Window longRun, double idleCores) {
        if (!(longRun.streamMinutes() > 0) || !(idleCores >= 0) || Double.isNaN(longRun.cpu())) {
            return Double.NaN;
        }
        return longRun.aboveIdle(idleCores) / longRun.streamMinutes();
    }

    /**
     * CPU-s one stream costs to start and end: a window of short streams cost its CPU for the idle server over its
     * length, for its stream-minutes of media at the marginal rate ({@link #marginalPerStreamMinute}), and for
     * {@code cycles} streams started and ended; the last part, per stream, is the answer. The long run's whole rate
     * holds the idle server's CPU spread over N live streams; a window of short streams has fewer live at a time
     * (each tab spends part of its time starting and ending), so that rate would price the idle part as media.
     */
    static double startEndPerStream(Window shortRun, double cycles, double idleCores, double marginalPerStreamMinute) {
        if (!(cycles > 0) || !(idleCores >= 0) || Double.isNaN(shortRun.cpu())
                || Double.isNaN(shortRun.streamMinutes()) || Double.isNaN(marginalPerStreamMinute)) {
            return Double.NaN;
        }
        return (shortRun.aboveIdle(idleCores) - marginalPerStreamMinute * shortRun.streamMinutes()) / cycles;
    }
}
